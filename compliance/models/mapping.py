"""Mappings between referentials: which requirement of one covers the same ground as a
requirement of another, how (equal, subset, superset, intersect), and on what basis."""

from __future__ import annotations

from typing import Literal

from compliance.models.base import Field, Model, model_validator
from compliance.models.common import Slug
from compliance.models.ruleset import DocumentRef, RuleId

Relation = Literal["equal", "subset", "superset", "intersect"]


class Mapping(Model):
    source: RuleId = Field(description="Rule id, e.g. SNC-19.6.b.")
    target: RuleId = Field(description="Rule id of another rule set, e.g. SOV-1.1.")
    relation: Relation = Field(
        description="equal (same ground), subset (source asks less than target), superset "
        "(source asks more), intersect (they overlap)."
    )
    reference: DocumentRef | None = Field(
        default=None, description="A published mapping that states it; absent: our reading."
    )
    note: str = Field(description="Why, in our own words.")


class MappingSet(Model):
    """A file of mappings (rules/mappings/<id>.yaml)."""

    id: Slug = Field(description="Equals the file name without '.yaml'.")
    title: str
    mappings: list[Mapping] = Field(min_length=1)

    @model_validator(mode="after")
    def _distinct(self) -> MappingSet:
        seen = set()
        for m in self.mappings:
            if (m.source, m.target) in seen:
                raise ValueError(f"mapping {m.source} -> {m.target} is given twice")
            seen.add((m.source, m.target))
        return self
