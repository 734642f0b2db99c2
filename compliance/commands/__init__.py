"""One module per command: each wires inputs -> a domain function -> a format -> output."""

from __future__ import annotations

import os
from collections.abc import Callable
from enum import Enum
from typing import Annotated, TypeVar

import typer

from compliance import i18n
from compliance.formats import Format
from compliance.vocabulary import LANGUAGES

Language = Enum("Language", {lang: lang for lang in LANGUAGES}, type=str)  # type: ignore[misc]

Command = TypeVar("Command", bound=Callable[..., None])


def examples(*items: tuple[str, str]) -> Callable[[Command], Command]:
    """A command's usage examples, each (what it does, the command line): the end of its --help
    shows them, and tests/test_examples.py runs them."""

    def attach(command: Command) -> Command:
        command.examples = items  # type: ignore[attr-defined]
        return command

    return attach


def epilog(command: Callable[..., None]) -> str:
    """The examples as --help prints them: ``\\b`` keeps click from rewrapping the lines."""
    lines = ["Examples (paths from a checkout of the repository):", "", "\b"]
    for what, line in getattr(command, "examples", ()):
        lines += [f"# {what}", f"{line}"]
    return "\n".join(lines)


ProvidersArg = Annotated[
    list[str],
    typer.Argument(
        help="Provider profile YAML files; '-' reads one from standard input.",
        metavar="PROVIDER...",
        show_default=False,
    ),
]
ProviderArg = Annotated[
    str,
    typer.Argument(
        help="Provider profile YAML file; '-' reads it from standard input.",
        metavar="PROVIDER",
        show_default=False,
    ),
]
RulesArg = Annotated[
    list[str] | None,
    typer.Argument(
        help="Rule set files, directories or packaged ids (FILE@REVISION picks a revision). "
        "Default: the packaged rule sets.",
        metavar="RULES...",
        show_default=False,
    ),
]
ProvidersOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--providers",
        "-p",
        help="Provider profile YAML files; the files after the first may "
        "follow without repeating the option (--providers providers/*.yaml).",
    ),
]
RulesOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--rules",
        "-r",
        help="Rule set file, directory, or id of a packaged rule set "
        "(`compliance rules` lists them); FILE@REVISION picks a revision. Repeatable. "
        "Replaces the default: the packaged rule sets, without reconstructions.",
        metavar="PATH|ID",
    ),
]
AddRulesOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--add-rules",
        help="As --rules, but added to the default rule sets (or to those of --rules). Repeatable.",
        metavar="PATH|ID",
    ),
]
AtOpt = Annotated[
    str | None, typer.Option("--at", help="Evaluation date, YYYY-MM-DD. Default: today.")
]
HorizonsOpt = Annotated[
    str | None,
    typer.Option("--horizons", help="Months after --at to evaluate too, e.g. 0,6,12,18."),
]
FormatOpt = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format. Default: the one "
        "--output's suffix names (.md, .json...), else markdown.",
    ),
]
OutputOpt = Annotated[
    str | None, typer.Option("--output", "-o", help="Output file; '-' or nothing: standard output.")
]
WeightsOpt = Annotated[
    str | None,
    typer.Option(
        "--weights",
        help="Weight set of graded rule sets (e.g. the EU "
        "framework's document or calculator). Default: the first listed.",
    ),
]
MinSealOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--min-seal",
        help="Minimum assurance level (SEAL 0-4) of "
        "graded rule sets, overall (2) or per objective (SOV-3=3). "
        "Repeatable. Below it a provider is ruled out, as by a "
        "blocking gap.",
    ),
]
DerogationsOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--derogations",
        help="Derogation file or directory to apply (e.g. "
        "derogations/). Repeatable. Default: none.",
    ),
]

LangOpt = Annotated[
    Language | None,
    typer.Option(
        "--lang",
        help="Language of the report's words and of the rule texts that have a translation: "
        "en (default) or fr; else the COMPLIANCE_LANG environment variable. JSON keys and "
        "enumerated values are never translated.",
    ),
]


def speak(lang: Language | None) -> None:
    """Chooses the run's language, once, before anything is evaluated or written: --lang,
    else COMPLIANCE_LANG (read here, so that a wrong value is named as the variable's)."""
    if lang is not None:
        i18n.use(lang.value)
        return
    chosen = os.environ.get("COMPLIANCE_LANG") or i18n.SOURCE
    if chosen not in LANGUAGES:
        from compliance.errors import UsageError, did_you_mean

        raise UsageError(
            f"COMPLIANCE_LANG expects one of {', '.join(LANGUAGES)}, got {chosen!r}"
            + did_you_mean(chosen, LANGUAGES)
        )
    i18n.use(chosen)
