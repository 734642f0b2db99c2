"""Evaluation: a pure function of (rule sets, profile, date, context, horizons, derogations)
to a report."""

from __future__ import annotations

import datetime as dt
import gc
import weakref
from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from compliance import i18n
from compliance.engine.grading import gate as grading_gate
from compliance.engine.grading import grade, reason_of, status_of
from compliance.engine.grading import horizon as grading_horizon
from compliance.engine.grading import summarise as summarise_grading
from compliance.engine.grading import totals as grading_totals
from compliance.engine.results import (
    Closing,
    CommitmentNote,
    Context,
    Counts,
    DerogationNote,
    DerogationState,
    Grade,
    GradingSummary,
    Horizon,
    Mapped,
    ProviderRef,
    Report,
    Result,
    RuleSetRef,
    RuleSetSummary,
    Status,
    Summary,
    TraceStep,
    UnitStatus,
    Waiver,
    category_scores,
    describe,
    reconstructed,
    score,
)
from compliance.engine.revisions import active_rules
from compliance.engine.scopes import profile_scope, within
from compliance.engine.timeline import add_months, commitments
from compliance.language.catalogue import Bound, Known, Scope
from compliance.language.conditions import Compiled, Step
from compliance.language.snapshot import (
    at_confidence,
    confidences_in,
    has_inferences,
    profile_on,
)
from compliance.models.common import CONFIDENCE_ORDER, json_number
from compliance.models.mapping import Mapping, Relation
from compliance.models.profile import ProviderProfile
from compliance.models.ruleset import Rule
from compliance.reading.load import CompiledRule, LoadedRuleSet

if TYPE_CHECKING:  # derogations are given, never built here: their models load with them
    from compliance.reading.derogations import Derogation

RuleSets = Sequence[tuple[LoadedRuleSet, str | None]]


def in_scope(profile: ProviderProfile, context: Context) -> ProviderProfile:
    """The profile restricted to the services and layers in scope, and to the subcontractors
    involved in them (a subcontractor naming no service is involved in all)."""
    services = [
        s
        for s in profile.services
        if s.layer in context.layers and (not context.services or s.id in context.services)
    ]
    if len(services) == len(profile.services):
        return profile
    ids = {s.id for s in services}
    org = profile.organisation
    subs = [s for s in org.subcontractors if not s.services or ids & set(s.services)]
    return profile.model_copy(
        update={
            "services": services,
            "organisation": org.model_copy(update={"subcontractors": subs}),
        }
    )


def applicability(rule: Rule, context: Context) -> str | None:
    """Why the rule does not apply in this context, or None when it applies."""
    wanted = rule.applies_to
    if wanted.data and context.data_kind not in wanted.data:
        return i18n._(
            "concerns %(kinds)s data, not %(kind)s data",
            kinds=", ".join(i18n.term("data", d) for d in wanted.data),
            kind=i18n.term("data", context.data_kind),
        )
    if wanted.layers and not set(wanted.layers) & set(context.layers):
        return i18n._(
            "concerns %(layers)s services, none in scope",
            layers=", ".join(i18n.term("layer", x) for x in wanted.layers),
        )
    return None


def verdict(compiled: CompiledRule, scope: Scope, trace: list[Step] | None) -> Status:
    """met, partial, gap or unknown: the condition, then the partial condition if any."""
    outcome = compiled.condition(scope, trace)
    if outcome is True:
        return "met"
    if compiled.partial is not None and compiled.partial(scope, trace) is True:
        return "partial"
    return "gap" if outcome is False else "unknown"


def _reason(status: Status, steps: list[Step]) -> str:
    wanted = {"met": True, "gap": False, "unknown": None, "partial": True}[status]
    decisive = [s for s in steps if s.outcome is wanted and s.op not in ("some", "every")]
    if not decisive:
        decisive = [s for s in steps if s.outcome is wanted]
    if not decisive:
        return i18n._("no fact decided")
    shown = "; ".join(
        f"{s.fact} = {describe(s.actual)}" + (f" ({s.note})" if s.note else "")
        for s in decisive[-3:]
    )
    if len(decisive) > 3:
        return i18n._("%(shown)s and %(count)s more", shown=shown, count=len(decisive) - 3)
    return shown


def _set_attestation(scope: Scope, profile: ProviderProfile, rule_id: str) -> None:
    """The attestation of ``rule_id``, from its source's date on (before it, none)."""
    day = scope.facts["evaluation_date"]  # always set (scopes.profile_scope)
    scope.facts["attestation"] = _attestation(profile, rule_id, None if day is None else day.value)


def _attestation(profile: ProviderProfile, rule_id: str, day: dt.date | None) -> Known | None:
    fact = profile.attestations.get(rule_id)
    if fact is None or (day is not None and day < profile.sources[fact.source].date):
        return None
    return Known(fact.value, (fact.source,), fact.note or "")


def _plain(value: object) -> object:
    """A fact value as the JSON report carries it: lists sorted, exact numbers as numbers,
    a number known within bounds as {min, max} (max null: no upper bound)."""
    if isinstance(value, Bound):
        return {"min": _plain(value.lo), "max": _plain(value.hi)}
    if isinstance(value, Decimal):
        return json_number(value)
    if isinstance(value, frozenset | set | tuple):
        return sorted(value)
    return value


