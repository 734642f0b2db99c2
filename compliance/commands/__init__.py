"""One module per command: each wires inputs -> a domain function -> a format -> output."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from compliance.formats import Format

RulesOpt = Annotated[
    Optional[list[str]],
    typer.Option("--rules", "-r", help="Rule set file, directory, or id of a packaged rule set "
                 "(`compliance rules` lists them); FILE@REVISION picks a revision. Repeatable. "
                 "Replaces the default: the packaged rule sets, without reconstructions.",
                 metavar="PATH|ID"),
]
AddRulesOpt = Annotated[
    Optional[list[str]],
    typer.Option("--add-rules", help="As --rules, but added to the default rule sets (or to "
                 "those of --rules). Repeatable.", metavar="PATH|ID"),
]
AtOpt = Annotated[
    Optional[str], typer.Option("--at", help="Evaluation date, YYYY-MM-DD. Default: today.")
]
HorizonsOpt = Annotated[
    Optional[str], typer.Option("--horizons", help="Months after --at to evaluate too, e.g. "
                                "0,6,12,18.")
]
FormatOpt = Annotated[
    Optional[Format], typer.Option("--format", "-f", help="Output format. Default: the one "
                                   "--output's suffix names (.md, .json...), else markdown.")
]
OutputOpt = Annotated[
    Optional[str], typer.Option("--output", "-o", help="Output file; '-' or nothing: standard "
                                "output.")
]
WeightsOpt = Annotated[
    Optional[str], typer.Option("--weights", help="Weight set of graded rule sets (e.g. the EU "
                                "framework's document or calculator). Default: the first listed.")
]
MinSealOpt = Annotated[
    Optional[list[str]], typer.Option("--min-seal", help="Minimum assurance level (SEAL 0-4) of "
                                      "graded rule sets, overall (2) or per objective (SOV-3=3). "
                                      "Repeatable. Below it a provider is ruled out, as by a "
                                      "blocking gap.")
]
DerogationsOpt = Annotated[
    Optional[list[str]],
    typer.Option("--derogations", help="Derogation file or directory to apply (e.g. "
                 "derogations/). Repeatable. Default: none."),
]

