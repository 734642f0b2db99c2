"""Evaluation: a pure function of (rule sets, profile, date, context) to a report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from compliance.catalogue import Known, Scope, profile_scope
from compliance.conditions import Step
from compliance.load import CompiledRule, LoadedRuleSet
from compliance.models.profile import ProviderProfile
from compliance.models.ruleset import Rule
from compliance.results import (
    Context,
    Counts,
    ProviderRef,
    Report,
    Result,
    RuleSetRef,
    RuleSetSummary,
    Status,
    Summary,
    TraceStep,
    score,
)
from compliance.revisions import active_rules


def in_scope(profile: ProviderProfile, context: Context) -> ProviderProfile:
    """The profile restricted to the services and layers in scope."""
    services = [s for s in profile.services
                if s.layer in context.layers
                and (not context.services or s.id in context.services)]
    if len(services) == len(profile.services):
        return profile
    return profile.model_copy(update={"services": services})


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
    shown = []
    for step in decisive[-3:]:
        value = _word(step.actual)
        shown.append(f"{step.fact} = {value}" + (f" ({step.note})" if step.note else ""))
    more = f" and {len(decisive) - 3} more" if len(decisive) > 3 else ""
    return "; ".join(shown) + more


def _word(value: object) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(map(str, value)) + "]"
    return str(value)


def _set_attestation(scope: Scope, profile: ProviderProfile, rule_id: str) -> None:
    fact = profile.attestations.get(rule_id)
    scope.facts["attestation"] = None if fact is None else Known(fact.value, (fact.source,))


def _rule_resolver(rulesets: Sequence[tuple[LoadedRuleSet, str | None]], scope: Scope,
                   profile: ProviderProfile, context: Context):
    """Status of any loaded rule by id, computed once, for {rule: ...} references."""
    by_id = {c.rule.id: c for loaded, _ in rulesets for c in loaded.rules}
    memo: dict[str, str] = {}

    def status(rule_id: str) -> str:
        if rule_id not in memo:
            compiled = by_id.get(rule_id)
            memo[rule_id] = "unknown"  # a reference cycle reads as unknown, never as met
            if compiled is None:
                return "unknown"
            saved = scope.facts.get("attestation")
            if applicability(compiled.rule, context):
                memo[rule_id] = "not_applicable"
            else:
                _set_attestation(scope, profile, rule_id)
                memo[rule_id] = verdict(compiled, scope, None)
            scope.facts["attestation"] = saved
        return memo[rule_id]
    return status


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
    return Result(
        ruleset=ruleset_id, rule=rule.id, title=rule.title, summary=rule.summary,
        clauses=rule.clauses,
        category=rule.category, severity=rule.severity, status=status, reason=reason,
        trace=[TraceStep(fact=s.fact, op=s.op, expected=_plain(s.expected),
                         actual=_plain(s.actual), outcome=s.outcome, sources=list(s.sources),
                         note=s.note or None) for s in steps],
        remediation=rule.remediation,
    )


def _plain(value: object) -> object:
    if isinstance(value, frozenset | set | tuple):
        return sorted(value)
    return value


def summarise(rulesets: Sequence[tuple[LoadedRuleSet, str | None]],
              results: list[Result]) -> Summary:
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
        counts=Counts(**{s: sum(x.total.counts.model_dump()[s] for x in summaries)
                         for s in Counts.model_fields}),
        blocking_gaps=[f"{s.ruleset}:{g}" for s in summaries for g in s.blocking_gaps],
        rulesets=summaries,
    )


def evaluate(rulesets: Sequence[tuple[LoadedRuleSet, str | None]], profile: ProviderProfile,
             at: dt.date, context: Context | None = None) -> Report:
    """Every active rule of every rule set (at its revision, if given) against the profile."""
    context = context or Context()
    scoped = in_scope(profile, context)
    scope = profile_scope(scoped, at)
    scope.rule_status = _rule_resolver(rulesets, scope, scoped, context)
    results = [
        evaluate_rule(compiled, loaded.model.id, scope, scoped, context)
        for loaded, revision in rulesets
        for compiled in active_rules(loaded, revision)
    ]
    cited = sorted({src for r in results for step in r.trace for src in step.sources})
    return Report(
        provider=ProviderRef(id=profile.id, name=profile.name, as_of=profile.as_of),
        evaluated_at=at,
        context=context,
        rulesets=[RuleSetRef(id=r.model.id, version=r.model.version, title=r.model.title,
                             publisher=r.model.publisher, revision=rev) for r, rev in rulesets],
        summary=summarise(rulesets, results),
        results=results,
        sources={sid: profile.sources[sid] for sid in cited if sid in profile.sources},
    )
