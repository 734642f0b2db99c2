"""Evaluation: a pure function of (rule sets, profile, date, context, horizons, derogations)
to a report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from compliance.catalogue import Known, Scope
from compliance.scopes import profile_scope
from compliance.conditions import Compiled, Step
from compliance.derogations import Derogation
from compliance.load import CompiledRule, LoadedRuleSet
from compliance.models.profile import ProviderProfile
from compliance.models.ruleset import Rule
from compliance.results import (
    Closing,
    CommitmentNote,
    Context,
    Counts,
    DerogationNote,
    Horizon,
    ProviderRef,
    Report,
    Result,
    RuleSetRef,
    RuleSetSummary,
    Status,
    Summary,
    TraceStep,
    Waiver,
    describe,
    score,
)
from compliance.revisions import active_rules
from compliance.timeline import add_months, commitments

RuleSets = Sequence[tuple[LoadedRuleSet, str | None]]


def in_scope(profile: ProviderProfile, context: Context) -> ProviderProfile:
    """The profile restricted to the services and layers in scope, and to the subcontractors
    involved in them (a subcontractor naming no service is involved in all)."""
    services = [s for s in profile.services
                if s.layer in context.layers
                and (not context.services or s.id in context.services)]
    if len(services) == len(profile.services):
        return profile
    ids = {s.id for s in services}
    org = profile.organisation
    subs = [s for s in org.subcontractors if not s.services or ids & set(s.services)]
    return profile.model_copy(update={
        "services": services,
        "organisation": org.model_copy(update={"subcontractors": subs})})


def applicability(rule: Rule, context: Context) -> str | None:
    """Why the rule does not apply in this context, or None when it applies."""
    wanted = rule.applies_to
    if wanted.data and context.data_kind not in wanted.data:
        return f"concerns {', '.join(wanted.data)} data, not {context.data_kind} data"
    if wanted.layers and not set(wanted.layers) & set(context.layers):
        return f"concerns {', '.join(wanted.layers)} services, none in scope"
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
        return "no fact decided"
    shown = [f"{s.fact} = {describe(s.actual)}" + (f" ({s.note})" if s.note else "")
             for s in decisive[-3:]]
    more = f" and {len(decisive) - 3} more" if len(decisive) > 3 else ""
    return "; ".join(shown) + more


def _set_attestation(scope: Scope, profile: ProviderProfile, rule_id: str) -> None:
    """The attestation of ``rule_id``, from its source's date on (before it, none)."""
    fact = profile.attestations.get(rule_id)
    if fact is not None:
        when = scope.facts["evaluation_date"].value
        if when < profile.sources[fact.source].date:
            fact = None
    scope.facts["attestation"] = None if fact is None else Known(
        fact.value, (fact.source,), fact.note or "")


def _plain(value: object) -> object:
    if isinstance(value, frozenset | set | tuple):
        return sorted(value)
    return value


# --- one date -------------------------------------------------------------------------------


@dataclass
class Plan:
    """What does not depend on the provider, prepared once: the rules in force, whether each
    applies in the context, and every loaded rule by id for {rule: ...} references."""

    context: Context
    rules: list[tuple[str, CompiledRule, str | None]]  # (rule set id, rule, why not applicable)
    by_id: dict[str, CompiledRule]
    # The hot loop's view: (rule id, condition, partial or None) of the applicable rules.
    fast: list[tuple[str, Compiled, Compiled | None]]

    @classmethod
    def build(cls, rulesets: RuleSets, context: Context, support: RuleSets = ()) -> Plan:
        rules = [(loaded.model.id, c, applicability(c.rule, context))
                 for loaded, rev in rulesets for c in active_rules(loaded, rev)]
        by_id = {c.rule.id: c for loaded, _ in (*rulesets, *support) for c in loaded.rules}
        fast = [(c.rule.id, c.condition, c.partial) for _, c, why_not in rules if not why_not]
        return cls(context, rules, by_id, fast)


