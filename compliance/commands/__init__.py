"""One module per command: each wires inputs -> a domain function -> a format -> output."""

from __future__ import annotations

from typing import Annotated

import typer

from compliance.formats import Format

RulesOpt = Annotated[
    list[str] | None,
    typer.Option("--rules", "-r", help="Rule set file or directory; FILE@REVISION picks a "
                 "revision. Repeatable. Default: rules/."),
]
AtOpt = Annotated[
    str | None, typer.Option("--at", help="Evaluation date, YYYY-MM-DD. Default: today.")
]
HorizonsOpt = Annotated[
    str | None, typer.Option("--horizons", help="Months after --at to evaluate too, e.g. "
                                "0,6,12,18.")
]
FormatOpt = Annotated[
    Format | None, typer.Option("--format", "-f", help="Output format. Default: the one "
                                   "--output's suffix names (.md, .json...), else markdown.")
]
OutputOpt = Annotated[
    str | None, typer.Option("--output", "-o", help="Output file; '-' or nothing: standard "
                                "output.")
]
WeightsOpt = Annotated[
    str | None, typer.Option("--weights", help="Weight set of graded rule sets (e.g. the EU "
                                "framework's document or calculator). Default: the first listed.")
]
MinSealOpt = Annotated[
    list[str] | None, typer.Option("--min-seal", help="Minimum assurance level (SEAL 0-4) of "
                                      "graded rule sets, overall (2) or per objective (SOV-3=3). "
                                      "Repeatable. Below it a provider is ruled out, as by a "
                                      "blocking gap.")
]
DerogationsOpt = Annotated[
    list[str] | None,
    typer.Option("--derogations", help="Derogation file or directory to apply (e.g. "
                 "derogations/). Repeatable. Default: none."),
]

