"""The JSON reports: the result models as published in the schemas (report.schema.json...)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import orjson

from compliance.models.common import json_number


def render(model: Any) -> str:
    """Stable JSON: field order from the models, two-space indent, UTF-8, final newline.

    The same text as ``json.dumps(model.model_dump(mode="json"), indent=2, ensure_ascii=False)``
    (a test holds the two together), written by orjson: the standard library's encoder falls
    back to pure Python as soon as it indents, and cost as much as the evaluation itself; and
    pydantic's serializer would build the schema of every result model first.
    """
    return orjson.dumps(model, default=_default, option=orjson.OPT_INDENT_2).decode() + "\n"


def _default(value: Any) -> Any:
    """What orjson does not know: a model is its fields, in order (what validation and the
    result models keep in ``__dict__``); an exact number a number; a set a list."""
    if hasattr(type(value), "model_fields"):
        return value.__dict__
    if isinstance(value, Decimal):
        return json_number(value)
    if isinstance(value, set | frozenset):
        return list(value)
    raise TypeError(f"no JSON form for {type(value).__name__}")  # pragma: no cover - a bug
