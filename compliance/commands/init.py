"""`compliance init`: a provider profile or a rule set to start from."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated

import typer

from compliance import inputs
from compliance.commands import examples
from compliance.errors import UsageError
from compliance.reading import packaged
from compliance.reading.scaffold import DEFAULT_IDS, SCHEMAS, Kind


def schema_reference(schema: Path, directory: Path) -> str:
    """How a file in ``directory`` names its schema for editors: a relative path when both
    share a parent below the root (``../compliance/schemas/profile.schema.json`` in the
    repository), else a file URL."""
    schema, directory = schema.resolve(), directory.resolve()
    try:
        if os.path.commonpath([schema, directory]) != os.path.sep:
            return os.path.relpath(schema, directory)
    except ValueError:  # different drives
        pass
    return schema.as_uri()


@examples(
    ("A provider profile to fill in, on standard output", "compliance init provider"),
    (
        "A rule set, written to my-rules.yaml (its id; an existing file is never overwritten)",
        "compliance init ruleset my-rules.yaml",
    ),
)
def init(
    kind: Annotated[Kind, typer.Argument(help="What to start: a provider profile or a rule set.")],
    path: Annotated[
        str | None,
        typer.Argument(
            help="File to create; its name gives the id. '-' or nothing: standard output.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Start a provider profile or a rule set: a file that validates as it stands, with the
    `# yaml-language-server: $schema=...` line that gives editors completion and checks."""
    import datetime as dt

    from compliance.reading.scaffold import scaffold

    to_stdout = path is None or path == "-"
    target = Path("-" if path is None else path)
    id_ = DEFAULT_IDS[kind] if to_stdout else target.stem
    if not to_stdout:
        if target.suffix not in (".yaml", ".yml"):
            raise UsageError(f"{path}: name the file <id>.yaml")
        if not re.fullmatch(r"[a-z0-9][a-z0-9.-]*", id_):
            raise UsageError(
                f"{path}: the id '{id_}' (the file name) takes lower-case letters, "
                "digits, '-' and '.'"
            )
        if os.path.lexists(target):
            raise UsageError(f"{path} exists: not overwritten")
    directory = Path.cwd() if to_stdout else target.parent
    schema = schema_reference(packaged.schema_file(SCHEMAS[kind]), directory)
    inputs.emit(scaffold(kind, id_, schema, dt.date.today()), None if to_stdout else path)
    if not to_stdout:
        typer.echo(f"wrote {path}; check it with: compliance validate {path}", err=True)
