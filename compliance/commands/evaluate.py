"""`compliance evaluate`: a gap report per provider."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from compliance import inputs
from compliance.commands import (
    AtOpt,
    DerogationsOpt,
    FormatOpt,
    HorizonsOpt,
    MinSealOpt,
    RulesOpt,
    WeightsOpt,
)
from compliance.formats import EXTENSIONS, LOCATED, format_of, render
from compliance.inputs import UsageError
from compliance.vocabulary import CONFIDENCES, DATA_KINDS, LAYERS

if TYPE_CHECKING:
    from compliance.results import Report


def _one_line(report: Report, where: str) -> str:
    c = report.summary.counts
    blocking = len(report.summary.blocking_gaps)
    return (f"{report.provider.id}: {c.met} met, {c.partial} partial, {c.gap} gap "
            f"({blocking} blocking), {c.unknown} unknown, {c.not_applicable} n/a"
            + (f", {c.waived} waived" if c.waived else "") + f" -> {where}")


def _exceeds(report: Report, fail_on: str) -> bool:
    if fail_on == "blocking":
        return bool(report.summary.blocking_gaps)
    if fail_on == "gap":
        return any(r.status in ("gap", "partial") for r in report.results)
    return False


def evaluate(
    providers: Annotated[list[str], typer.Argument(help="Provider profile YAML file(s).")],
    rules: RulesOpt = None,
    at: AtOpt = None,
    fmt: FormatOpt = None,
    output: Annotated[Optional[str], typer.Option(
        "--output", "-o", help="File (one provider; its suffix names the format), directory, "
        "or '-' for standard output. Default: reports/<provider-id>.<md|json|...>.")] = None,
    fail_on: Annotated[str, typer.Option(
        "--fail-on", help="Exit 1 when a blocking gap (blocking), any gap or partial (gap) "
        "is found; never: always exit 0.")] = "never",
    horizons: HorizonsOpt = None,
    derogations: DerogationsOpt = None,
    data_kind: Annotated[str, typer.Option(
        "--data-kind", help="Kind of data at stake: " + ", ".join(DATA_KINDS) + ".")
    ] = "health",
    layer: Annotated[Optional[list[str]], typer.Option(
        "--layer", help=f"Service layer in scope ({', '.join(LAYERS)}). Repeatable. "
        "Default: all.")] = None,
    service: Annotated[Optional[list[str]], typer.Option(
        "--service", help="Service id in scope. Repeatable. Default: the whole catalogue.")
    ] = None,
    weights: WeightsOpt = None,
    min_seal: MinSealOpt = None,
    min_confidence: Annotated[Optional[str], typer.Option(
        "--min-confidence", help="Leave out facts weaker than this level, so verdicts resting "
        "on them read unknown: " + ", ".join(CONFIDENCES) + " (strongest first).")] = None,
) -> None:
    """Evaluate provider profiles and write a gap report for each."""
    inputs.choice([fail_on], ("blocking", "gap", "never"), "--fail-on")
    single_file = output not in (None, "-") and format_of(output) is not None
    chosen = inputs.output_format("Report", fmt, output if single_file else None)
    layers = inputs.choice(layer, LAYERS, "--layer") or list(LAYERS)
    inputs.choice([data_kind], DATA_KINDS, "--data-kind")
    if min_confidence is not None:
        inputs.choice([min_confidence], tuple(CONFIDENCES), "--min-confidence")
    day, months = inputs.date(at), inputs.horizons(horizons)
    # The profiles first: they are small, so a bad one (a huge one) is reported before the
    # rule sets load, and before the engine is imported.
    profiles = inputs.profiles(providers)
    from compliance.evaluate import evaluate as run
    from compliance.locate import locate
    from compliance.results import Context

    mappings: list = []
    rulesets = inputs.rulesets(rules, mappings=mappings)
    inputs.weights(weights, rulesets)
    overall_seal, objective_seals = inputs.min_seal(min_seal)
    inputs.check_objectives(objective_seals, rulesets)
    waivers = inputs.derogations(derogations)
    if (output == "-" or single_file) and len(profiles) > 1:
        raise UsageError("--output FILE or '-' takes one provider; give a directory instead")
    for loaded in profiles:
        known = {s.id for s in loaded.model.services}
        unknown = [s for s in service or [] if s not in known]
        if unknown:
            raise UsageError(f"{loaded.path}: no service {', '.join(unknown)} "
                             f"(services: {', '.join(sorted(known))})")
    failed = False
    for loaded in profiles:
        context = Context(data_kind=data_kind, layers=layers, services=service or [],
                          min_confidence=min_confidence, weights=weights,
                          min_seal=overall_seal, min_seal_objectives=objective_seals)
        report = run(rulesets, loaded.model, day, context, months, waivers, mappings=mappings)
        text = render(report, chosen, locate(rulesets, loaded, report)
                      if chosen in LOCATED else None)
        if output == "-":
            inputs.emit(text, "-")
        else:
            target = Path(output) if single_file else (
                Path(output or "reports") / f"{loaded.model.id}.{EXTENSIONS[chosen]}")
            inputs.emit(text, str(target))
            typer.echo(_one_line(report, str(target)))
        failed = failed or _exceeds(report, fail_on)
    if failed:
        raise typer.Exit(1)
