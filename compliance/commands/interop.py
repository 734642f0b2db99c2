"""`compliance import ciso-assistant` and `compliance export ciso-assistant`: rule sets to and
from CISO Assistant's framework libraries."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated

import typer

from compliance import inputs
from compliance.commands import OutputOpt, examples
from compliance.errors import UsageError

import_app = typer.Typer(
    no_args_is_help=True,
    rich_markup_mode=None,
    help="Turn another tool's files into rule sets of ours.",
)
export_app = typer.Typer(
    no_args_is_help=True,
    rich_markup_mode=None,
    help="Write our rule sets in another tool's format.",
)
_SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_PREFIX = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)?$")


def _yaml(data: dict, header: str) -> str:
    import yaml

    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    return "".join(f"# {line}\n" for line in header.splitlines()) + body


@import_app.command("ciso-assistant")
@examples(
    (
        "A framework library as a rule set to encode, its rule ids prefixed, on standard output",
        "compliance import ciso-assistant tests/fixtures/ciso-assistant/demo-library.yaml "
        "--prefix DEMO- --id demo",
    ),
)
def import_ciso_assistant(
    library: Annotated[str, typer.Argument(help="A CISO Assistant framework library (YAML).")],
    output: OutputOpt = None,
    ruleset_id: Annotated[
        str | None,
        typer.Option(
            "--id",
            help="Id of the rule set. Default: --output's file name, else the library's "
            "framework urn.",
        ),
    ] = None,
    prefix: Annotated[
        str,
        typer.Option(
            "--prefix",
            help="Put before each rule id (ref_id 19.6.a with --prefix CA-SNC- gives "
            "CA-SNC-19.6.a), so that the ids differ from those of other rule sets.",
        ),
    ] = "",
) -> None:
    """A rule-set skeleton of a framework library: ids, clauses, titles, texts, hierarchy; every
    condition left for the analyst (met only on a sourced attestation, metadata.encoded: false)."""
    from compliance.errors import InvalidInput
    from compliance.reading.ciso_assistant import check_library, to_ruleset
    from compliance.reading.load import load_ruleset
    from compliance.reading.yamlfile import read, read_file

    if not os.path.isfile(library):
        raise UsageError(f"no such library file: {library}")
    if not _PREFIX.match(prefix):
        raise UsageError(
            f"--prefix {prefix!r}: letters, digits, '.', '_' and '-' only, "
            "starting with a letter or digit"
        )
    doc = read_file(library)
    problems = check_library(doc)
    library_data = doc.data
    if problems or not isinstance(library_data, dict):  # a non-mapping is among the problems
        raise InvalidInput(problems)
    framework = library_data["objects"]["framework"]
    named = output if output not in (None, "-") else None
    chosen = ruleset_id or (
        Path(named).stem
        if named
        else str(framework.get("urn") or library_data["urn"]).rsplit(":", 1)[-1].lower()
    )
    if not _SLUG.match(chosen):
        raise UsageError(
            f"rule set id {chosen!r}: lower-case letters, digits, '.', '_', "
            "'-' (give --id, or name --output so)"
        )
    if named and Path(named).stem != chosen:
        raise UsageError(f"--id {chosen} must equal the file name of --output ({named})")
    data = to_ruleset(library_data, chosen, prefix)
    text = _yaml(
        data,
        f"Imported from {library} by `compliance import ciso-assistant`.\n"
        "No condition is encoded yet: see metadata.encoded and metadata.to_review.",
    )
    # What we write must load as a rule set of ours; it is checked before anything is written.
    name = named or f"{chosen}.yaml"
    load_ruleset(name, read(text, name))
    inputs.emit(text, output)
    sections = len(data["metadata"]["ciso_assistant"]["sections"])
    typer.echo(
        f"{library}: {len(data['rules'])} rules, {sections} sections -> "
        f"{named or 'standard output'}",
        err=True,
    )


@export_app.command("ciso-assistant")
@examples(
    (
        "A packaged rule set as a CISO Assistant library, on standard output",
        "compliance export ciso-assistant hds-v2",
    ),
)
def export_ciso_assistant(
    ruleset: Annotated[str, typer.Argument(help="Rule set file, or the id of a packaged one.")],
    output: OutputOpt = None,
) -> None:
    """A rule set as a CISO Assistant framework library: one assessable requirement per rule,
    under its imported section or a section per category."""
    from compliance.reading import ciso_assistant
    from compliance.reading.load import load_ruleset

    path = inputs.resolve_rule_set(ruleset)
    if not os.path.isfile(path):
        raise UsageError(f"no such rule set file: {ruleset}")
    model = load_ruleset(path).model
    note = (
        f"Summaries: compliance project (Apache-2.0), in our own words; requirements: "
        f"{model.publisher}"
    )
    library = ciso_assistant.to_library(model, note)
    inputs.emit(
        _yaml(library, f"Exported from {ruleset} by `compliance export ciso-assistant`."), output
    )
