"""What an evaluation produces: statuses, results with their traces, scores, and the report.

These models are the JSON report's contract (``compliance schema`` publishes it). Scores:

* ``score`` = met / applicable, where applicable counts met, partial, gap and unknown rules
  (``not_applicable`` and ``waived`` are left out of both terms);
* ``weighted_score`` = (sum of the weights of met rules + half the weights of partial rules) /
  sum of the weights of applicable rules, with weights blocking 8, high 4, medium 2, low 1.

An unknown rule is never counted as met: missing evidence lowers the score like a gap, and is
listed apart so that the evidence can be sought.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from compliance.i18n import TEXTS, _
from compliance.i18n import title as localised_title
from compliance.models.base import Field, Model
from compliance.models.common import Confidence, Exact, Source, UntranslatedTitle
from compliance.models.mapping import Relation
from compliance.models.ruleset import Provenance, RuleCategory, RuleScope, Severity
from compliance.vocabulary import LANGUAGES, STATUSES, WEIGHTS

Status = Literal[STATUSES]  # type: ignore[valid-type]
DerogationState = Literal["valid", "expires_soon", "expired", "not_started"]
Verdict = Literal["pass", "fail", "unknown"]  # of a minimum-level gate
SCORED: tuple[Status, ...] = ("met", "partial", "gap", "unknown")


class TraceStep(Model):
    """One fact examined while deciding a rule."""

    fact: str = Field(description="Fact path; items of collections are named in brackets.")
    op: str = Field(description="Operator applied (or some/every for a quantifier).")
    expected: Any = Field(default=None, description="Value compared with.")
    actual: Any = Field(default=None, description="Value found in the profile (null: unknown).")
    outcome: bool | None = Field(description="true, false, or null when unknown.")
    sources: list[str] = Field(description="Ids of the profile sources behind the value.")
    note: str | None = Field(default=None, description="How a derived value was obtained.")


class Horizon(Model):
    """The verdict of a rule at a date after the evaluation date."""

    months: int = Field(description="Months after the evaluation date.")
    date: dt.date = Field(description="Date of the horizon.")
    status: Status


class Closing(Model):
    """When a rule that is not met now is expected to become met, and what would do it."""

    date: dt.date = Field(description="First date at which the rule is projected to be met.")
    commitments: list[str] = Field(
        description="Commitments (service: scheme by target date) counted as delivered then."
    )


class CommitmentNote(Model):
    """A dated commitment of the provider, as seen from the evaluation date."""

    service: str
    scheme: str
    version: str | None = None
    target: dt.date
    state: Literal["upcoming", "slipped"] = Field(
        description="slipped: the target passed before the evaluation date without evidence of "
        "delivery; it never counts as delivered."
    )
    source: str

    @classmethod
    def all_of(cls, promised: Any, at: dt.date) -> list[CommitmentNote]:
        """The notes of a profile's commitments (timeline.Commitment), seen from ``at``."""
        return [
            cls(
                service=c.service,
                scheme=c.scheme,
                version=c.version,
                target=c.target,
                source=c.source,
                state="slipped" if c.slipped(at) else "upcoming",
            )
            for c in promised
        ]


class DerogationNote(Model):
    """A derogation of the provider, as seen from the evaluation date."""

    id: str
    title: str
    decision: str
    starts: dt.date
    expires: dt.date
    state: DerogationState = Field(
        description="expires_soon: valid now but ends before the last horizon (or within six "
        "months without horizons)."
    )
    rules: list[str]


class Waiver(Model):
    """A derogation covering the rule at the evaluation date."""

    derogation: str = Field(description="Id of the derogation.")
    decision: str = Field(description="Authority and reference of the decision.")
    expires: dt.date = Field(description="Date the derogation ends.")
    underlying: Status = Field(description="The status the rule would have without it.")


class UnitStatus(Model):
    """The verdict of a per-service (or per-offer) rule for one service (or offer)."""

    id: str = Field(description="Service or offer id.")
    status: Status


class Span(Model):
    """An interval: the worst and the best value still possible (equal when known)."""

    low: Exact
    high: Exact