# --- one date -------------------------------------------------------------------------------


class Plan:
    """What does not depend on the provider, prepared once: the rules in force, whether each
    applies in the context, and every loaded rule by id for {rule: ...} references. (Not a
    dataclass: see errors.Problem.)"""

    def __init__(
        self,
        context: Context,
        rules: list[tuple[str, CompiledRule, str | None]],  # (rule set id, rule, why not)
        by_id: dict[str, CompiledRule],
        # The hot loop's view of the applicable rules: (id, condition, partial, route) where
        # route is 0 for a plain rule, 1 for a per-unit rule, 2 for a graded rule.
        fast: list[tuple[str, Compiled, Compiled | None, int]],
        blocking: list[str],  # ids of the applicable blocking rules
        # Why each compiled rule (by identity) does not apply (None: it does), worked out once
        # per plan, not at each use.
        why_not: dict[int, str | None],
    ) -> None:
        self.context, self.rules, self.by_id = context, rules, by_id
        self.fast, self.blocking, self.why_not = fast, blocking, why_not
        # A rule's results before its verdict, by its identity and the run's language: every
        # field in order, those that no verdict changes (ids, texts) filled in (see head).
        self.heads: dict[tuple[int, str], dict[str, Any]] = {}

    def head(self, compiled: CompiledRule, ruleset_id: str) -> dict[str, Any]:
        """The fields of ``compiled``'s results, in field order: its ids, texts in the run's
        language (with the names of those left untranslated) and clauses; None for the rest."""
        key = (id(compiled), i18n.language())
        if key not in self.heads:
            rule = compiled.rule
            texts, untranslated = i18n.localise(
                {"title": rule.title, "summary": rule.summary, "remediation": rule.remediation},
                rule.translations,
            )
            fields = dict.fromkeys(Result.model_fields)
            fields.update(
                ruleset=ruleset_id,
                rule=rule.id,
                title=texts["title"],
                summary=texts["summary"],
                clauses=rule.clauses,
                category=rule.category,
                severity=rule.severity,
                scope=compiled.scope,
                remediation=texts["remediation"],
                untranslated=untranslated,
            )
            self.heads[key] = fields
        return self.heads[key]

    def inapplicable(self, compiled: CompiledRule) -> str | None:
        """Why ``compiled`` does not apply in the plan's context, or None when it does."""
        key = id(compiled)
        if key not in self.why_not:
            self.why_not[key] = applicability(compiled.rule, self.context)
        return self.why_not[key]

    @classmethod
    def build(cls, rulesets: RuleSets, context: Context, support: RuleSets = ()) -> Plan:
        rules = [
            (loaded.model.id, c, applicability(c.rule, context))
            for loaded, rev in rulesets
            for c in active_rules(loaded, rev)
        ]
        by_id = {c.rule.id: c for loaded, _ in (*rulesets, *support) for c in loaded.rules}
        fast = [
            (
                c.rule.id,
                c.condition,
                c.partial,
                2 if c.answers is not None else int(c.scope != "provider"),
            )
            for _, c, why_not in rules
            if not why_not
        ]
        blocking = [
            c.rule.id for _, c, why_not in rules if not why_not and c.rule.severity == "blocking"
        ]
        why_not = {id(c): why for _, c, why in rules}
        return cls(context, rules, by_id, fast, blocking, why_not)


def existence(profile: ProviderProfile, day: dt.date) -> str | None:
    """Why the provider (company or offering) did not exist on ``day``, or None."""
    org = profile_on(profile, day).organisation
    for text, fact, before in (
        (i18n.N_("%(name)s founded only on %(date)s (source %(source)s)"), org.founded, True),
        (i18n.N_("%(name)s launched only on %(date)s (source %(source)s)"), org.launched, True),
        (i18n.N_("%(name)s ended on %(date)s (source %(source)s)"), org.ended, False),
    ):
        if fact is None:
            continue
        if (day < fact.value) if before else (day >= fact.value):
            return i18n._(text, name=profile.name, date=fact.value, source=fact.source)
    return None


def restrict(profile: ProviderProfile, services: Sequence[str]) -> ProviderProfile:
    """The profile reduced to ``services`` and the subcontractors involved in them."""
    return in_scope(profile, Context(services=list(services)))


# Unknown ranks above partial: the service whose verdict is unknown could meet the rule.
_BEST_FIRST: tuple[Status, ...] = ("met", "unknown", "partial", "gap")


def aggregate(statuses: Sequence[Status]) -> Status:
    """A per-service rule's status for the provider: the best of its services' (met as soon as
    one service meets it, unknown while one could, gap only when every service is a gap)."""
    for status in _BEST_FIRST:
        if status in statuses:
            return status
    return "not_applicable"


@lru_cache(maxsize=4096)
def _unit(unit: str, status: Status) -> UnitStatus:
    """Unit statuses are immutable and few: shared, not rebuilt for each of thousands of rules."""
    return UnitStatus.model_construct(id=unit, status=status)


