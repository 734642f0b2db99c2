"""`compliance compare`: the procurement matrix of several providers."""

from __future__ import annotations

from typing import Annotated

import typer

from compliance import inputs
from compliance.commands import AtOpt, DerogationsOpt, FormatOpt, HorizonsOpt, OutputOpt, RulesOpt
from compliance.formats import Format


def compare(
    providers: Annotated[list[str], typer.Argument(help="Provider profile YAML files.")],
    rules: RulesOpt = None,
    at: AtOpt = None,
    horizons: HorizonsOpt = None,
    derogations: DerogationsOpt = None,
    fmt: FormatOpt = Format.markdown,
    output: OutputOpt = None,
) -> None:
    """Providers side by side: scores per rule set and category, per horizon."""
    from compliance.compare import compare as run
    from compliance.evaluate import evaluate

    day, months = inputs.date(at), inputs.horizons(horizons)
    rulesets = inputs.rulesets(rules)
    waivers = inputs.derogations(derogations)
    reports = [evaluate(rulesets, p.model, day, horizons=months, derogations=waivers)
               for p in inputs.profiles(providers)]
    result = run(reports)
    if fmt is Format.json:
        from compliance.formats import json as renderer
    else:
        from compliance.formats import compare as renderer  # type: ignore[no-redef]
    inputs.emit(renderer.render(result), output)
