"""`compliance plan`: what it would take for one provider to meet the rule sets, and when its
commitments would get it there."""

from __future__ import annotations

from typing import Annotated

import typer

from compliance import inputs
from compliance.commands import AtOpt, FormatOpt, OutputOpt, RulesOpt
from compliance.formats import Format


def plan(
    provider: Annotated[str, typer.Argument(help="Provider profile YAML file.")],
    rules: RulesOpt = None,
    at: AtOpt = None,
    fmt: FormatOpt = Format.markdown,
    output: OutputOpt = None,
) -> None:
    """For each gap and unknown, the fewest fact changes or pieces of evidence that would make it
    met, grouped into actions ranked by requirements closed; and the date each rule set would be
    fully met on the provider's commitments (a projection), or never."""
    from compliance.plan import plan as run

    day = inputs.date(at)
    targets, support = inputs.with_support(rules)
    (profile,) = inputs.profiles([provider])
    result = run(targets, profile.model, day, support)
    if fmt is Format.json:
        from compliance.formats import json as renderer
    else:
        from compliance.formats import plan as renderer  # type: ignore[no-redef]
    inputs.emit(renderer.render(result), output)