# What decides a compiled rule's verdict and steps on a scope (its attestation set): the scope,
# the compiled condition and partial, and the attestation. Rules that use one definition share
# its compiled condition, and so their verdicts and steps (see Moment._verdict).
Shared = tuple[int, Compiled, Compiled | None, Known | None]


# The same for each unit of a per-unit rule (Moment.group): its kind of unit, condition, partial
# and attestation.
Group = tuple[str, Compiled, Compiled | None, Known | None]


def shared(compiled: CompiledRule, scope: Scope) -> Shared:
    return (id(scope), compiled.condition, compiled.partial, scope.facts["attestation"])


class Moment:
    """Verdicts of one profile at one date (``when``, seen from ``at``): per-service and per-offer
    rules judged on each unit and aggregated; {rule: ...} references resolved the same way."""

    def __init__(self, plan: Plan, profile: ProviderProfile, at: dt.date, when: dt.date) -> None:
        self.plan, self.profile, self.at, self.when = plan, profile, at, when
        self.absent = existence(profile, when)
        self.scope = self._prepare(profile, None)
        live = profile_on(profile, when).services
        ids = {s.id for s in live}
        # Services are listed but none is available (yet, or any more): per-service rules have
        # nothing to judge.
        self.no_live_service = bool(profile.services) and not live
        self.units: dict[str, list[tuple[str, list[str]]]] = {
            "service": [(s.id, [s.id]) for s in live],
            "offer": [
                (o.id, [x for x in o.services if x in ids])
                for o in profile.offers
                if any(x in ids for x in o.services)
            ],
        }
        self._unit_scopes: dict[tuple[str, str], tuple[Scope, ProviderProfile]] = {}
        self._memo: dict[str, tuple[Status, list[UnitStatus] | None]] = {}
        # (scope, condition, partial, attestation) -> verdict: see _verdict. The scopes are this
        # moment's own (self.scope and the units'), alive as long as it is.
        self._verdicts: dict[Shared, Status] = {}
        self._unit_lists: dict[Group, tuple[Status, list[UnitStatus]]] = {}
        # The same key -> (engine steps, reason, published trace): see evaluate_rule.
        self.traces: dict[Shared, tuple] = {}
        # (unit kind, condition, partial, attestation) -> what evaluate_rule reports: see _judged.
        self.judged: dict[Group, Judged] = {}
        self.grades: dict[str, Grade] = {}  # graded rules' outcomes, once asked for

    def _prepare(
        self, profile: ProviderProfile, unit: tuple[str, str] | None, scope: Scope | None = None
    ) -> Scope:
        scope = scope or profile_scope(profile, self.at, self.when)
        memo: dict[str, Status] = {}
        # Weak references: a scope that held its moment (and itself) would make a cycle, which
        # only the garbage collector frees; thousands of objects per moment, several moments
        # per report, and the collector's passes over them were a tenth of the evaluation.
        moment, own = weakref.ref(self), weakref.ref(scope)

        def status(rule_id: str) -> str:
            self, scope = moment(), own()
            assert self is not None and scope is not None  # both live while it is called
            referenced = self.plan.by_id.get(rule_id)
            # A provider-level rule has one verdict, wherever it is cited from.
            if unit is None or referenced is None or referenced.scope == "provider":
                return self.status(rule_id)[0]
            if rule_id not in memo:
                memo[rule_id] = "unknown"  # a reference cycle reads as unknown, never as met
                compiled = self.plan.by_id.get(rule_id)
                if compiled is not None:
                    memo[rule_id] = self._plain(compiled, scope, profile)
            return memo[rule_id]

        scope.rule_status = status
        return scope

    def unit_scope(
        self, kind: str, unit: str, services: list[str]
    ) -> tuple[Scope, ProviderProfile]:
        key = (kind, unit)
        if key not in self._unit_scopes:
            profile = restrict(self.profile, services)
            # Made from the provider's scope (scopes.within): a third of an evaluation went to
            # building each unit's scope from scratch, for each moment.
            resolved = restrict(profile_on(self.profile, self.when), services)
            scope = within(self.scope, resolved, self.when)
            self._unit_scopes[key] = (self._prepare(profile, key, scope), profile)
        return self._unit_scopes[key]

    def _plain(self, compiled: CompiledRule, scope: Scope, profile: ProviderProfile) -> Status:
        if self.plan.inapplicable(compiled):
            return "not_applicable"
        return self._verdict(compiled, scope, profile)

    def _verdict(self, compiled: CompiledRule, scope: Scope, profile: ProviderProfile) -> Status:
        """The untraced verdict of an applicable rule, with its attestation.

        Rules that use the same definition share its compiled condition (most SecNumCloud rules
        are `use: qualified_or_attested`, judged on each service): on the same scope and with
        the same attestation, it gives the same verdict, which is computed once."""
        saved = scope.facts.get("attestation")
        _set_attestation(scope, profile, compiled.rule.id)
        key = shared(compiled, scope)
        status = self._verdicts.get(key)
        if status is None:
            status = self._verdicts[key] = verdict(compiled, scope, None)
        scope.facts["attestation"] = saved
        return status

    def status(self, rule_id: str) -> tuple[Status, list[UnitStatus] | None]:
        """The rule's status, and for a per-unit rule each unit's."""
        if rule_id in self._memo:
            return self._memo[rule_id]
        self._memo[rule_id] = ("unknown", None)  # cycle guard (cycles are load errors)
        compiled = self.plan.by_id.get(rule_id)
        if compiled is None:
            return self._memo[rule_id]
        if self.absent:
            out: tuple[Status, list[UnitStatus] | None] = ("not_applicable", None)
        elif compiled.answers is not None:  # graded: judged on the provider's whole scope
            if self.plan.inapplicable(compiled):
                out = ("not_applicable", None)
            else:
                self.scope.facts["attestation"] = None  # graded rules take no attestation
                self.grades[rule_id] = grade(compiled.answers, self.scope, None)
                out = (status_of(self.grades[rule_id]), None)
        elif compiled.scope == "service" and self.no_live_service:
            out = ("not_applicable", None)
        elif compiled.scope != "provider" and self.units.get(compiled.scope):
            if self.plan.inapplicable(compiled):
                units = [_unit(uid, "not_applicable") for uid, _ in self.units[compiled.scope]]
                out = (aggregate([u.status for u in units]), units)
            else:
                out = self._per_unit(compiled)
        else:
            out = (self._plain(compiled, self.scope, self.profile), None)
        self._memo[rule_id] = out
        return out

    def settle(
        self, rule_id: str, status: Status, units: list[UnitStatus] | None
    ) -> tuple[Status, list[UnitStatus] | None]:
        """What status() gives for ``rule_id``, told by a caller that worked it out (traced),
        unless status() already knows it."""
        return self._memo.setdefault(rule_id, (status, units))

    def group(self, compiled: CompiledRule) -> Group:
        """What decides a per-unit rule's verdict on each unit: its kind of unit, its compiled
        condition and partial, and its attestation (the profile's, for every unit)."""
        attested = _attestation(self.profile, compiled.rule.id, self.when)
        return (compiled.scope, compiled.condition, compiled.partial, attested)

    def _per_unit(self, compiled: CompiledRule) -> tuple[Status, list[UnitStatus]]:
        """An applicable per-unit rule's status and each unit's. Rules that use the same
        definition, with the same attestation (the profile's, for every unit), have the same
        verdict on each unit (see _verdict): both are worked out once for all of them (and
        shared: nothing changes them)."""
        key = self.group(compiled)
        judged = self._unit_lists.get(key)
        if judged is None:
            units = [
                _unit(uid, self._verdict(compiled, *self.unit_scope(compiled.scope, uid, svc)))
                for uid, svc in self.units[compiled.scope]
            ]
            judged = self._unit_lists[key] = (aggregate([u.status for u in units]), units)
        return judged

    def deciding_unit(
        self, compiled: CompiledRule, status: Status
    ) -> tuple[str, Scope, ProviderProfile] | None:
        """For a per-unit rule: the first unit whose status is the aggregate's."""
        units = self.status(compiled.rule.id)[1]
        if not units:
            return None
        for (uid, services), unit in zip(self.units[compiled.scope], units, strict=True):
            if unit.status == status:
                scope, profile = self.unit_scope(compiled.scope, uid, services)
                return uid, scope, profile
        return None


