"""Markdown for `compliance diff`: counts per category, then rules added, removed, changed."""

from __future__ import annotations

from compliance.analyses.diff import Diff, RevisionCounts, RuleEntry
from compliance.formats.text import code, demonstration, esc, rule_text, table
from compliance.i18n import N_, _, term


def _name(c: RevisionCounts) -> str:
    return f"{c.ruleset}@{c.revision}" if c.revision else c.ruleset


def _list(title: str, entries: list[RuleEntry], with_note: bool = False) -> list[str]:
    if not entries:
        return ["", "## " + _("%(title)s: none", title=_(title))]
    head = [_("Rule"), _("Requirement"), _("Category"), _("Severity")] + (
        [_("What changed")] if with_note else []
    )
    rows = [
        [
            code(e.rule),
            rule_text(e, "title"),
            esc(term("category", e.category)),
            term("severity", e.severity),
        ]
        + ([esc(e.note or "")] if with_note else [])
        for e in entries
    ]
    return ["", f"## {_(title)} ({len(entries)})", "", table(head, rows)]


def render(d: Diff) -> str:
    a, b = _name(d.a), _name(d.b)
    rows = [
        [
            esc(term("category", cat)),
            str(d.a.categories[cat]),
            str(d.b.categories[cat]),
            f"{d.b.categories[cat] - d.a.categories[cat]:+d}",
        ]
        for cat in d.a.categories
    ]
    rows.append(
        [
            "**" + _("all requirements") + "**",
            f"**{d.a.rules}**",
            f"**{d.b.rules}**",
            f"**{d.b.rules - d.a.rules:+d}**",
        ]
    )
    rows.append(
        [
            _("use cases"),
            str(d.a.use_cases),
            str(d.b.use_cases),
            f"{d.b.use_cases - d.a.use_cases:+d}",
        ]
    )
    lines = [
        "# " + _("Changes from %(a)s to %(b)s", a=esc(a), b=esc(b)),
        "",
        *demonstration(sorted({c.ruleset for c in (d.a, d.b) if c.provenance != "published"})),
        table([_("Category"), esc(a), esc(b), _("Change")], rows, ["l", "r", "r", "r"]),
    ]
    lines += _list(N_("Added"), d.added) + _list(N_("Removed"), d.removed)
    lines += _list(N_("Changed"), d.changed, with_note=True)
    if d.use_cases_added or d.use_cases_removed:
        lines += [
            "",
            _(
                "Use cases added: %(added)s; removed: %(removed)s.",
                added=len(d.use_cases_added),
                removed=len(d.use_cases_removed),
            ),
        ]
    return "\n".join(lines) + "\n"