class Grade(Model):
    """The outcome of a graded rule: the answers still possible, their points and levels."""

    answer: str | None = Field(description="The answer, when the facts determine it.")
    worst: int | None = Field(
        description="Index (from 0, worst first) of the worst possible answer."
    )
    best: int | None = Field(description="Index of the best possible answer.")
    points: Span
    seal: Span | None = Field(description="Assurance level (0-4); null if no answer holds.")
    note: str = ""


class ObjectiveGrade(Model):
    id: str
    title: str
    weight: Exact = Field(description="Percent, from the weight set used.")
    points: Span
    seal: Span | None
    holding_down: list[str] = Field(description="Rules whose best level is the objective's.")
    open: list[str] = Field(description="Rules whose answer is still open, widest first.")


class Gate(Model):
    min_seal: int | None = Field(description="Minimum overall level asked (--min-seal).")
    objectives: dict[str, int] = Field(
        default_factory=dict, description="Minimum level per objective (--min-seal SOV-n=N)."
    )
    failing: list[str] = Field(
        default_factory=list,
        description="What is missed even in the best case: 'overall' or objective ids.",
    )
    verdict: Verdict = Field(
        description="fail: the level is below the minimum even in the best case (ruled out, as "
        "by a blocking gap); pass: at or above it even in the worst case."
    )


class GradingHorizon(Model):
    months: int
    date: dt.date
    score: Span
    seal: Span | None
    gate: Literal["pass", "fail", "unknown"] | None = None


class GradingSummary(Model):
    """A graded rule set's score (percent) and level (SEAL), overall and per objective."""

    weights: str = Field(description="Weight set used (--weights).")
    note: str = Field(description="What is sourced in points and levels, what is our reading.")
    score: Span = Field(description="Weighted score, percent.")
    seal: Span | None = Field(description="Overall level: the minimum over all rules.")
    objectives: list[ObjectiveGrade]
    holding_down: list[str] = Field(description="Rules whose best level is the overall one.")
    open: list[str] = Field(description="Rules whose answer is open: what would narrow it.")
    gate: Gate | None = None
    horizons: list[GradingHorizon] = Field(default_factory=list)


class Mapped(Model):
    """A rule of another referential that covers the same ground, and its verdict here."""

    rule: str
    relation: Relation = Field(
        description="How this rule relates to it: subset means this rule asks less."
    )
    basis: str = Field(description="The published mapping that states it, or 'our reading'.")
    status: Status | None = Field(description="Its status in this report, if evaluated.")
    seal: Span | None = Field(default=None, description="Its level, if it is graded.")


class Result(Model):
    """The verdict on one rule for one provider."""

    ruleset: str = Field(description="Rule set id.")
    rule: str = Field(description="Rule id.")
    title: str
    summary: str = Field(description="The requirement, in our own words.")
    clauses: list[str]
    category: RuleCategory
    severity: Severity
    status: Status = Field(
        description="met, partial, gap, unknown (a needed fact is missing: an evidence gap, "
        "never a pass), not_applicable, or waived (covered by a valid derogation)."
    )
    reason: str = Field(description="One line: what decided the status.")
    confidence: Confidence | None = Field(
        description="The weakest confidence among the facts that decided the verdict: the "
        "strongest level whose facts alone reach the same status. null when no fact decided "
        "it (unknown, not applicable)."
    )
    scope: RuleScope = Field(description="What the verdict is about: provider, service, offer.")
    services: list[UnitStatus] | None = Field(
        default=None,
        description="Per-service rules: the status for each service in scope; "
        "the result's status is the best of them (met if one service meets it).",
    )
    offers: list[UnitStatus] | None = Field(
        default=None, description="Per-offer rules: the status for each declared offer."
    )
    trace: list[TraceStep] = Field(description="Facts examined, in order; the last decided.")
    remediation: str
    horizons: list[Horizon] = Field(
        default_factory=list, description="Verdicts at later horizons, when asked for."
    )
    closing: Closing | None = Field(
        default=None, description="For a rule not met now: when a commitment should close it."
    )
    waiver: Waiver | None = None
    objective: str | None = Field(default=None, description="Graded rules: their objective.")
    grade: Grade | None = Field(default=None, description="Graded rules: the outcome.")
    mapped: list[Mapped] = Field(
        default_factory=list, description="Rules of other referentials covering the same ground."
    )
    untranslated: list[Literal[TEXTS]] = Field(  # type: ignore[valid-type]
        default_factory=list,
        description="Texts of the rule (title, summary, remediation) "
        "shown in English, as written, for want of a translation into the report's language; "
        "every format marks them.",
    )