def prepare_scope(plan: Plan, profile: ProviderProfile, at: dt.date, when: dt.date) -> Scope:
    """The profile's facts at ``when`` (seen from ``at``), able to resolve {rule: ...} nodes."""
    moment = Moment(plan, profile, at, when)
    scope, lookup = moment.scope, moment.scope.rule_status
    assert lookup is not None
    # The caller keeps the scope only: the scope keeps its moment (a cycle, for this use only).
    scope.rule_status = lambda rule_id, _moment=moment: lookup(rule_id)
    return scope


def _waiver(
    rule_id: str, status: Status, derogations: Sequence[Derogation], day: dt.date
) -> Waiver | None:
    if status in ("met", "not_applicable"):
        return None
    for d in derogations:
        if d.valid_on(day) and rule_id in d.rules:
            decision = f"{d.decision.authority}, {d.decision.reference} ({d.decision.date})"
            return Waiver(derogation=d.id, decision=decision, expires=d.expires, underlying=status)
    return None


def statuses(
    plan: Plan,
    profile: ProviderProfile,
    at: dt.date,
    when: dt.date,
    derogations: Sequence[Derogation] = (),
    only: Collection[str] | None = None,
) -> dict[str, Status]:
    """Status of every rule of the plan at ``when`` (or of the applicable rules among ``only``:
    each rule's status is computed on its own, so a subset costs only its share), without
    traces (horizons, history, confidence and the benchmark's hot path)."""
    return _statuses(Moment(plan, profile, at, when), derogations, only)


