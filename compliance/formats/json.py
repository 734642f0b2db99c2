"""The JSON reports: the result models as published in the schemas (report.schema.json...)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import Enum
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
    return orjson.dumps(plain(model), option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"


_FIELDS: dict[type, tuple[str, ...]] = {}


def plain(value: Any) -> Any:
    """A model as JSON data, the way pydantic dumps it in JSON mode: fields by name, in order;
    dates in ISO format; exact numbers as numbers (every Decimal of the result models is one);
    tuples and sets as lists."""
    kind = type(value)
    names = _FIELDS.get(kind)
    if names is None and hasattr(kind, "model_fields"):
        names = _FIELDS[kind] = tuple(kind.model_fields)
    if names is not None:
        return {name: plain(getattr(value, name)) for name in names}
    if kind is list or kind is tuple:
        return [plain(v) for v in value]
    if kind is dict:
        return {str(k.value if isinstance(k, Enum) else k): plain(v) for k, v in value.items()}
    if kind is str or kind is int or kind is bool or kind is float or value is None:
        return value
    if isinstance(value, Decimal):
        return json_number(value)
    if isinstance(value, Enum):
        return plain(value.value)
    if isinstance(value, dt.date):  # datetimes are dates too
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return [plain(v) for v in value]
    raise TypeError(f"no JSON form for {kind.__name__}")  # pragma: no cover - a bug
