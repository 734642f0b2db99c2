"""`compliance plan`: what it would take for one provider to meet the rule sets, and when its
commitments would get it there."""

from __future__ import annotations

from compliance import inputs
from compliance.commands import (
    AddRulesOpt,
    AtOpt,
    FormatOpt,
    LangOpt,
    OutputOpt,
    ProviderArg,
    RulesOpt,
    examples,
    speak,
)
from compliance.formats import render


@examples(
    (
        "What it would take for Azure to meet the default rule sets",
        "compliance plan providers/azure.yaml --at 2026-11-22",
    ),
    (
        "For the EU framework only, as JSON",
        "compliance plan providers/azure.yaml --rules eu-csf-1.2.1 --format json",
    ),
)
def plan(
    provider: ProviderArg,
    rules: RulesOpt = None,
    add_rules: AddRulesOpt = None,
    at: AtOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    lang: LangOpt = None,
) -> None:
    """For each gap and unknown, the fewest fact changes or pieces of evidence that would make it
    met, grouped into actions ranked by requirements closed; and the date each rule set would be
    fully met on the provider's commitments (a projection), or never."""
    speak(lang)
    from compliance.analyses.plan import plan as run

    chosen = inputs.output_format("PlanReport", fmt, output)
    day = inputs.date(at)
    targets, support = inputs.rule_sets(rules, add_rules)
    (profile,) = inputs.profiles([provider])
    result = run(targets, profile.model, day, support)
    inputs.emit(render(result, chosen), output)