def _statuses(
    moment: Moment, derogations: Sequence[Derogation] = (), only: Collection[str] | None = None
) -> dict[str, Status]:
    """statuses() at ``moment``, which keeps the grades of the graded rules asked for."""
    plan, profile, at, when = moment.plan, moment.profile, moment.at, moment.when
    out: dict[str, Status] = {c.rule.id: "not_applicable" for _, c, why in plan.rules if why}
    if moment.absent:
        return out | {c.rule.id: "not_applicable" for _, c, _ in plan.rules}
    scope = moment.scope
    attested = profile.attestations
    scope.facts["attestation"] = None
    units = any(moment.units.values())
    # verdict() inlined: this loop is the "rule evaluations per second" of the benchmark.
    for rule_id, condition, partial, route in plan.fast:
        if only is not None and rule_id not in only:
            continue
        if route == 2 or (route == 1 and (units or moment.no_live_service)):
            status: Status = moment.status(rule_id)[0]
        else:
            if attested:
                _set_attestation(scope, profile, rule_id)
            outcome = condition(scope, None)
            if outcome is True:
                out[rule_id] = "met"
                continue
            if partial is not None and partial(scope, None) is True:
                status = "partial"
            else:
                status = "gap" if outcome is False else "unknown"
        out[rule_id] = status
    _without_inference(plan, profile, at, when, out)
    if derogations:
        for rule_id, status in out.items():
            if status not in ("met", "not_applicable") and _waiver(
                rule_id, status, derogations, when
            ):
                out[rule_id] = "waived"
    return out


def _without_inference(
    plan: Plan, profile: ProviderProfile, at: dt.date, when: dt.date, out: dict[str, Status]
) -> set[str]:
    """An inference never makes a blocking gap alone: such a gap takes the status that the
    facts without inferences give (in ``out``, in place). Returns the rules so changed."""
    blocking = [r for r in plan.blocking if out.get(r) == "gap"]
    if not blocking or not has_inferences(profile):
        return set()
    sound = statuses(plan, at_confidence(profile, CONFIDENCE_ORDER[-2]), at, when, only=blocking)
    changed = {r for r in blocking if sound[r] != "gap"}
    for r in changed:
        out[r] = sound[r]
    return changed


def evaluate_rule(
    compiled: CompiledRule, ruleset_id: str, moment: Moment, steps: list[Step] | None = None
) -> Result:
    """One rule, traced: its status, the facts that decided it, and for a per-unit rule the
    status of each unit (the trace is the deciding unit's). ``steps``, when given, receives the
    engine's steps, with the structured fields the published trace leaves out."""
    rule = compiled.rule
    steps = [] if steps is None else steps
    why_not = moment.absent or moment.plan.inapplicable(compiled)
    if why_not:
        return _result(moment.plan, compiled, ruleset_id, "not_applicable", why_not, steps)
    if compiled.answers is not None:
        moment.scope.facts["attestation"] = None
        outcome = grade(compiled.answers, moment.scope, steps)
        # The traced outcome is the untraced one: the moment keeps it instead of grading again.
        moment.grades.setdefault(rule.id, outcome)
        status = moment.settle(rule.id, status_of(outcome), None)[0]
        return _result(
            moment.plan,
            compiled,
            ruleset_id,
            status,
            reason_of(outcome),
            steps,
            scope="provider",
            objective=rule.objective,
            grade=outcome,
        )
    status, units, reason, traced = _judged(moment, compiled)
    if traced is None:  # a per-service rule, and no service available
        return _result(
            moment.plan, compiled, ruleset_id, status, reason, steps, objective=rule.objective
        )
    steps.extend(traced[0])
    return _result(
        moment.plan,
        compiled,
        ruleset_id,
        status,
        reason,
        steps,
        trace=traced[2],  # shared by the rules that share it: no result changes its trace
        # Shared, as the trace, by the rules of one definition: no result changes them.
        services=units if compiled.scope == "service" else None,
        offers=units if compiled.scope == "offer" else None,
    )


Judged = tuple[Status, list[UnitStatus] | None, str, tuple | None]


def _judged(moment: Moment, compiled: CompiledRule) -> Judged:
    """An applicable ungraded rule's status, its units' statuses, the reason, and its traced
    steps, reason and published trace (None: no service available to judge it on).

    A per-unit rule's are those of every rule that uses the same definition with the same
    attestation (see Moment._per_unit: the same verdict on each unit, so the same deciding
    unit and trace): worked out once for all of them."""
    rule_id = compiled.rule.id
    group = None
    if compiled.scope != "provider" and moment.units.get(compiled.scope):
        group = moment.group(compiled)
        done = moment.judged.get(group)
        if done is not None:
            moment.settle(rule_id, done[0], done[1])
            return done
    status, units = moment.status(rule_id)
    if status == "not_applicable":
        return status, units, i18n._("no service of the provider is available at this date"), None
    deciding = moment.deciding_unit(compiled, status) if units else None
    scope, profile = (deciding[1], deciding[2]) if deciding else (moment.scope, moment.profile)
    _set_attestation(scope, profile, rule_id)
    # As for verdicts (Moment._verdict): the same compiled condition on the same scope with the
    # same attestation gives the same steps, and so the same reason and published trace.
    key = shared(compiled, scope)
    traced = moment.traces.get(key)
    if traced is None:
        own: list[Step] = []
        verdict(compiled, scope, own)
        traced = moment.traces[key] = (own, _reason(status, own), _trace(own))
    reason = traced[1]
    if deciding:
        reason = f"{i18n.term('scope', compiled.scope)} {deciding[0]}: {reason}"
    done = (status, units, reason, traced)
    if group is not None:
        moment.judged[group] = done
    return done


