"""`compliance contradictions`: what no profile can meet (together or at all), what another
requirement already implies, and, with providers, what no single provider meets together."""

from __future__ import annotations

import typer

from compliance import inputs
from compliance.commands import (
    AddRulesOpt,
    AtOpt,
    FormatOpt,
    HorizonsOpt,
    LangOpt,
    OutputOpt,
    ProvidersOpt,
    RulesArg,
    examples,
    speak,
)
from compliance.errors import UsageError
from compliance.formats import render


@examples(
    (
        "Contradictions, dead and implied requirements of the packaged published rule sets",
        "compliance contradictions",
    ),
    (
        "In the HDH reconstruction's last revision (exit 1: it holds one)",
        "compliance contradictions rules/hdh/hdh.yaml@r6",
    ),
)
def contradictions(
    rules: RulesArg = None,
    providers: ProvidersOpt = None,
    add_rules: AddRulesOpt = None,
    at: AtOpt = None,
    horizons: HorizonsOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    lang: LangOpt = None,
) -> None:
    """Minimal sets of requirements no possible profile can meet together, requirements none
    can meet at all, and requirements another one implies; with --providers, also the market's
    infeasible sets: the minimal sets met one by one by some provider, never together by one,
    per horizon. Exit 1 when a contradiction or a dead requirement
    is found."""
    speak(lang)
    try:
        import z3  # noqa: F401  (the solver is an optional extra)
    except ImportError:
        raise UsageError(
            "this analysis needs the solver: pip install 'compliance[analysis]'"
        ) from None
    from compliance.analyses.contradictions import analyse

    chosen = inputs.output_format("Analysis", fmt, output)
    day, months = inputs.date(at), inputs.horizons(horizons)
    specs, files = inputs.split_profiles(rules, providers)
    targets, support = inputs.rule_sets(specs, add_rules)
    result = analyse(targets, day, support)
    if files:
        from compliance.analyses.market import market

        profiles = [p.model for p in inputs.profiles(files)]
        result = result.model_copy(
            update={"market": market(targets, profiles, day, months, support=support)}
        )
    inputs.emit(render(result, chosen), output)
    if not result.consistent:
        raise typer.Exit(1)
