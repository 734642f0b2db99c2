"""Markdown for `compliance compare`: providers x rule sets and categories, per horizon."""

from __future__ import annotations

from compliance.compare import Comparison
from compliance.formats.text import code, demonstration, esc, interval, table


def _cell(cell, horizons: list[int]) -> str:
    scores = " → ".join(f"{s * 100:.0f} %" for s in cell.scores)
    blocking = f" · **{cell.blocking_gaps} blocking**" if cell.blocking_gaps else ""
    return scores + blocking


def render(c: Comparison) -> str:
    names = {p["id"]: p["name"] for p in c.providers}
    when = " → ".join("now" if m == 0 else f"+{m} months" for m in c.horizons)
    head = ["Rule set", "Category"] + [esc(p["name"]) for p in c.providers] + ["Best now"]
    rows = []
    graded = {r.ruleset for r in c.rankings}
    for row in c.rows:
        if row.ruleset in graded:
            continue
        label = f"**{esc(row.ruleset)}**" if row.category is None else esc(row.ruleset)
        rows.append([label, "**all**" if row.category is None else esc(row.category)]
                    + [_cell(cell, c.horizons) for cell in row.cells]
                    + [", ".join(esc(names[b]) for b in row.best) or "—"])
    matrix = [f"Evaluated at {c.evaluated_at}. Cells: weighted score ({when})"
              " · blocking gaps now. Unknown counts as not met: missing evidence never scores.",
              "", table(head, rows), ""] if rows else [f"Evaluated at {c.evaluated_at}.", ""]
    lines = [
        "# Provider comparison", "",
        *demonstration(c.reconstructed),
        *matrix,
        "Profiles: " + "; ".join(f"{esc(p['name'])} (checked up to {p['as_of']})"
                                 for p in c.providers) + ".",
    ]
    for ranking in c.rankings:
        when = "now" if ranking.months == 0 else f"+{ranking.months} months"
        rows = [[str(i + 1), esc(names[e.provider]), e.gate or "—",
                 interval(e.seal), interval(e.score, " %")] for i, e in enumerate(ranking.entries)]
        lines += ["", f"Ranking on {code(ranking.ruleset)}, {when} (minimum level first, then "
                      "score, worst case first):", "",
                  table(["#", "Provider", "Gate", "SEAL", "Score"], rows)]
    if c.best_offers:
        lines += ["", "Best offer per provider (per-offer rules met): " + "; ".join(
            f"{esc(names[b.provider])}: {code(b.offer)} {b.met}/{b.rules}" for b in c.best_offers)
            + "."]
    return "\n".join(lines) + "\n"
