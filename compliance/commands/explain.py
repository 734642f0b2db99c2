"""`compliance explain`: one rule, its condition, and how it is decided for one provider."""

from __future__ import annotations

from typing import Annotated

import typer

from compliance import i18n, inputs
from compliance.commands import AddRulesOpt, AtOpt, LangOpt, ProviderArg, RulesOpt, examples, speak
from compliance.errors import UsageError


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
    lang: LangOpt = None,
) -> None:
    """Show a rule, its condition, and how it is decided for one provider."""
    speak(lang)
    import yaml

    from compliance.engine.evaluate import evaluate
    from compliance.engine.results import describe
    from compliance.errors import did_you_mean
    from compliance.formats.text import RELATION
    from compliance.i18n import N_, _, term

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
    mark = {
        field: f"[{i18n.SOURCE}] " if field in result.untranslated else "" for field in i18n.TEXTS
    }
    lines = [
        *(
            [
                _(
                    "DEMONSTRATION, NOT A FINDING: %(ruleset)s (provenance: %(provenance)s) holds "
                    "requirements rebuilt or invented, not a referential's text.",
                    ruleset=loaded.model.id,
                    provenance=term("provenance", loaded.model.provenance),
                ),
                "",
            ]
            if loaded.model.provenance != "published"
            else []
        ),
        f"{rule.id}: {mark['title']}{result.title}  [{loaded.model.id} "
        f"{', '.join(rule.clauses)}; {term('category', rule.category)}; "
        f"{term('severity', rule.severity)}]",
        "",
        mark["summary"] + result.summary,
        "",
        condition.rstrip(),
        "",
        _(
            "%(provider)s at %(date)s: %(status)s (%(reason)s)",
            provider=profile.model.name,
            date=day,
            status=term("status", result.status).upper(),
            reason=result.reason,
        ),
        _("confidence:")
        + " "
        + (
            term("confidence", result.confidence)
            if result.confidence
            else _("none (no fact decided it)")
        ),
    ]
    for m in result.mapped:
        verdict = (
            "SEAL "
            + (
                str(m.seal.low)
                if m.seal.high == m.seal.low
                else _("%(low)s to %(high)s", low=m.seal.low, high=m.seal.high)
            )
            if m.seal
            else term("status", m.status)
            if m.status
            else _("not evaluated")
        )
        lines.append(
            _(
                "maps to %(rule)s (%(relation)s; %(basis)s): %(verdict)s",
                rule=m.rule,
                relation=_(RELATION[m.relation]),
                basis=m.basis,
                verdict=verdict,
            )
        )
    if result.grade is not None and result.grade.seal is not None:
        lines.append(
            _(
                "SEAL %(low)s to %(high)s, points %(points_low)s to %(points_high)s",
                low=result.grade.seal.low,
                high=result.grade.seal.high,
                points_low=result.grade.points.low,
                points_high=result.grade.points.high,
            )
        )
    for label, each in ((N_("services"), result.services), (N_("offers"), result.offers)):
        if each:
            lines.append(
                _(label) + ": " + ", ".join(f"{u.id} {term('status', u.status)}" for u in each)
            )
    lines.append("")
    outcome = {True: _("true"), False: _("false"), None: _("unknown")}
    for step in result.trace:
        test = step.op if step.expected is None else f"{step.op} {describe(step.expected)}"
        lines.append(
            f"  {step.fact} {test}: {describe(step.actual)} -> {outcome[step.outcome]}"
            + (f"  ({step.note})" if step.note else "")
        )
        for sid in step.sources:
            src = profile.model.sources[sid]
            lines.append(
                "      " + _("source %(id)s:", id=sid) + f" {src.title} ({src.date}, "
                f"{term('confidence', src.confidence)}) {src.url or src.document}"
            )
    typer.echo("\n".join(lines))
