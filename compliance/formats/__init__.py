"""Output formats: each module renders results to a string and never prints or writes.

One table says which format renders which result: a command offers exactly the formats of its
result, and a pair missing from the table is a usage error, never a silent fallback.
"""

from __future__ import annotations

from enum import Enum
from importlib import import_module


class Format(str, Enum):
    markdown = "markdown"
    json = "json"
    html = "html"


EXTENSIONS = {Format.markdown: "md", Format.json: "json", Format.html: "html"}

# (result class name, format) -> (module, function). Keyed by name so that choosing a renderer
# imports nothing but the renderer chosen. A new analysis adds its rows here, and its command
# calls commands.write(result, fmt, output): `contradictions` (compliance.contradictions.Analysis)
# has no command yet; when it gets one, add ("Analysis", json/markdown/html), an HTML template
# extending base.html.j2, and the name to tests/test_html.py's list of result kinds.
RENDERERS: dict[tuple[str, Format], tuple[str, str]] = {
    **{(kind, Format.json): ("compliance.formats.json", "render")
       for kind in ("Report", "Comparison", "Diff", "History", "PlanReport", "Tailoring")},
    ("Report", Format.markdown): ("compliance.formats.markdown", "render"),
    ("Comparison", Format.markdown): ("compliance.formats.compare", "render"),
    ("Diff", Format.markdown): ("compliance.formats.diff", "render"),
    ("History", Format.markdown): ("compliance.formats.history", "render"),
    ("PlanReport", Format.markdown): ("compliance.formats.plan", "render"),
    ("Tailoring", Format.markdown): ("compliance.formats.tailoring", "render"),
    ("Report", Format.html): ("compliance.formats.html", "report"),
    ("Comparison", Format.html): ("compliance.formats.html", "comparison"),
    ("Diff", Format.html): ("compliance.formats.html", "diff"),
    ("History", Format.html): ("compliance.formats.html", "history"),
    ("PlanReport", Format.html): ("compliance.formats.html", "plan"),
    ("Tailoring", Format.html): ("compliance.formats.html", "tailoring"),
}


class UnsupportedFormat(ValueError):
    """No renderer for this result in this format."""


def render(result: object, fmt: Format) -> str:
    """``result`` in format ``fmt``, as a string."""
    try:
        module, function = RENDERERS[(type(result).__name__, fmt)]
    except KeyError:
        offered = [f.value for k, f in RENDERERS if k == type(result).__name__]
        raise UnsupportedFormat(f"--format {fmt.value}: not available here (formats: "
                                f"{', '.join(offered)})") from None
    return getattr(import_module(module), function)(result)
