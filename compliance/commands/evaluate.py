"""`compliance evaluate`: a gap report per provider."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from compliance import inputs
from compliance.commands import (
    AddRulesOpt,
    AtOpt,
    DerogationsOpt,
    FormatOpt,
    HorizonsOpt,
    LangOpt,
    MinSealOpt,
    ProvidersArg,
    RulesOpt,
    WeightsOpt,
    examples,
    speak,
)
from compliance.errors import UsageError
from compliance.formats import EXTENSIONS, LOCATED, render
from compliance.vocabulary import CONFIDENCES, DATA_KINDS, LAYERS

if TYPE_CHECKING:
    from compliance.engine.results import Report


def _one_line(report: Report, where: str) -> str:
    from compliance.i18n import _

    c = report.summary.counts
    blocking = len(report.summary.blocking_gaps)
    return (
        f"{report.provider.id}: "
        # The words are in the sentence, not taken from the vocabulary's labels: a translation
        # must make them agree with their numbers (French: "satisfaites: 263").
        + _(
            "%(met)s met, %(partial)s partial, %(gap)s gap (%(blocking)s blocking), "
            "%(unknown)s unknown, %(na)s n/a",
            met=c.met,
            partial=c.partial,
            gap=c.gap,
            blocking=blocking,
            unknown=c.unknown,
            na=c.not_applicable,
        )
        + (", " + _("%(waived)s waived", waived=c.waived) if c.waived else "")
        + f" -> {where}"
    )


def _exceeds(report: Report, fail_on: str) -> bool:
    if fail_on == "blocking":
        return bool(report.summary.blocking_gaps)
    if fail_on == "gap":
        return any(r.status in ("gap", "partial") for r in report.results)
    return False


@examples(
    (
        "A gap report per provider, written to reports/<id>.md, a summary line each on stdout",
        "compliance evaluate providers/azure.yaml providers/ovhcloud.yaml",
    ),
    (
        "Seen from a past date, now and at +6, +12, +18 months, on standard output",
        "compliance evaluate providers/cloud-temple.yaml --at 2024-02-01 --horizons 0,6,12,18 "
        "--output -",
    ),
    (
        "Against one packaged rule set only, as JSON",
        "compliance evaluate providers/azure.yaml --rules eu-csf-1.2.1 --format json --output -",
    ),
    (
        "The default rule sets and the HDH reconstruction (marked as a demonstration)",
        "compliance evaluate providers/ovhcloud.yaml --add-rules hdh --output -",
    ),
    (
        "A profile from standard input; exit 1 on a blocking gap (for CI)",
        "compliance evaluate - --fail-on blocking --output - < providers/azure.yaml",
    ),
)
def evaluate(
    providers: ProvidersArg,
    rules: RulesOpt = None,
    add_rules: AddRulesOpt = None,
    at: AtOpt = None,
    fmt: FormatOpt = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="A directory (an existing one, or a path ending in '/', created) "
            "to write <provider-id>.<md|json|...> into; a file (one provider; its suffix names the "
            "format); or '-': standard output (one provider). Default: reports/.",
        ),
    ] = None,
    fail_on: Annotated[
        str,
        typer.Option(
            "--fail-on",
            help="Exit 1 when a blocking gap (blocking), any gap or partial (gap) "
            "is found; never: always exit 0.",
        ),
    ] = "never",
    horizons: HorizonsOpt = None,
    derogations: DerogationsOpt = None,
    data_kind: Annotated[
        str,
        typer.Option("--data-kind", help="Kind of data at stake: " + ", ".join(DATA_KINDS) + "."),
    ] = "health",
    layer: Annotated[
        list[str] | None,
        typer.Option(
            "--layer",
            help=f"Service layer in scope ({', '.join(LAYERS)}). Repeatable. Default: all.",
        ),
    ] = None,
    service: Annotated[
        list[str] | None,
        typer.Option(
            "--service", help="Service id in scope. Repeatable. Default: the whole catalogue."
        ),
    ] = None,
    weights: WeightsOpt = None,
    min_seal: MinSealOpt = None,
    min_confidence: Annotated[
        str | None,
        typer.Option(
            "--min-confidence",
            help="Leave out facts weaker than this level, so verdicts resting "
            "on them read unknown: " + ", ".join(CONFIDENCES) + " (strongest first).",
        ),
    ] = None,
    lang: LangOpt = None,
) -> None:
    """Evaluate provider profiles and write a gap report for each."""
    speak(lang)
    inputs.choice([fail_on], ("blocking", "gap", "never"), "--fail-on")
    one_file = output not in (None, "-") and not inputs.is_directory(output)
    chosen = inputs.output_format("Report", fmt, output if one_file else None)
    layers = inputs.choice(layer, LAYERS, "--layer") or list(LAYERS)
    inputs.choice([data_kind], DATA_KINDS, "--data-kind")
    if min_confidence is not None:
        inputs.choice([min_confidence], tuple(CONFIDENCES), "--min-confidence")
    day, months = inputs.date(at), inputs.horizons(horizons)
    # The profiles first: they are small, so a bad one (a huge one) is reported before the
    # rule sets load, and before the engine is imported.
    profiles = inputs.profiles(providers)
    from compliance.engine.evaluate import Plan
    from compliance.engine.evaluate import evaluate as run
    from compliance.engine.results import Context

    mappings: list = []
    rulesets, support = inputs.rule_sets(rules, add_rules, mappings=mappings)
    inputs.weights(weights, rulesets)
    overall_seal, objective_seals = inputs.min_seal(min_seal)
    inputs.check_objectives(objective_seals, rulesets)
    waivers = inputs.derogations(derogations)
    targets = inputs.report_paths(output, [p.model.id for p in profiles], EXTENSIONS[chosen])
    for loaded in profiles:
        known = {s.id for s in loaded.model.services}
        unknown = [s for s in service or [] if s not in known]
        if unknown:
            raise UsageError(
                f"{loaded.doc.file}: no service {', '.join(unknown)} "
                f"(services: {', '.join(sorted(known))})"
            )
    failed = False
    context = Context(
        data_kind=data_kind,
        layers=layers,
        services=service or [],
        min_confidence=min_confidence,
        weights=weights,
        min_seal=overall_seal,
        min_seal_objectives=objective_seals,
    )
    plan = Plan.build(rulesets, context, support)  # once for all the providers
    for loaded, target in zip(profiles, targets, strict=False):
        report = run(rulesets, loaded.model, day, context, months, waivers, support, mappings, plan)
        locations = None
        if chosen in LOCATED:  # SARIF and JUnit point into the files
            from compliance.engine.locate import locate

            locations = locate(rulesets, loaded, report)
        text = render(report, chosen, locations)
        inputs.emit(text, target)
        if target != "-":
            typer.echo(_one_line(report, target))
        failed = failed or _exceeds(report, fail_on)
    if failed:
        raise typer.Exit(1)
