"""Markdown for `compliance diff`: counts per category, then rules added, removed, changed."""

from __future__ import annotations

from compliance.diff import Diff, RevisionCounts, RuleEntry
from compliance.formats.text import code, demonstration, esc, table


def _name(c: RevisionCounts) -> str:
    return f"{c.ruleset}@{c.revision}" if c.revision else c.ruleset


def _list(title: str, entries: list[RuleEntry], with_note: bool = False) -> list[str]:
    if not entries:
        return ["", f"## {title}: none"]
    head = ["Rule", "Requirement", "Category", "Severity"] + (["What changed"] if with_note else [])
    rows = [
        [code(e.rule), esc(e.title), esc(e.category), e.severity]
        + ([esc(e.note or "")] if with_note else [])
        for e in entries
    ]
    return ["", f"## {title} ({len(entries)})", "", table(head, rows)]


def render(d: Diff) -> str:
    a, b = _name(d.a), _name(d.b)
    rows = [
        [
            esc(cat),
            str(d.a.categories[cat]),
            str(d.b.categories[cat]),
            f"{d.b.categories[cat] - d.a.categories[cat]:+d}",
        ]
        for cat in d.a.categories
    ]
    rows.append(
        [
            "**all requirements**",
            f"**{d.a.rules}**",
            f"**{d.b.rules}**",
            f"**{d.b.rules - d.a.rules:+d}**",
        ]
    )
    rows.append(
        ["use cases", str(d.a.use_cases), str(d.b.use_cases), f"{d.b.use_cases - d.a.use_cases:+d}"]
    )
    lines = [
        f"# Changes from {esc(a)} to {esc(b)}",
        "",
        *demonstration(sorted({c.ruleset for c in (d.a, d.b) if c.provenance != "published"})),
        table(["Category", esc(a), esc(b), "Change"], rows, ["l", "r", "r", "r"]),
    ]
    lines += _list("Added", d.added) + _list("Removed", d.removed)
    lines += _list("Changed", d.changed, with_note=True)
    if d.use_cases_added or d.use_cases_removed:
        lines += [
            "",
            f"Use cases added: {len(d.use_cases_added)}; removed: {len(d.use_cases_removed)}.",
        ]
    return "\n".join(lines) + "\n"