def _result(
    plan: Plan,
    compiled: CompiledRule,
    ruleset_id: str,
    status: Status,
    reason: str,
    steps: list[Step],
    **given: Any,
) -> Result:
    """A result of ``compiled``; ``given`` sets the fields that depend on the kind of rule."""
    fields = plan.head(compiled, ruleset_id).copy()
    fields["status"], fields["reason"] = status, reason
    fields["trace"] = given.pop("trace") if "trace" in given else _trace(steps)
    # Lists of each result its own: the head's are shared by all of the rule's results.
    fields["horizons"], fields["mapped"] = [], []
    fields["untranslated"] = list(fields["untranslated"])
    fields.update(given)
    # Every value comes from already-validated models: built, not validated again (the JSON
    # schema test checks the output); every field given, in order.
    return Result.of(fields)


def _trace(steps: list[Step]) -> list[TraceStep]:
    of = TraceStep.of
    return [
        of(
            {
                "fact": fact,
                "op": op,
                "expected": _plain(expected),
                "actual": _plain(actual),
                "outcome": outcome,
                "sources": list(sources),
                "note": note or None,
            }
        )
        for fact, op, expected, actual, outcome, sources, note, _commitment in steps
    ]


def grades(plan: Plan, profile: ProviderProfile, at: dt.date, when: dt.date) -> dict[str, Grade]:
    """The outcome of every applicable graded rule of the plan at ``when``."""
    moment = Moment(plan, profile, at, when)
    for rule_id, _, _, route in plan.fast:
        if route == 2:
            moment.status(rule_id)
    return moment.grades


def _confidences(
    plan: Plan, profile: ProviderProfile, at: dt.date, results: list[Result]
) -> dict[str, str]:
    """Per decided result (met, partial, gap): the strongest confidence level whose facts alone
    give the same status — so the weakest confidence among the facts it needs."""
    wanted = {r.rule: r.status for r in results if r.status in ("met", "partial", "gap")}
    answered = {
        r.rule: (r.grade.worst, r.grade.best)
        for r in results
        if r.status == "answered" and r.grade is not None
    }
    wanted.update(dict.fromkeys(answered, "answered"))
    found: dict[str, str] = {}
    # Only levels some fact has: at any other level the evidence is that of a stronger one.
    present = sorted(confidences_in(profile), key=CONFIDENCE_ORDER.index)
    for level in present[:-1]:
        if len(found) == len(wanted):
            break
        weaker = at_confidence(profile, level)
        # Only the rules whose level is still to find: most verdicts of a thinly sourced
        # profile are unknown, and have no level. Their grades come from the same moment.
        moment = Moment(plan, weaker, at, at)
        seen = _statuses(moment, only=wanted.keys() - found.keys())
        graded = moment.grades
        for rule_id, status in wanted.items():
            if rule_id in found or seen.get(rule_id) != status:
                continue
            if (
                rule_id in answered
                and (graded[rule_id].worst, graded[rule_id].best) != answered[rule_id]
            ):
                continue
            found[rule_id] = level
    weakest = present[-1] if present else CONFIDENCE_ORDER[-1]
    return {r: found.get(r, weakest) for r in wanted}


# --- horizons -------------------------------------------------------------------------------


def _closings(
    plan: Plan, profile: ProviderProfile, at: dt.date, until: dt.date, open_rules: set[str]
) -> dict[str, Closing]:
    """For rules not met at ``at``: the first commitment target date that makes them met."""
    found: dict[str, Closing] = {}
    promised = commitments(profile)
    targets = sorted({c.target for c in promised if at <= c.target <= until})
    for target in targets:
        pending = open_rules - found.keys()
        if not pending:
            break
        moment = Moment(plan, profile, at, target)
        for ruleset_id, compiled, why_not in plan.rules:
            if compiled.rule.id not in pending or why_not:
                continue
            if moment.status(compiled.rule.id)[0] == "met":
                steps: list[Step] = []
                evaluate_rule(compiled, ruleset_id, moment, steps)
                used = {s.commitment_of for s in steps if s.commitment_of}
                labels = [
                    c.label for c in promised if c.service in used and at <= c.target <= target
                ]
                found[compiled.rule.id] = Closing(date=target, commitments=labels)
    return found


def _derogation_notes(
    derogations: Sequence[Derogation], at: dt.date, horizon_end: dt.date
) -> list[DerogationNote]:
    notes = []
    for d in sorted(derogations, key=lambda d: (d.expires, d.id)):
        state: DerogationState
        if at < d.starts:
            state = "not_started"
        elif at >= d.expires:
            state = "expired"
        elif d.expires <= horizon_end:
            state = "expires_soon"
        else:
            state = "valid"
        decision = f"{d.decision.authority}, {d.decision.reference} ({d.decision.date})"
        notes.append(
            DerogationNote(
                id=d.id,
                title=d.title,
                decision=decision,
                starts=d.starts,
                expires=d.expires,
                state=state,
                rules=d.rules,
            )
        )
    return notes


def _minimum(context: Context) -> tuple[int | None, dict[str, int]]:
    return context.min_seal, context.min_seal_objectives