def prepare_scope(plan: Plan, profile: ProviderProfile, at: dt.date, when: dt.date) -> Scope:
    """The profile's facts at ``when`` (seen from ``at``), able to resolve {rule: ...} nodes."""
    scope = profile_scope(profile, at, when)
    memo: dict[str, Status] = {}

    def status(rule_id: str) -> str:
        if rule_id not in memo:
            memo[rule_id] = "unknown"  # a reference cycle reads as unknown, never as met
            compiled = plan.by_id.get(rule_id)
            if compiled is None:
                return "unknown"
            saved = scope.facts.get("attestation")
            if applicability(compiled.rule, plan.context):
                memo[rule_id] = "not_applicable"
            else:
                _set_attestation(scope, profile, rule_id)
                memo[rule_id] = verdict(compiled, scope, None)
            scope.facts["attestation"] = saved
        return memo[rule_id]

    scope.rule_status = status
    return scope


def _waiver(rule_id: str, status: Status, derogations: Sequence[Derogation], day: dt.date
            ) -> Waiver | None:
    if status in ("met", "not_applicable"):
        return None
    for d in derogations:
        if d.valid_on(day) and rule_id in d.rules:
            decision = f"{d.decision.authority}, {d.decision.reference} ({d.decision.date})"
            return Waiver(derogation=d.id, decision=decision, expires=d.expires,
                          underlying=status)
    return None


def statuses(plan: Plan, profile: ProviderProfile, at: dt.date, when: dt.date,
             derogations: Sequence[Derogation] = ()) -> dict[str, Status]:
    """Status of every rule of the plan at ``when``, without traces (horizons, history and
    the benchmark's hot path)."""
    scope = prepare_scope(plan, profile, at, when)
    attested = profile.attestations
    facts = scope.facts
    facts["attestation"] = None
    out: dict[str, Status] = {c.rule.id: "not_applicable" for _, c, why in plan.rules if why}
    # verdict() inlined: this loop is the "rule evaluations per second" of the benchmark.
    for rule_id, condition, partial in plan.fast:
        if attested:
            _set_attestation(scope, profile, rule_id)
        outcome = condition(scope, None)
        if outcome is True:
            out[rule_id] = "met"
            continue
        if partial is not None and partial(scope, None) is True:
            status: Status = "partial"
        else:
            status = "gap" if outcome is False else "unknown"
        if derogations and _waiver(rule_id, status, derogations, when):
            status = "waived"
        out[rule_id] = status
    return out


def evaluate_rule(compiled: CompiledRule, ruleset_id: str, scope: Scope,
                  profile: ProviderProfile, context: Context) -> Result:
    rule = compiled.rule
    steps: list[Step] = []
    why_not = applicability(rule, context)
    if why_not:
        status: Status = "not_applicable"
        reason = why_not
    else:
        _set_attestation(scope, profile, rule.id)
        status = verdict(compiled, scope, steps)
        reason = _reason(status, steps)
    # model_construct: every value comes from already-validated models; re-validating ~6,000
    # results per run cost a third of `evaluate` (the JSON schema test checks the output).
    return Result.model_construct(
        ruleset=ruleset_id, rule=rule.id, title=rule.title, summary=rule.summary,
        clauses=rule.clauses, category=rule.category, severity=rule.severity, status=status,
        reason=reason,
        trace=[TraceStep.model_construct(
            fact=s.fact, op=s.op, expected=_plain(s.expected), actual=_plain(s.actual),
            outcome=s.outcome, sources=list(s.sources), note=s.note or None) for s in steps],
        remediation=rule.remediation, horizons=[], closing=None, waiver=None,
    )


# --- horizons -------------------------------------------------------------------------------


def _closings(plan: Plan, profile: ProviderProfile, at: dt.date, until: dt.date,
              open_rules: set[str]) -> dict[str, Closing]:
    """For rules not met at ``at``: the first commitment target date that makes them met."""
    found: dict[str, Closing] = {}
    promised = commitments(profile)
    targets = sorted({c.target for c in promised if at <= c.target <= until})
    for target in targets:
        pending = open_rules - found.keys()
        if not pending:
            break
        scope = prepare_scope(plan, profile, at, target)
        for _, compiled, why_not in plan.rules:
            if compiled.rule.id not in pending or why_not:
                continue
            _set_attestation(scope, profile, compiled.rule.id)
            steps: list[Step] = []
            if verdict(compiled, scope, steps) == "met":
                used = sorted({s.fact.split(".")[0].removeprefix("services[").rstrip("]")
                               for s in steps if s.note.startswith("projected")})
                labels = [c.label for c in promised
                          if c.service in used and at <= c.target <= target]
                found[compiled.rule.id] = Closing(date=target, commitments=labels)
    return found


