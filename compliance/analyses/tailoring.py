"""Tailoring: for each requirement, the providers meeting it, and whether any of them passes a
sovereignty test; per revision of a referential, the share of the requirements added that no
sovereign provider meets, and how each provider's distance to full compliance moved.

The sovereignty test is a list of rules (by default SecNumCloud 19.6 a-c) that a provider must
all meet at the date. Its outcome has three states, never two: *sovereign* (all met), *not
sovereign* (one is a gap) and *unknown* (otherwise: the facts do not decide). A requirement is
*tailored* when the providers meeting it include none shown sovereign and at least one failing
the test; met only by providers whose sovereignty is unknown, it is reported apart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Literal

from compliance import i18n
from compliance.engine.evaluate import Plan, RuleSets, evaluate, in_scope, statuses
from compliance.engine.results import Context, RuleSetRef, Status, reconstructed
from compliance.engine.revisions import revision_ids
from compliance.language.snapshot import at_confidence
from compliance.models.base import Field, Model
from compliance.models.common import UntranslatedTitle
from compliance.models.profile import ProviderProfile

DEFAULT_TEST = ("SNC-19.6.a", "SNC-19.6.b", "SNC-19.6.c")
Sovereignty = Literal["sovereign", "not_sovereign", "unknown"]
Verdict = Literal["sovereign", "tailored", "unknown_sovereignty", "unmet", "not_applicable"]
# Not meeting a requirement: what counts in the distance to full compliance.
_SHORT: tuple[Status, ...] = ("gap", "unknown", "partial")
_SILENT = ("not_applicable", "answered")


class ProviderTest(Model):
    provider: str
    name: str
    sovereignty: Sovereignty = Field(
        description="sovereign: every test rule met; not_sovereign: one is a gap; unknown: "
        "otherwise (not shown sovereign, not shown otherwise)."
    )
    test: dict[str, Status] = Field(description="Status of each test rule at the date.")


class Requirement(Model):
    ruleset: str
    rule: str
    title: str
    untranslated: UntranslatedTitle
    met_by: list[str] = Field(description="Providers meeting it at the date (ids).")
    verdict: Verdict = Field(
        description="sovereign: a sovereign provider meets it; tailored: met only by providers "
        "not shown sovereign, one of them failing the test; unknown_sovereignty: met only by "
        "providers whose test is undecided; unmet: met by none; not_applicable: to none."
    )


class Distance(Model):
    """How far a provider is from meeting every requirement of a revision, and why it moved."""

    provider: str
    distance: int = Field(
        description="Requirements in force it does not meet (gap, unknown, partial)."
    )
    change: int | None = Field(description="Change from the previous revision; null: the first.")
    added: list[str] = Field(description="Requirements added at this revision it does not meet.")
    removed: list[str] = Field(
        description="Requirements removed at this revision that it did not meet."
    )


class Revision(Model):
    ruleset: str
    revision: str = Field(description="The revision; its version for a rule set without.")
    title: str | None
    requirements: int = Field(description="Requirements in force.")
    added: list[str] = Field(description="Requirements added (all of them at the first).")
    removed: list[str]
    considered: int = Field(description="Added requirements applicable to some provider.")
    excluding: list[str] = Field(
        description="Added requirements, applicable, that no sovereign provider meets."
    )
    tailored: list[str] = Field(
        description="Of those, the ones met by a provider failing the test and by no sovereign one."
    )
    share: str | None = Field(
        description="len(excluding) / considered as a percent, one decimal, rounded half up "
        "from the exact fraction (e.g. '100.0'); null when nothing applicable was added."
    )
    distances: list[Distance]


class Tailoring(Model):
    evaluated_at: dt.date
    reconstructed: list[str] = Field(
        description="Rule sets used that are reconstructions or illustrations (not findings)."
    )
    rulesets: list[RuleSetRef]
    sovereign_by: list[str] = Field(description="Rules of the sovereignty test, all to be met.")
    providers: list[ProviderTest]
    requirements: list[Requirement] = Field(
        description="Every requirement in force at the revision evaluated, in rule-set order."
    )
    revisions: list[Revision] = Field(
        description="Per rule set, every revision in order (one entry if it has none)."
    )


def percent(part: int, whole: int) -> str:
    """part / whole in percent with one decimal, rounded half up, in integers (exact)."""
    tenths = (2000 * part + whole) // (2 * whole)
    return f"{tenths // 10}.{tenths % 10}"


def sovereignty(test: dict[str, Status]) -> Sovereignty:
    if test and all(s == "met" for s in test.values()):
        return "sovereign"
    return "not_sovereign" if "gap" in test.values() else "unknown"


def verdict(
    found: Sequence[Status], met_by: Sequence[str], states: dict[str, Sovereignty]
) -> Verdict:
    if all(s in _SILENT for s in found):
        return "not_applicable"
    if not met_by:
        return "unmet"
    kinds = {states[p] for p in met_by}
    if "sovereign" in kinds:
        return "sovereign"
    return "tailored" if "not_sovereign" in kinds else "unknown_sovereignty"


def seal_test(seal: int) -> str:
    """The name, in the test, of "the EU framework's overall level is at least ``seal``"."""
    return f"SEAL>={seal}"


def _seal_status(graded: RuleSets, profile: ProviderProfile, at: dt.date, seal: int) -> Status:
    """The buyer's minimum level as a test: met when every graded rule set's gate passes even
    in the worst case, a gap when one fails even in the best case, unknown otherwise."""
    report = evaluate(graded, profile, at, Context(min_seal=seal))
    gates = [
        s.grading.gate.verdict
        for s in report.summary.rulesets
        if s.grading is not None and s.grading.gate is not None
    ]
    if not gates:
        return "not_applicable"
    return "gap" if "fail" in gates else "met" if all(g == "pass" for g in gates) else "unknown"


def tailoring(
    rulesets: RuleSets,
    profiles: Sequence[ProviderProfile],
    at: dt.date,
    sovereign_by: Sequence[str] = DEFAULT_TEST,
    context: Context | None = None,
    support: RuleSets = (),
    seal: int | None = None,
) -> Tailoring:
    """``sovereign_by`` rules must be in ``rulesets`` or ``support`` (which otherwise only
    resolve {rule: ...} references). With ``seal``, the test also asks the EU framework's
    overall level (SEAL) to be at least ``seal`` (the graded rule sets loaded)."""
    context = context or Context()
    scoped = [in_scope(p, context) for p in profiles]
    if context.min_confidence:
        scoped = [at_confidence(p, context.min_confidence) for p in scoped]
    everything = [*rulesets, *support]

    # The sovereignty test: its rules at the latest state of the rule sets holding them.
    wanted = set(sovereign_by)
    owners = [(r, None) for r, _ in everything if wanted & {c.rule.id for c in r.rules}]
    test_plan = Plan.build(owners, context, everything)
    tests = {}
    for p in scoped:
        got = statuses(test_plan, p, at, at)
        tests[p.id] = {rule: got.get(rule, "not_applicable") for rule in sovereign_by}
    graded = [(r, None) for r, _ in everything if r.model.grading is not None]
    if seal is not None:
        for p in scoped:
            tests[p.id][seal_test(seal)] = _seal_status(graded, p, at, seal)
    states = {p: sovereignty(t) for p, t in tests.items()}

    plan = Plan.build(rulesets, context, everything)
    now = {p.id: statuses(plan, p, at, at) for p in scoped}
    requirements = []
    for ruleset_id, compiled, _ in plan.rules:
        rule = compiled.rule.id
        found = [now[p.id][rule] for p in scoped]
        met_by = [p.id for p in scoped if now[p.id][rule] == "met"]
        title, untranslated = i18n.title(compiled.rule)
        requirements.append(
            Requirement(
                ruleset=ruleset_id,
                rule=rule,
                title=title,
                met_by=met_by,
                verdict=verdict(found, met_by, states),
                untranslated=untranslated,
            )
        )

    revisions = []
    for loaded, _ in rulesets:
        order: list[str | None] = [*revision_ids(loaded)] or [None]
        titles = {r.id: r.title for r in loaded.model.revisions}
        before: list[str] = []
        prior: dict[str, dict[str, Status]] = {}
        last: dict[str, int] = {}
        for revision in order:
            step = Plan.build([(loaded, revision)], context, everything)
            got = {p.id: statuses(step, p, at, at) for p in scoped}
            ids = [c.rule.id for _, c, _ in step.rules]
            kept, earlier = set(ids), set(before)
            added = [r for r in ids if r not in earlier] if revision != order[0] else ids
            removed = [r for r in before if r not in kept]
            considered = [r for r in added if not all(got[p.id][r] in _SILENT for p in scoped)]
            excluding = [
                r
                for r in considered
                if not any(got[p.id][r] == "met" and states[p.id] == "sovereign" for p in scoped)
            ]
            tailored = [
                r
                for r in excluding
                if any(got[p.id][r] == "met" and states[p.id] == "not_sovereign" for p in scoped)
            ]
            distances = []
            for p in scoped:
                distance = sum(got[p.id][r] in _SHORT for r in ids)
                previous = last.get(p.id)
                distances.append(
                    Distance(
                        provider=p.id,
                        distance=distance,
                        change=None if previous is None else distance - previous,
                        added=[r for r in added if got[p.id][r] in _SHORT]
                        if previous is not None
                        else [],
                        removed=[r for r in removed if prior[p.id].get(r) in _SHORT],
                    )
                )
                last[p.id] = distance
            revisions.append(
                Revision(
                    ruleset=loaded.model.id,
                    revision=revision or loaded.model.version,
                    title=titles.get(revision) if revision else None,
                    requirements=len(ids),
                    added=added,
                    removed=removed,
                    considered=len(considered),
                    excluding=excluding,
                    tailored=tailored,
                    share=percent(len(excluding), len(considered)) if considered else None,
                    distances=distances,
                )
            )
            before, prior = ids, got

    return Tailoring(
        evaluated_at=at,
        reconstructed=reconstructed(rulesets),
        rulesets=RuleSetRef.all_of(rulesets),
        sovereign_by=[*sovereign_by, *([seal_test(seal)] if seal is not None else [])],
        providers=[
            ProviderTest(provider=p.id, name=p.name, sovereignty=states[p.id], test=tests[p.id])
            for p in profiles
        ],
        requirements=requirements,
        revisions=revisions,
    )
