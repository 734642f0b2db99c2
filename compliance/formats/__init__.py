"""Output formats: each module renders results to a string and never prints or writes.

``RENDERERS`` is the one table of which format renders which result: a command offers exactly
the formats of its result (anything else is a usage error, never a fallback), and a format is
inferred from, and must agree with, the suffix of ``--output``.
"""

from __future__ import annotations

from enum import Enum
from importlib import import_module
from typing import Any


class Format(str, Enum):
    markdown = "markdown"
    json = "json"
    csv = "csv"
    sarif = "sarif"
    junit = "junit"
    oscal = "oscal"
    html = "html"


# File name endings of each format, the first one used for default file names. The longest
# ending a name has decides its format; ties go to the earlier format (x.json is JSON,
# x.oscal.json OSCAL), and any ending listed here agrees with --format.
SUFFIXES: dict[Format, tuple[str, ...]] = {
    Format.markdown: (".md", ".markdown"),
    Format.json: (".json",),
    Format.csv: (".csv",),
    Format.sarif: (".sarif", ".sarif.json"),
    Format.junit: (".junit.xml", ".xml"),
    Format.oscal: (".oscal.json", ".json"),
    Format.html: (".html", ".htm"),
}
EXTENSIONS = {fmt: suffixes[0][1:] for fmt, suffixes in SUFFIXES.items()}

# Result type -> format -> "module" of this package (its render()) or "module:function". JSON
# renders every result: its model, as published by `compliance schema`. Keyed by name, so
# that choosing a renderer imports nothing but the renderer chosen.
RENDERERS: dict[str, dict[Format, str]] = {
    "Report": {
        Format.markdown: "markdown",
        Format.json: "json",
        Format.html: "html:report",
        Format.csv: "csv",
        Format.sarif: "sarif",
        Format.junit: "junit",
        Format.oscal: "oscal",
    },
    "Comparison": {Format.markdown: "compare", Format.json: "json", Format.html: "html:comparison"},
    "Diff": {Format.markdown: "diff", Format.json: "json", Format.html: "html:diff"},
    "History": {Format.markdown: "history", Format.json: "json", Format.html: "html:history"},
    "Tailoring": {Format.markdown: "tailoring", Format.json: "json", Format.html: "html:tailoring"},
    "PlanReport": {Format.markdown: "plan", Format.json: "json", Format.html: "html:plan"},
    "Analysis": {
        Format.markdown: "contradictions",
        Format.json: "json",
        Format.html: "html:contradictions",
    },
    "Inventory": {Format.markdown: "inventory", Format.json: "json", Format.html: "html:inventory"},
}
# Formats that point into the YAML files: their renderer also takes the Locations of rules and
# facts (compliance.engine.locate).
LOCATED = frozenset({Format.sarif, Format.junit})


def format_of(name: str) -> Format | None:
    """The format a file name's ending stands for, or None when it stands for none."""
    lowered = name.lower()
    found = [
        (len(s), -i, fmt)
        for i, (fmt, suffixes) in enumerate(SUFFIXES.items())
        for s in suffixes
        if lowered.endswith(s)
    ]
    return max(found)[2] if found else None


def agrees(fmt: Format, name: str) -> bool:
    """Whether a file name may hold ``fmt``: it ends as that format's files do, or as none do."""
    lowered = name.lower()
    return format_of(name) is None or any(lowered.endswith(s) for s in SUFFIXES[fmt])


def render(result: Any, fmt: Format, locations: Any = None) -> str:
    """``result`` in ``fmt``; the pair must be in RENDERERS (commands check it first)."""
    name, _, function = RENDERERS[type(result).__name__][fmt].partition(":")
    renderer = getattr(import_module(f"{__name__}.{name}"), function or "render")
    return renderer(result, locations) if fmt in LOCATED else renderer(result)
