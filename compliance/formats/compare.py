"""Markdown for `compliance compare`: providers x rule sets and categories, per horizon."""

from __future__ import annotations

from compliance.compare import Cell, Comparison
from compliance.formats.text import code, demonstration, esc, interval, table


def _cell(cell: Cell, horizons: list[int]) -> str:
    """The score now, then only its changes ("8 % → 66 % +6m"), evidence coverage, blocking."""
    text = f"{cell.scores[0] * 100:.0f} %"
    for i in range(1, len(cell.scores)):
        if cell.scores[i] != cell.scores[i - 1]:
            text += f" → {cell.scores[i] * 100:.0f} % +{horizons[i]}m"
    known = cell.met[0] + cell.partial[0] + cell.gap[0]
    blocking = f" · **{cell.blocking_gaps} blocking**" if cell.blocking_gaps else ""
    return f"{text} · {known}/{cell.applicable} known{blocking}"


def render(c: Comparison) -> str:
    names = {p["id"]: p["name"] for p in c.providers}
    head = ["Rule set", "Category"] + [esc(p["name"]) for p in c.providers] + ["Best now"]
    rows = []
    graded = {r.ruleset for r in c.rankings}
    for row in c.rows:
        if row.ruleset in graded:
            continue
        label = f"**{esc(row.ruleset)}**" if row.category is None else esc(row.ruleset)
        rows.append(
            [label, "**all**" if row.category is None else esc(row.category)]
            + [_cell(cell, c.horizons) for cell in row.cells]
            + [", ".join(esc(names[b]) for b in row.best) or "—"]
        )
    changes = (
        " (then, where it changes, the score and the horizon: +6m = +6 months)"
        if len(c.horizons) > 1
        else ""
    )
    matrix = (
        [
            f"Evaluated at {c.evaluated_at}. Cells: weighted score now{changes} · rules "
            "known / rules that apply (evidence coverage) · blocking gaps now. Unknown counts "
            "as not met: missing evidence never scores, and a low score with little known is "
            "an evidence gap, not a failure. `--format html` draws the same matrix as a heat "
            "map, with scores per horizon as charts.",
            "",
            table(head, rows),
            "",
        ]
        if rows
        else [f"Evaluated at {c.evaluated_at}.", ""]
    )
    lines = [
        "# Provider comparison",
        "",
        *demonstration(c.reconstructed),
        *matrix,
        "Profiles: "
        + "; ".join(f"{esc(p['name'])} (checked up to {p['as_of']})" for p in c.providers)
        + ".",
    ]
    for ranking in c.rankings:
        when = "now" if ranking.months == 0 else f"+{ranking.months} months"
        rows = [
            [
                str(i + 1),
                esc(names[e.provider]),
                e.gate or "—",
                interval(e.seal),
                interval(e.score, " %"),
            ]
            for i, e in enumerate(ranking.entries)
        ]
        lines += [
            "",
            f"Ranking on {code(ranking.ruleset)}, {when} (minimum level first, then "
            "score, worst case first):",
            "",
            table(["#", "Provider", "Gate", "SEAL", "Score"], rows),
        ]
    if c.best_offers:
        lines += [
            "",
            "Best offer per provider (per-offer rules met): "
            + "; ".join(
                f"{esc(names[b.provider])}: {code(b.offer)} {b.met}/{b.rules}"
                for b in c.best_offers
            )
            + ".",
        ]
    return "\n".join(lines) + "\n"
