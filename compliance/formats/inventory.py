"""Markdown for `compliance rules`: one row per rule set, then how to name them."""

from __future__ import annotations

from compliance.analyses.inventory import Inventory
from compliance.formats.text import code, demonstration, esc, located, table


def render(inventory: Inventory) -> str:
    rows = []
    for r in inventory.rulesets:
        name = f"{r.id}@{r.revision}" if r.revision else r.id
        source = f"{esc(r.source.title)}, {located(r.source.url, r.source.document)}" + (
            f", {r.source.published}" if r.source.published else ""
        )
        rows.append(
            [
                code(name),
                esc(r.version),
                esc(r.title),
                esc(r.publisher),
                r.provenance,
                str(r.rules),
                ", ".join(r.revisions) or "—",
                "yes" if r.default else "no",
                source,
                code(r.path),
            ]
        )
    header = [
        "Id",
        "Version",
        "Title",
        "Publisher",
        "Provenance",
        "Rules",
        "Revisions",
        "Default",
        "Source",
        "File",
    ]
    reconstructed = [r.id for r in inventory.rulesets if r.provenance != "published"]
    return (
        "\n".join(
            [
                "# Rule sets",
                "",
                f"Packaged with `compliance` in {code(inventory.packaged)}. Without `--rules`, "
                "the commands evaluate the packaged published rule sets (`Default`: yes); "
                "`--rules ID|PATH` replaces them, `--add-rules ID|PATH` adds to them (a "
                "reconstruction is evaluated only so named).",
                "",
                *demonstration(reconstructed),
                table(header, rows, ["l", "l", "l", "l", "l", "r", "l", "l", "l", "l"]),
            ]
        )
        + "\n"
    )
