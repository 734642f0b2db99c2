"""`compliance facts` and `compliance schema`: the vocabulary, for analysts and editors."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def facts() -> None:
    """List every fact path a condition may use, with its type."""
    from compliance.catalogue import SCOPES
    from compliance.conditions import OPS_BY_TYPE

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


def schema(
    output: Annotated[str, typer.Option("--output", "-o", help="Directory to write into.")] = (
        "compliance/schemas"),
) -> None:
    """Write the JSON Schemas of rule sets, profiles, derogations and reports."""
    from compliance.schemas import write_all

    for path in write_all(Path(output)):
        typer.echo(f"wrote {path}")
