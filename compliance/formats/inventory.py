"""Markdown for `compliance rules`: one row per rule set, then how to name them; in the run's
language."""

from __future__ import annotations

from compliance.analyses.inventory import Inventory
from compliance.formats.text import code, demonstration, esc, located, rule_text, table
from compliance.i18n import _, term


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
                rule_text(r, "title"),
                esc(r.publisher),
                term("provenance", r.provenance),
                str(r.rules),
                ", ".join(r.revisions) or "—",
                _("yes") if r.default else _("no"),
                source,
                code(r.path),
            ]
        )
    header = [
        _("Id"),
        _("Version"),
        _("Title"),
        _("Publisher"),
        _("Provenance"),
        _("Rules"),
        _("Revisions"),
        _("Default"),
        _("Source"),
        _("File"),
    ]
    reconstructed = [r.id for r in inventory.rulesets if r.provenance != "published"]
    return (
        "\n".join(
            [
                "# " + _("Rule sets"),
                "",
                _(
                    "Packaged with `compliance` in %(packaged)s. Without `--rules`, the commands "
                    "evaluate the packaged published rule sets (`Default`: yes); `--rules "
                    "ID|PATH` replaces them, `--add-rules ID|PATH` adds to them (a reconstruction "
                    "is evaluated only so named).",
                    packaged=code(inventory.packaged),
                ),
                "",
                *demonstration(reconstructed),
                table(header, rows, ["l", "l", "l", "l", "l", "r", "l", "l", "l", "l"]),
            ]
        )
        + "\n"
    )
