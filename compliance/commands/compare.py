"""`compliance compare`: the procurement matrix of several providers."""

from __future__ import annotations

from compliance import inputs
from compliance.commands import (
    AddRulesOpt,
    AtOpt,
    DerogationsOpt,
    FormatOpt,
    HorizonsOpt,
    LangOpt,
    MinSealOpt,
    OutputOpt,
    ProvidersArg,
    RulesOpt,
    WeightsOpt,
    examples,
    speak,
)
from compliance.formats import render


@examples(
    (
        "Every shipped provider side by side, at the date of the mission's report",
        "compliance compare providers/*.yaml --at 2023-12-13",
    ),
    (
        "Ranked under the EU framework, SEAL-2 required, now and at +6, +12, +18 months",
        "compliance compare providers/*.yaml --rules rules/eu-csf-1.2.1.yaml --min-seal 2 "
        "--horizons 0,6,12,18",
    ),
)
def compare(
    providers: ProvidersArg,
    rules: RulesOpt = None,
    add_rules: AddRulesOpt = None,
    at: AtOpt = None,
    horizons: HorizonsOpt = None,
    derogations: DerogationsOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    weights: WeightsOpt = None,
    min_seal: MinSealOpt = None,
    lang: LangOpt = None,
) -> None:
    """Providers side by side: scores per rule set and category, per horizon; graded rule sets
    ranked as buyers do (the minimum level first, then the score)."""
    speak(lang)
    from compliance.analyses.compare import compare as run
    from compliance.engine.evaluate import Plan, evaluate
    from compliance.engine.results import Context

    chosen = inputs.output_format("Comparison", fmt, output)
    day, months = inputs.date(at), inputs.horizons(horizons)
    mappings: list = []
    rulesets, support = inputs.rule_sets(rules, add_rules, mappings=mappings)
    inputs.weights(weights, rulesets)
    overall_seal, objective_seals = inputs.min_seal(min_seal)
    inputs.check_objectives(objective_seals, rulesets)
    waivers = inputs.derogations(derogations)
    context = Context(weights=weights, min_seal=overall_seal, min_seal_objectives=objective_seals)
    plan = Plan.build(rulesets, context, support)  # once for all the providers
    reports = [
        evaluate(
            rulesets,
            p.model,
            day,
            context,
            horizons=months,
            derogations=waivers,
            support=support,
            mappings=mappings,
            plan=plan,
        )
        for p in inputs.profiles(providers)
    ]
    result = run(reports)
    inputs.emit(render(result, chosen), output)