class Counts(Model):
    met: int = 0
    partial: int = 0
    gap: int = 0
    unknown: int = 0
    not_applicable: int = 0
    waived: int = 0
    answered: int = 0


class Score(Model):
    """Scores of a group of results (formula in the module documentation)."""

    counts: Counts
    applicable: int
    score: float = Field(description="met / applicable, 0 to 1, rounded to 4 decimals.")
    weighted_score: float = Field(description="Severity-weighted score, 0 to 1.")


class RuleSetSummary(Model):
    ruleset: str
    version: str
    revision: str | None = None
    total: Score
    categories: dict[str, Score] = Field(description="Scores per rule category, sorted.")
    blocking_gaps: list[str] = Field(description="Ids of blocking rules with status gap.")
    grading: GradingSummary | None = Field(
        default=None, description="Graded rule sets: score and level intervals."
    )


class ProviderRef(Model):
    id: str
    name: str
    as_of: dt.date = Field(description="Date up to which the profile's facts were checked.")

    @classmethod
    def of_profile(cls, profile: Any) -> ProviderRef:
        """The reference of a provider profile (models.profile.ProviderProfile)."""
        return cls(id=profile.id, name=profile.name, as_of=profile.as_of)


class RuleSetRef(Model):
    id: str
    version: str
    title: str
    publisher: str
    provenance: Provenance = Field(
        description="published; or reconstruction / illustrative: not a finding, rests on "
        "requirements rebuilt or invented, and says so wherever it is used."
    )
    revision: str | None = Field(default=None, description="Revision evaluated, if any.")
    untranslated: UntranslatedTitle

    @classmethod
    def all_of(cls, rulesets: Any) -> list[RuleSetRef]:
        """The references of loaded rule sets, given as (LoadedRuleSet, revision) pairs; the
        title in the run's language."""
        refs = []
        for r, rev in rulesets:
            title, untranslated = localised_title(r.model)
            refs.append(
                cls(
                    id=r.model.id,
                    version=r.model.version,
                    title=title,
                    publisher=r.model.publisher,
                    revision=rev,
                    provenance=r.model.provenance,
                    untranslated=untranslated,
                )
            )
        return refs


def reconstructed(rulesets: Any) -> list[str]:
    """Ids of the rule sets (LoadedRuleSet, revision) that are not published documents."""
    return [r.model.id for r, _ in rulesets if r.model.provenance != "published"]


class Context(Model):
    """What was evaluated: the data at stake, the service layers and services in scope."""

    data_kind: str = "health"
    layers: list[str] = Field(default_factory=lambda: ["IaaS", "CaaS", "PaaS", "SaaS"])
    services: list[str] = Field(
        default_factory=list, description="Services in scope; empty means the whole catalogue."
    )
    min_confidence: Confidence | None = Field(
        default=None, description="Facts weaker than this were left out (--min-confidence)."
    )
    weights: str | None = Field(
        default=None, description="Weight set of graded rule sets (--weights); null: the first."
    )
    min_seal: int | None = Field(
        default=None, description="Minimum level (--min-seal): below it, ruled out."
    )
    min_seal_objectives: dict[str, int] = Field(
        default_factory=dict, description="Minimum level per objective (--min-seal SOV-n=N)."
    )