def _derogation_notes(derogations: Sequence[Derogation], at: dt.date, horizon_end: dt.date
                      ) -> list[DerogationNote]:
    notes = []
    for d in sorted(derogations, key=lambda d: (d.expires, d.id)):
        if at < d.starts:
            state = "not_started"
        elif at >= d.expires:
            state = "expired"
        elif d.expires <= horizon_end:
            state = "expires_soon"
        else:
            state = "valid"
        decision = f"{d.decision.authority}, {d.decision.reference} ({d.decision.date})"
        notes.append(DerogationNote(id=d.id, title=d.title, decision=decision, starts=d.starts,
                                    expires=d.expires, state=state, rules=d.rules))
    return notes


def summarise(rulesets: RuleSets, results: list[Result]) -> Summary:
    summaries = []
    for loaded, revision in rulesets:
        mine = [r for r in results if r.ruleset == loaded.model.id]
        categories = sorted({r.category for r in mine})
        summaries.append(RuleSetSummary(
            ruleset=loaded.model.id, version=loaded.model.version, revision=revision,
            total=score(mine),
            categories={c: score([r for r in mine if r.category == c]) for c in categories},
            blocking_gaps=[r.rule for r in mine if r.severity == "blocking" and r.status == "gap"],
        ))
    return Summary(
        counts=Counts(**{s: sum(getattr(x.total.counts, s) for x in summaries)
                         for s in Counts.model_fields}),
        blocking_gaps=[f"{s.ruleset}:{g}" for s in summaries for g in s.blocking_gaps],
        rulesets=summaries,
    )


def evaluate(rulesets: RuleSets, profile: ProviderProfile, at: dt.date,
             context: Context | None = None, horizons: Sequence[int] = (),
             derogations: Sequence[Derogation] = (), support: RuleSets = ()) -> Report:
    """Every active rule of every rule set (at its revision, if given) against the profile at
    ``at``; with ``horizons`` (months), the verdicts at each later date too. ``support`` rule
    sets only resolve {rule: ...} references to them; they are not reported."""
    context = context or Context()
    scoped = in_scope(profile, context)
    mine = [d for d in derogations if d.provider == profile.id
            and (not d.services or (context.services and set(context.services) <= set(d.services)))]
    plan = Plan.build(rulesets, context, support)
    scope = prepare_scope(plan, scoped, at, at)
    results = []
    for ruleset_id, compiled, _ in plan.rules:
        result = evaluate_rule(compiled, ruleset_id, scope, scoped, context)
        waiver = _waiver(result.rule, result.status, mine, at)
        if waiver:
            result = result.model_copy(update={"status": "waived", "waiver": waiver})
        results.append(result)
    months = sorted(set(horizons) | ({0} if horizons else set()))
    end = add_months(at, months[-1] if months else 6)
    if months:
        by_month = {m: statuses(plan, scoped, at, add_months(at, m), mine) for m in months}
        open_rules = {r.rule for r in results if r.status in ("gap", "partial", "unknown")}
        closings = _closings(plan, scoped, at, end, open_rules)
        results = [r.model_copy(update={
            "horizons": [Horizon(months=m, date=add_months(at, m), status=by_month[m][r.rule])
                         for m in months],
            "closing": closings.get(r.rule)}) for r in results]
    notes = commitments(scoped)
    cited = sorted({src for r in results for step in r.trace for src in step.sources}
                   | {c.source for c in notes})
    return Report(
        provider=ProviderRef(id=profile.id, name=profile.name, as_of=profile.as_of),
        evaluated_at=at,
        context=context,
        rulesets=[RuleSetRef(id=r.model.id, version=r.model.version, title=r.model.title,
                             publisher=r.model.publisher, revision=rev) for r, rev in rulesets],
        summary=summarise(rulesets, results),
        results=results,
        horizons=months,
        commitments=[CommitmentNote(service=c.service, scheme=c.scheme, version=c.version,
                                    target=c.target, source=c.source,
                                    state="slipped" if c.slipped(at) else "upcoming")
                     for c in notes],
        derogations=_derogation_notes(mine, at, end),
        sources={sid: profile.sources[sid] for sid in cited if sid in profile.sources},
    )
