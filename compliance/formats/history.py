"""Markdown for `compliance history`: the moving-goalposts table and a Mermaid chart."""

from __future__ import annotations

from compliance.analyses.history import History
from compliance.formats.charts import PALETTE
from compliance.formats.text import code, demonstration, esc, percent, table
from compliance.i18n import N_, _, ngettext

# Names of charts.PALETTE's colours, for the legend Mermaid's xychart cannot draw.
_COLOUR_NAMES = (
    N_("blue"),
    N_("orange"),
    N_("green"),
    N_("red"),
    N_("purple"),
    N_("brown"),
    N_("magenta"),
    N_("dark grey"),
    N_("olive"),
    N_("teal"),
)


def render(h: History) -> str:
    head = [_("Provider")] + [code(r) for r in h.revisions]
    rows = []
    for p in h.providers:
        rows.append(
            [esc(p.name)]
            + [
                f"{percent(pt.weighted_score)} · "
                + _(
                    "%(known)s/%(applicable)s known",
                    known=pt.met + pt.partial + pt.gap,
                    applicable=pt.applicable,
                )
                + " · "
                + ngettext("%(num)d blocking", "%(num)d blocking", pt.blocking_gaps)
                for pt in p.points
            ]
        )
    counts = (
        [_("Requirements")] + [str(pt.rules) for pt in h.providers[0].points] if h.providers else []
    )
    lines = [
        "# " + _("%(title)s: scores across revisions", title=esc(h.title)),
        "",
        *demonstration([h.ruleset] if h.provenance != "published" else []),
        _("Evaluated at %(date)s.", date=h.evaluated_at)
        + " "
        + _(
            "Cells: weighted score · rules known / rules that apply (evidence coverage) · "
            "blocking gaps."
        ),
        "",
        table(head, ([counts] if counts else []) + rows),
    ]
    # Mermaid's xychart has no legend and pastel defaults: our palette (each colour at least
    # 3:1 on white), and a legend in words below the chart. Eleven providers or more reuse
    # colours: the HTML report (markers and dashes too) is then the readable one.
    axis = ", ".join(f'"{r}"' for r in h.revisions)
    top = max((pt.weighted_score for p in h.providers for pt in p.points), default=0) * 100
    ceiling = min(100, max(10, -(-top * 1.1 // 10) * 10))  # next ten above the best score
    colours = [PALETTE[i % len(PALETTE)] for i in range(len(h.providers))]
    theme = (
        '%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "'
        + ", ".join(colours)
        + '"}}}}%%'
    )
    chart = [
        "```mermaid",
        theme,
        "xychart-beta",
        '    title "' + _("Weighted score (%) per revision") + '"',
        f"    x-axis [{axis}]",
        '    y-axis "' + _("score %") + f'" 0 --> {ceiling:.0f}',
    ]
    for p in h.providers:
        values = ", ".join(f"{pt.weighted_score * 100:.1f}" for pt in p.points)
        chart.append(f"    line [{values}]")
    chart.append("```")
    legend = [
        f"- {_(_COLOUR_NAMES[i % len(PALETTE)])} (`{colours[i]}`): {esc(p.name)}, "
        + _(
            "%(score)s at %(revision)s",
            score=percent(p.points[-1].weighted_score),
            revision=code(h.revisions[-1]),
        )
        for i, p in enumerate(h.providers)
    ]
    lines += [
        "",
        *chart,
        "",
        _(
            "Legend (the chart's colours, in drawing order; `--format html` "
            "draws it with markers, dashes and a label at each line's end):"
        ),
        "",
        *legend,
    ]
    return "\n".join(lines) + "\n"