class Summary(Model):
    counts: Counts
    confidence: dict[str, int] = Field(
        description="Verdicts (met, partial, gap) per confidence, strongest first."
    )
    blocking_gaps: list[str] = Field(description="'ruleset:rule' of every blocking gap.")
    rulesets: list[RuleSetSummary]


class Report(Model):
    """A provider evaluated against rule sets at a date."""

    schema_version: Literal["2"] = "2"
    lang: Literal[LANGUAGES] = Field(  # type: ignore[valid-type]
        default="en",
        description="Language of the report's words (--lang): titles, reasons "
        "and notes. Keys and enumerated values (statuses, severities...) are never translated.",
    )
    provider: ProviderRef
    reconstructed: list[str] = Field(
        default_factory=list,
        description="Rule sets used that are reconstructions or "
        "illustrations: their verdicts are demonstrations, not findings.",
    )
    evaluated_at: dt.date
    context: Context
    rulesets: list[RuleSetRef]
    summary: Summary
    results: list[Result]
    horizons: list[int] = Field(default_factory=list, description="Months of the horizons.")
    commitments: list[CommitmentNote] = Field(
        default_factory=list, description="The provider's dated certification commitments."
    )
    derogations: list[DerogationNote] = Field(
        default_factory=list, description="Derogations of this provider and their state."
    )
    sources: dict[str, Source] = Field(description="Sources cited by the traces, by id.")


def describe(value: Any) -> str:
    """A fact value in plain words: unknown, true/false, [a, b], or the value itself."""
    if value is None:
        return _("unknown")
    if isinstance(value, bool):
        return _("true") if value else _("false")
    if isinstance(value, list | tuple):
        return "[" + ", ".join(map(str, value)) + "]"
    if isinstance(value, dict) and set(value) == {"min", "max"}:  # a number within bounds
        return (
            _("at least %(min)s", **value)
            if value["max"] is None
            else _("between %(min)s and %(max)s", **value)
        )
    return str(value)


def known(counts: Counts | Any) -> int:
    """Evidence coverage: applicable rules whose verdict is known (met, partial or gap); the
    rest of the applicable ones are unknown. Shown beside every score, as known / applicable,
    so that a low score made of missing evidence does not read as a failure."""
    return counts.met + counts.partial + counts.gap


def score(results: Iterable[Result]) -> Score:
    return _scored(Counter((r.status, r.severity) for r in results))


def category_scores(results: Iterable[Result]) -> dict[str, Score]:
    """The score of the results of each category, by category (sorted), in one pass."""
    tallies: dict[str, Counter[tuple[str, str]]] = {}
    for (category, status, severity), n in Counter(
        (r.category, r.status, r.severity) for r in results
    ).items():
        tallies.setdefault(category, Counter())[status, severity] = n
    return {c: _scored(tallies[c]) for c in sorted(tallies)}


def _scored(tally: Counter[tuple[str, str]]) -> Score:
    """The score of results counted by (status, severity)."""
    statuses: Counter[str] = Counter()
    # Exact, rounded once, half up, to four decimals: whole weights of met rules, half weights
    # of partial ones (in halves, so that the sum stays an integer).
    applicable = total_weight = halves = 0
    for (status, severity), n in tally.items():
        statuses[status] += n
        if status in _SCORED:
            weight = WEIGHTS[severity] * n
            applicable += n
            total_weight += weight
            halves += weight * _HALVES[status]
    counts = Counts(**{s: statuses[s] for s in STATUSES})
    return Score(
        counts=counts,
        applicable=applicable,
        score=_ratio(counts.met, applicable) if applicable else 0.0,
        weighted_score=_ratio(halves, 2 * total_weight) if total_weight else 0.0,
    )


_SCORED = frozenset(SCORED)
_HALVES = {"met": 2, "partial": 1, "gap": 0, "unknown": 0}  # of its weight, per scored status


def _ratio(numerator: int, denominator: int) -> float:
    """``numerator / denominator`` rounded once, half up, to four decimals. (Decimal divides to
    28 digits first, which cannot carry a quotient of counts this small across the boundary.)"""
    exact = Decimal(numerator) / Decimal(denominator)
    return float(exact.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP))
