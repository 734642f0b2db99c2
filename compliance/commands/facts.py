"""`compliance facts` and `compliance schema`: the vocabulary, for analysts and editors."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from compliance.commands import examples
from compliance.errors import UsageError


@examples(("Every fact path a condition may use, with its type and operators", "compliance facts"))
def facts() -> None:
    """List every fact path a condition may use, with its type."""
    from compliance.language.catalogue import SCOPES
    from compliance.language.conditions import OPS_BY_TYPE

    for scope, specs in SCOPES.items():
        title = "Provider facts" if scope == "profile" else f"Facts of each {scope} item"
        typer.echo(f"{title}:")
        for name, spec in specs.items():
            kind = f"collection of {spec.items}" if spec.type == "collection" else spec.type
            derived = " (derived)" if spec.derived else ""
            typer.echo(f"  {name}  [{kind}]{derived}")
            typer.echo(f"      {spec.description}")
            if spec.choices:
                typer.echo(f"      values: {', '.join(map(str, spec.choices))}")
        typer.echo("")
    typer.echo("Operators by type:")
    for kind, ops in OPS_BY_TYPE.items():
        typer.echo(f"  {kind}: {', '.join(ops)}")


@examples(
    ("The JSON Schema of provider profiles, on standard output", "compliance schema profile"),
    (
        "All of them, into a directory: here the repository's copies in compliance/schemas",
        "compliance schema --output compliance/schemas",
    ),
)
def schema(
    name: Annotated[
        str | None,
        typer.Argument(help="Schema to print (a wrong name lists them).", show_default=False),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="Directory to write every schema into, as <name>.schema.json.",
            metavar="DIR",
        ),
    ] = None,
) -> None:
    """Print the JSON Schema of rule sets, profiles, derogations, mappings or a JSON output; or
    write them all into a directory."""
    from compliance.errors import did_you_mean
    from compliance.schemas import models, render, write_all

    names = list(models())
    if name is not None and output is not None:
        raise UsageError("give a schema to print, or --output DIR to write them all: not both")
    if name is None and output is None:
        raise UsageError(
            "give a schema to print (" + ", ".join(names) + ") or --output DIR to "
            "write them all (the repository keeps them in compliance/schemas)"
        )
    if output is not None:
        for path in write_all(Path(output)):
            typer.echo(f"wrote {path}")
        return
    assert name is not None  # no --output, so a name was given (checked above)
    if name not in names:
        raise UsageError(
            f"no schema '{name}'" + did_you_mean(name, names) + f" (schemas: {', '.join(names)})"
        )
    typer.echo(render(name, models()[name]), nl=False)
