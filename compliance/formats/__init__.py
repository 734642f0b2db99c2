"""Output formats: each module renders results to a string and never prints or writes."""

from __future__ import annotations

from enum import Enum


class Format(str, Enum):
    markdown = "markdown"
    json = "json"


EXTENSIONS = {Format.markdown: "md", Format.json: "json"}
