"""Markdown for `compliance compare`: providers x rule sets and categories, per horizon."""

from __future__ import annotations

from compliance.analyses.compare import Cell, Comparison
from compliance.formats.text import GATE, code, demonstration, esc, horizon, interval, table
from compliance.i18n import _, fixed, ngettext, term


def _cell(cell: Cell, horizons: list[int]) -> str:
    """The score now, then only its changes ("8 % → 66 % +6m"), evidence coverage, blocking."""
    text = f"{fixed(cell.scores[0] * 100, 0)} %"
    for i in range(1, len(cell.scores)):
        if cell.scores[i] != cell.scores[i - 1]:
            text += f" → {fixed(cell.scores[i] * 100, 0)} % " + _(
                "+%(months)sm", months=horizons[i]
            )
    known = cell.met[0] + cell.partial[0] + cell.gap[0]
    blocking = (
        " · **" + ngettext("%(num)d blocking", "%(num)d blocking", cell.blocking_gaps) + "**"
        if cell.blocking_gaps
        else ""
    )
    return (
        f"{text} · "
        + _("%(known)s/%(applicable)s known", known=known, applicable=cell.applicable)
        + blocking
    )


def render(c: Comparison) -> str:
    names = {p["id"]: p["name"] for p in c.providers}
    head = [_("Rule set"), _("Category")] + [esc(p["name"]) for p in c.providers] + [_("Best now")]
    rows = []
    graded = {r.ruleset for r in c.rankings}
    for row in c.rows:
        if row.ruleset in graded:
            continue
        label = f"**{esc(row.ruleset)}**" if row.category is None else esc(row.ruleset)
        rows.append(
            [
                label,
                "**" + _("all") + "**"
                if row.category is None
                else esc(term("category", row.category)),
            ]
            + [_cell(cell, c.horizons) for cell in row.cells]
            + [", ".join(esc(names[b]) for b in row.best) or "—"]
        )
    changes = (
        " " + _("(then, where it changes, the score and the horizon: +6m = +6 months)")
        if len(c.horizons) > 1
        else ""
    )
    matrix = (
        [
            _("Evaluated at %(date)s.", date=c.evaluated_at)
            + " "
            + _(
                "Cells: weighted score now%(changes)s · rules known / rules that apply "
                "(evidence coverage) · blocking gaps now. Unknown counts as not met: missing "
                "evidence never scores, and a low score with little known is an evidence gap, "
                "not a failure. `--format html` draws the same matrix as a heat map, with "
                "scores per horizon as charts.",
                changes=changes,
            ),
            "",
            table(head, rows),
            "",
        ]
        if rows
        else [_("Evaluated at %(date)s.", date=c.evaluated_at), ""]
    )
    lines = [
        "# " + _("Provider comparison"),
        "",
        *demonstration(c.reconstructed),
        *matrix,
        _("Profiles:")
        + " "
        + "; ".join(
            f"{esc(p['name'])} (" + _("checked up to %(date)s", date=p["as_of"]) + ")"
            for p in c.providers
        )
        + ".",
    ]
    for ranking in c.rankings:
        rows = [
            [
                str(i + 1),
                esc(names[e.provider]),
                _(GATE[e.gate]) if e.gate else "—",
                interval(e.seal),
                interval(e.score, " %"),
            ]
            for i, e in enumerate(ranking.entries)
        ]
        lines += [
            "",
            _(
                "Ranking on %(ruleset)s, %(when)s (minimum level first, then score, "
                "worst case first):",
                ruleset=code(ranking.ruleset),
                when=horizon(ranking.months),
            ),
            "",
            table(["#", _("Provider"), _("Gate"), "SEAL", _("Score")], rows),
        ]
    if c.best_offers:
        lines += [
            "",
            _("Best offer per provider (per-offer rules met):")
            + " "
            + "; ".join(
                f"{esc(names[b.provider])}: {code(b.offer)} {b.met}/{b.rules}"
                for b in c.best_offers
            )
            + ".",
        ]
    return "\n".join(lines) + "\n"