def weights_of(loaded: LoadedRuleSet, context: Context) -> str:
    """The weight set of a graded rule set: the one asked for, else its first."""
    grading = loaded.model.grading
    assert grading is not None
    ids = [w.id for w in grading.weights]
    return context.weights if context.weights in ids else ids[0]


def summarise(rulesets: RuleSets, results: list[Result], context: Context | None = None) -> Summary:
    context = context or Context()
    summaries = []
    by_ruleset: dict[str, list[Result]] = {}
    for r in results:
        by_ruleset.setdefault(r.ruleset, []).append(r)
    for loaded, revision in rulesets:
        mine = by_ruleset.get(loaded.model.id, [])
        graded = None
        if loaded.model.grading is not None:
            graded = summarise_grading(
                loaded.model.grading, weights_of(loaded, context), mine, _minimum(context)
            )
        summaries.append(
            RuleSetSummary(
                ruleset=loaded.model.id,
                version=loaded.model.version,
                revision=revision,
                total=score(mine),
                categories=category_scores(mine),
                blocking_gaps=_blocking(mine, graded),
                grading=graded,
            )
        )
    confidences = Counter(r.confidence for r in results)
    return Summary(
        counts=Counts(
            **{s: sum(getattr(x.total.counts, s) for x in summaries) for s in Counts.model_fields}
        ),
        confidence={c: confidences[c] for c in CONFIDENCE_ORDER if confidences[c]},
        blocking_gaps=[f"{s.ruleset}:{g}" for s in summaries for g in s.blocking_gaps],
        rulesets=summaries,
    )


def _blocking(mine: list[Result], graded: GradingSummary | None) -> list[str]:
    """What rules a provider out in one rule set: its blocking gaps, then a failed minimum-level
    gate, which weighs like one."""
    blocking = [r.rule for r in mine if r.severity == "blocking" and r.status == "gap"]
    if graded is not None and graded.gate is not None and graded.gate.verdict == "fail":
        blocking.append("SEAL below the minimum: " + ", ".join(graded.gate.failing))
    return blocking


def _sound_gates(
    summary: Summary,
    rulesets: RuleSets,
    plan: Plan,
    profile: ProviderProfile,
    at: dt.date,
    context: Context,
    results: list[Result],
) -> Summary:
    """A failed minimum-level gate rules a provider out like a blocking gap, so, like one, it
    must not rest on an inference alone: the gate is judged again without inferences."""
    failed = [
        s
        for s in summary.rulesets
        if s.grading and s.grading.gate and s.grading.gate.verdict == "fail"
    ]
    if not failed or not has_inferences(profile):
        return summary
    sound = grades(plan, at_confidence(profile, CONFIDENCE_ORDER[-2]), at, at)
    objective_of = {r.rule: r.objective or "" for r in results}
    rulesets_out = []
    for summed in summary.rulesets:
        s, g = summed, summed.grading
        if s in failed and g is not None:
            loaded = next(r for r, _ in rulesets if r.model.id == s.ruleset)
            assert loaded.model.grading is not None
            ids = {c.rule.id for c in loaded.rules}
            _, seal, per = grading_totals(
                loaded.model.grading,
                g.weights,
                {r: x for r, x in sound.items() if r in ids},
                objective_of,
            )
            verdict = grading_gate(seal, per, _minimum(context))
            if verdict is not None and verdict.verdict != "fail":
                g = g.model_copy(update={"gate": verdict})
                mine = [r for r in results if r.ruleset == s.ruleset]
                s = s.model_copy(update={"grading": g, "blocking_gaps": _blocking(mine, g)})
        rulesets_out.append(s)
    return summary.model_copy(
        update={
            "rulesets": rulesets_out,
            "blocking_gaps": [f"{s.ruleset}:{g}" for s in rulesets_out for g in s.blocking_gaps],
        }
    )


def _with_horizons(
    summary: Summary,
    rulesets: RuleSets,
    plan: Plan,
    profile: ProviderProfile,
    at: dt.date,
    months: list[int],
    context: Context,
    results: list[Result],
) -> Summary:
    """Graded rule sets' score and level at each horizon (commitments counted as delivered)."""
    graded = [
        (loaded, s)
        for (loaded, _), s in zip(rulesets, summary.rulesets, strict=True)
        if s.grading is not None
    ]
    if not graded or not months:
        return summary
    objective_of = {r.rule: r.objective or "" for r in results}
    by_month = {m: grades(plan, profile, at, add_months(at, m)) for m in months}
    for loaded, s in graded:
        assert s.grading is not None and loaded.model.grading is not None
        ids = {c.rule.id for c in loaded.rules}
        s.grading.horizons.extend(
            grading_horizon(
                loaded.model.grading,
                s.grading.weights,
                {r: g for r, g in by_month[m].items() if r in ids},
                objective_of,
                m,
                add_months(at, m),
                _minimum(context),
            )
            for m in months
        )
    return summary


_INVERSE: dict[Relation, Relation] = {
    "subset": "superset",
    "superset": "subset",
    "equal": "equal",
    "intersect": "intersect",
}


