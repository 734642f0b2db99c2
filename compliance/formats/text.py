"""Markdown helpers shared by the Markdown formats: escaping, tables, numbers in the run's
language, and the marks every output carries (demonstrations, texts left untranslated)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from compliance.i18n import N_, SOURCE, _, exact, fixed, ngettext

# Words of the closed lists the reports show that are not vocabularies of their own (results'
# literals), marked for the catalogue and translated where shown: _(GATE[verdict]).
GATE = {"pass": N_("pass"), "fail": N_("fail"), "unknown": N_("unknown")}
RELATION = {
    "equal": N_("equal"),
    "subset": N_("subset"),
    "superset": N_("superset"),
    "intersect": N_("intersect"),
}
DEROGATION_STATE = {
    "valid": N_("valid"),
    "expires_soon": N_("expires soon"),
    "expired": N_("expired"),
    "not_started": N_("not started"),
}

# Markdown's special characters, each made literal: a backslash before it, '<' and '>' as HTML
# entities (no tag can open).
_SPECIAL = {c: "\\" + c for c in "\\`*_{}[]|#!~"} | {"<": "&lt;", ">": "&gt;"}
# A pattern, not str.translate: a table whose replacements are longer than one character makes
# translate look every character up, 2.3 times slower on the texts of the shipped reports.
_SPECIALS = re.compile("[" + re.escape("".join(_SPECIAL)) + "]")


def _literal(match: re.Match[str]) -> str:
    return _SPECIAL[match[0]]


# Texts made inert, by their text: a report shows the same rule ids, titles and service names
# again and again (in its tables, its details, and for each provider of a run), and escaping
# them was a fifth of the Markdown. Bounded: the cache is emptied when it grows past _KEPT.
_ESCAPED: dict[str, str] = {}
_CODED: dict[str, str] = {}
_KEPT = 50_000


def esc(value: Any) -> str:
    """Text from YAML made inert in Markdown: one line, no markup, no HTML, no broken table."""
    text = str(value)
    done = _ESCAPED.get(text)
    if done is None:
        if len(_ESCAPED) > _KEPT:
            _ESCAPED.clear()
        done = _ESCAPED[text] = _SPECIALS.sub(_literal, " ".join(text.split()))
    return done


def code(value: Any) -> str:
    """An inline code span that cannot break a table (pipes escaped, backticks dropped)."""
    text = str(value)
    done = _CODED.get(text)
    if done is None:
        if len(_CODED) > _KEPT:
            _CODED.clear()
        inert = " ".join(text.split()).replace("`", "'").replace("|", "\\|")
        done = _CODED[text] = f"`{inert}`"
    return done


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
        return "*" + _("unknown") + "*"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(esc(v) for v in value) or _("(none)")
    return esc(value)


def horizon(months: int) -> str:
    """A horizon's name: now, +6 months."""
    return _("now") if months == 0 else _("+%(months)s months", months=months)


def outcome(value: bool | None) -> str:
    """A condition's outcome: true, false or unknown."""
    return _("unknown") if value is None else _("true") if value else _("false")


def units(n: int, scope: str) -> str:
    """``n`` services, or offers (the units a per-service or per-offer rule is judged on)."""
    if scope == "offer":
        return ngettext("%(num)d offer", "%(num)d offers", n)
    return ngettext("%(num)d service", "%(num)d services", n)


def marked(item: Any, field: str) -> str:
    """A rule's text (title, summary, remediation) as plain text, marked [en] when it is shown in
    English for want of a translation into the report's language."""
    text = getattr(item, field) or ""
    return f"[{SOURCE}] {text}" if field in item.untranslated else text


def rule_text(item: Any, field: str) -> str:
    """A rule's text, escaped for Markdown and marked as ``marked`` marks it."""
    text = esc(getattr(item, field))
    return f"[{SOURCE}] {text}" if field in item.untranslated else text


def table(
    header: Sequence[str], rows: Iterable[Sequence[str]], align: Sequence[str] | None = None
) -> str:
    align = align or ["l"] * len(header)
    marks = {"l": "---", "r": "---:", "c": ":---:"}
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(marks[a] for a in align) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def percent(value: float) -> str:
    """A fraction as a percentage with one decimal, in the run's language (2.6 %, 2,6 %)."""
    return f"{fixed(value * 100, 1)} %"


def number(value: object) -> str:
    """An exact number as written, in the run's language: 41.67, 1000 (41,67, 1 000)."""
    return exact(value)


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
        "> "
        + ngettext(
            "**Demonstration, not a finding:** %(names)s is a reconstruction (or "
            "illustration) of requirements whose text is not public; what follows "
            "rests on requirements we rebuilt, not on the referential itself.",
            "**Demonstration, not a finding:** %(names)s are reconstructions (or "
            "illustrations) of requirements whose text is not public; what follows "
            "rests on requirements we rebuilt, not on the referentials themselves.",
            len(names),
            names=", ".join(code(n) for n in names),
        ),
        "",
    ]
