"""The JSON report: the Report model as published in report.schema.json."""

from __future__ import annotations

import json

from pydantic import BaseModel


def render(model: BaseModel) -> str:
    """Stable JSON: field order from the models, two-space indent, UTF-8, final newline."""
    return json.dumps(model.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
