"""Markdown helpers shared by the Markdown formats: escaping and tables."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#!~])")


def esc(value: Any) -> str:
    """Text from YAML made inert in Markdown: one line, no markup, no HTML, no broken table."""
    text = " ".join(str(value).split())
    return _SPECIAL.sub(
        lambda m: (
            "&lt;" if m.group(1) == "<" else "&gt;" if m.group(1) == ">" else "\\" + m.group(1)
        ),
        text,
    )


def code(value: Any) -> str:
    """An inline code span that cannot break a table (pipes escaped, backticks dropped)."""
    text = " ".join(str(value).split()).replace("`", "'").replace("|", "\\|")
    return f"`{text}`"


def link(url: str) -> str:
    """A source's URL as an autolink: no markup can be written inside one, but '<', '>' and
    spaces would end it, so they are percent-encoded (the models accept http(s) URLs only)."""
    text = " ".join(url.split()).replace("<", "%3C").replace(">", "%3E").replace(" ", "%20")
    return f"<{text}>"


def located(url: str | None, document: str | None) -> str:
    """Where a document can be read: its URL as an autolink, else its offline reference."""
    return link(url) if url else esc(document or "")


def show(value: Any) -> str:
    """A fact value as it reads in a report."""
    if value is None:
        return "*unknown*"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(esc(v) for v in value) or "(none)"
    return esc(value)


def table(
    header: Sequence[str], rows: Iterable[Sequence[str]], align: Sequence[str] | None = None
) -> str:
    align = align or ["l"] * len(header)
    marks = {"l": "---", "r": "---:", "c": ":---:"}
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(marks[a] for a in align) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def percent(value: float) -> str:
    return f"{value * 100:.1f} %"


def number(value: object) -> str:
    """An exact number as written: 41.67, 1000, never 41.6700 or 1E+3."""
    text = format(value, "f") if not isinstance(value, int) else str(value)
    return text.rstrip("0").rstrip(".") if "." in text else text


def interval(span: Any, unit: str = "") -> str:
    """A [low, high] interval (a results.Span): one number when known, low–high otherwise."""
    if span is None:
        return "—"
    if span.low == span.high:
        return f"{number(span.low)}{unit}"
    return f"{number(span.low)}–{number(span.high)}{unit}"


def demonstration(names: list[str]) -> list[str]:
    """The mark every Markdown output carries when it uses a reconstructed rule set."""
    if not names:
        return []
    return [
        f"> **Demonstration, not a finding:** {', '.join(code(n) for n in names)} is a "
        "reconstruction (or illustration) of requirements whose text is not public; what "
        "follows rests on requirements we rebuilt, not on the referential itself.",
        "",
    ]
