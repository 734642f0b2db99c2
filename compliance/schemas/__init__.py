"""The published JSON Schemas, generated from the models (`compliance schema` rewrites them)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import BaseModel


def models() -> dict[str, type[BaseModel]]:
    from compliance.analyses.findings import Analysis
    from compliance.analyses.inventory import Inventory
    from compliance.analyses.plan import PlanReport
    from compliance.analyses.tailoring import Tailoring
    from compliance.engine.results import Report
    from compliance.models.mapping import MappingSet
    from compliance.models.profile import ProviderProfile
    from compliance.models.ruleset import RuleSet
    from compliance.reading.derogations import Derogation

    return {
        "ruleset": RuleSet,
        "profile": ProviderProfile,
        "derogation": Derogation,
        "report": Report,
        "mappings": MappingSet,
        "tailoring": Tailoring,
        "plan": PlanReport,
        "contradictions": Analysis,
        "inventory": Inventory,
    }


def render(name: str, model: type[BaseModel]) -> str:
    schema = model.model_json_schema(by_alias=True)
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://compliance.invalid/schemas/{name}.schema.json",
        **schema,
    }
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write_all(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in models().items():
        path = directory / f"{name}.schema.json"
        path.write_text(render(name, model), encoding="utf-8")
        written.append(path)
    return written
