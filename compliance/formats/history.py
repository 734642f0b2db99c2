"""Markdown for `compliance history`: the moving-goalposts table and a Mermaid chart."""

from __future__ import annotations

from compliance.formats.text import code, demonstration, esc, percent, table
from compliance.history import History


def render(h: History) -> str:
    head = ["Provider"] + [code(r) for r in h.revisions]
    rows = []
    for p in h.providers:
        rows.append([esc(p.name)] + [f"{percent(pt.weighted_score)} · {pt.blocking_gaps} blocking"
                                     for pt in p.points])
    counts = ["Requirements"] + [str(pt.rules) for pt in h.providers[0].points] if h.providers \
        else []
    lines = [f"# {esc(h.title)}: scores across revisions", "",
             *demonstration([h.ruleset] if h.provenance != "published" else []),
             f"Evaluated at {h.evaluated_at}. Cells: weighted score · blocking gaps.", "",
             table(head, ([counts] if counts else []) + rows)]
    # Mermaid's xychart has no legend: lines are drawn in the order listed below the chart.
    axis = ", ".join(f'"{r}"' for r in h.revisions)
    top = max((pt.weighted_score for p in h.providers for pt in p.points), default=0) * 100
    ceiling = min(100, max(10, -(-top * 1.1 // 10) * 10))  # next ten above the best score
    chart = ["```mermaid", "xychart-beta", '    title "Weighted score (%) per revision"',
             f"    x-axis [{axis}]", f'    y-axis "score %" 0 --> {ceiling:.0f}']
    for p in h.providers:
        values = ", ".join(f"{pt.weighted_score * 100:.1f}" for pt in p.points)
        chart.append(f"    line [{values}]")
    chart.append("```")
    order = ", ".join(f"{i + 1}. {esc(p.name)}" for i, p in enumerate(h.providers))
    lines += ["", *chart, "", f"Lines, in drawing order: {order}."]
    return "\n".join(lines) + "\n"
