"""`compliance explain`: one rule, its condition, and how it is decided for one provider."""

from __future__ import annotations

from typing import Annotated

import typer

from compliance import inputs
from compliance.commands import AddRulesOpt, AtOpt, ProviderArg, RulesOpt, examples
from compliance.inputs import UsageError


@examples(
    (
        "Why Azure fails SecNumCloud 19.6 b: the facts, values and sources that decide it",
        "compliance explain SNC-19.6.b providers/azure.yaml",
    ),
    ("At a past date", "compliance explain STACK-FULL-SNC providers/ovhcloud.yaml --at 2023-12-13"),
)
def explain(
    rule_id: Annotated[str, typer.Argument(help="Rule id, e.g. SNC-19.6.a.")],
    provider: ProviderArg,
    rules: RulesOpt = None,
    add_rules: AddRulesOpt = None,
    at: AtOpt = None,
) -> None:
    """Show a rule, its condition, and how it is decided for one provider."""
    import yaml

    from compliance.errors import did_you_mean
    from compliance.evaluate import evaluate
    from compliance.results import describe

    day = inputs.date(at)
    mappings: list = []
    rulesets, support = inputs.rule_sets(rules, add_rules, reconstructions=True, mappings=mappings)
    (profile,) = inputs.profiles([provider])
    found = [(r, c) for r, _ in rulesets for c in r.rules if c.rule.id == rule_id]
    if not found:
        ids = [c.rule.id for r, _ in rulesets for c in r.rules]
        raise UsageError(f"no rule '{rule_id}'" + did_you_mean(rule_id, ids))
    loaded, compiled = found[0]
    rule = compiled.rule
    # The whole evaluation, so that the confidence and any inference rule apply as in reports.
    report = evaluate(rulesets, profile.model, day, support=support, mappings=mappings)
    result = next((r for r in report.results if r.rule == rule.id), None)
    if result is None:
        removed = f" (removed in {rule.removed})" if rule.removed else ""
        first = rule.introduced or (
            loaded.model.revisions[0].id if loaded.model.revisions else "REVISION"
        )
        raise UsageError(
            f"{rule.id} is not in force in the revision evaluated{removed}: name "
            f"one where it is, e.g. --rules {loaded.path}@{first}"
        )
    condition = yaml.safe_dump(
        rule.model_dump(
            mode="json", by_alias=True, exclude_none=True, include={"condition", "partial"}
        ),
        sort_keys=False,
        allow_unicode=True,
    )
    lines = [
        *(
            [
                f"DEMONSTRATION, NOT A FINDING: {loaded.model.id} is a {loaded.model.provenance} "
                "(requirements rebuilt, not the referential's text).",
                "",
            ]
            if loaded.model.provenance != "published"
            else []
        ),
        f"{rule.id}: {rule.title}  [{loaded.model.id} {', '.join(rule.clauses)}; "
        f"{rule.category}; {rule.severity}]",
        "",
        rule.summary,
        "",
        condition.rstrip(),
        "",
        f"{profile.model.name} at {day}: {result.status.upper()} ({result.reason})",
        f"confidence: {result.confidence or 'none (no fact decided it)'}",
    ]
    for m in result.mapped:
        verdict = (
            f"SEAL {m.seal.low}" + (f" to {m.seal.high}" if m.seal.high != m.seal.low else "")
            if m.seal
            else (m.status or "not evaluated")
        )
        lines.append(f"maps to {m.rule} ({m.relation}; {m.basis}): {verdict}")
    if result.grade is not None and result.grade.seal is not None:
        lines.append(
            f"SEAL {result.grade.seal.low} to {result.grade.seal.high}, points "
            f"{result.grade.points.low} to {result.grade.points.high}"
        )
    for label, units in (("services", result.services), ("offers", result.offers)):
        if units:
            lines.append(f"{label}: " + ", ".join(f"{u.id} {u.status}" for u in units))
    lines.append("")
    outcome = {True: "true", False: "false", None: "unknown"}
    for step in result.trace:
        test = step.op if step.expected is None else f"{step.op} {describe(step.expected)}"
        lines.append(
            f"  {step.fact} {test}: {describe(step.actual)} -> {outcome[step.outcome]}"
            + (f"  ({step.note})" if step.note else "")
        )
        for sid in step.sources:
            src = profile.model.sources[sid]
            lines.append(
                f"      source {sid}: {src.title} ({src.date}, {src.confidence}) "
                f"{src.url or src.document}"
            )
    typer.echo("\n".join(lines))