def _mapped(results: list[Result], mappings: Sequence[Mapping]) -> list[Result]:
    """Each result with the rules of other referentials mapped to it, and their verdicts."""
    by_id = {r.rule: r for r in results}
    links: dict[str, list[Mapped]] = {}
    for m in mappings:
        basis = m.reference.title if m.reference else i18n._("our reading")
        for here, there, relation in (
            (m.source, m.target, m.relation),
            (m.target, m.source, _INVERSE[m.relation]),
        ):
            other = by_id.get(there)
            links.setdefault(here, []).append(
                Mapped(
                    rule=there,
                    relation=relation,
                    basis=basis,
                    status=other.status if other else None,
                    seal=other.grade.seal if other and other.grade else None,
                )
            )
    return [
        r.model_copy(update={"mapped": links[r.rule]}) if r.rule in links else r for r in results
    ]


def evaluate(
    rulesets: RuleSets,
    profile: ProviderProfile,
    at: dt.date,
    context: Context | None = None,
    horizons: Sequence[int] = (),
    derogations: Sequence[Derogation] = (),
    support: RuleSets = (),
    mappings: Sequence[Mapping] = (),
    plan: Plan | None = None,
) -> Report:
    """Every active rule of every rule set (at its revision, if given) against the profile at
    ``at``; with ``horizons`` (months), the verdicts at each later date too. ``support`` rule
    sets only resolve {rule: ...} references to them; they are not reported. ``plan``: what
    ``Plan.build(rulesets, context, support)`` gives, built once for many profiles."""
    context = context or Context()
    if plan is None:
        plan = Plan.build(rulesets, context, support)
    elif plan.context != context:
        raise ValueError("the plan was built for another context")
    with _collector_paused():
        return _evaluate(rulesets, profile, at, context, horizons, derogations, plan, mappings)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Cyclic garbage collection off while a report is built: it makes thousands of objects
    that all live on, and each collection scanned every one of them again (half the time of
    a traced evaluation at 5,000 rules, and the cause of its growing faster than the rules).
    The few cycles made meanwhile (a moment and its scopes) are collected afterwards."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _evaluate(
    rulesets: RuleSets,
    profile: ProviderProfile,
    at: dt.date,
    context: Context,
    horizons: Sequence[int],
    derogations: Sequence[Derogation],
    plan: Plan,
    mappings: Sequence[Mapping],
) -> Report:
    scoped = in_scope(profile, context)
    if context.min_confidence:
        scoped = at_confidence(scoped, context.min_confidence)
    mine = [
        d
        for d in derogations
        if d.provider == profile.id
        and (not d.services or (context.services and set(context.services) <= set(d.services)))
    ]
    moment = Moment(plan, scoped, at, at)
    results = [
        evaluate_rule(compiled, ruleset_id, moment) for ruleset_id, compiled, _ in plan.rules
    ]
    corrected = {r.rule: r.status for r in results}
    inferred = _without_inference(plan, scoped, at, at, corrected)
    confidences = _confidences(plan, scoped, at, results)
    for i, result in enumerate(results):
        update: dict[str, object] = {"confidence": confidences.get(result.rule)}
        if result.rule in inferred:
            # The verdict is what sourced facts say without the inference; the reason says so.
            update.update(
                status=corrected[result.rule],
                confidence=None,
                reason=i18n._(
                    "a gap only by inference, not a finding: %(reason)s", reason=result.reason
                ),
            )
        waiver = _waiver(result.rule, str(update.get("status", result.status)), mine, at)
        if waiver:
            update.update(status="waived", waiver=waiver)
        if update != {"confidence": None}:  # a result without a confidence stays as built
            results[i] = result.model_copy(update=update)
    results = _mapped(results, mappings)
    months = sorted(set(horizons) | ({0} if horizons else set()))
    end = add_months(at, months[-1] if months else 6)
    if months:
        by_month = {m: statuses(plan, scoped, at, add_months(at, m), mine) for m in months}
        open_rules = {r.rule for r in results if r.status in ("gap", "partial", "unknown")}
        closings = _closings(plan, scoped, at, end, open_rules)
        results = [
            r.model_copy(
                update={
                    "horizons": [
                        Horizon(months=m, date=add_months(at, m), status=by_month[m][r.rule])
                        for m in months
                    ],
                    "closing": closings.get(r.rule),
                }
            )
            for r in results
        ]
    notes = commitments(scoped)
    traces = {id(r.trace): r.trace for r in results}  # each shared trace read once
    cited = sorted(
        {src for trace in traces.values() for step in trace for src in step.sources}
        | {c.source for c in notes}
    )
    return Report(
        lang=i18n.language(),
        provider=ProviderRef.of_profile(profile),
        evaluated_at=at,
        context=context,
        reconstructed=reconstructed(rulesets),
        rulesets=RuleSetRef.all_of(rulesets),
        summary=_with_horizons(
            _sound_gates(
                summarise(rulesets, results, context), rulesets, plan, scoped, at, context, results
            ),
            rulesets,
            plan,
            scoped,
            at,
            months,
            context,
            results,
        ),
        results=results,
        horizons=months,
        commitments=CommitmentNote.all_of(notes, at),
        derogations=_derogation_notes(mine, at, end),
        sources={sid: profile.sources[sid] for sid in cited if sid in profile.sources},
    )
