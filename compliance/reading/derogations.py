"""Derogations (waivers): a decision that lets a provider be used despite some rules, for a time.

While a derogation is valid (``starts`` <= date < ``expires``) the rules it covers report
``waived``, with the decision and the status they would otherwise have; after expiry they report
their real status again.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from compliance.models.base import Field, Model, model_validator
from compliance.models.common import Slug

if TYPE_CHECKING:
    from compliance.errors import Problem
    from compliance.reading.document import Document
    from compliance.reading.load import LoadedProfile, LoadedRuleSet


class Decision(Model):
    """The act that grants the derogation."""

    authority: str = Field(description="Who decided, e.g. CNIL.")
    reference: str = Field(description="Reference of the decision, e.g. délibération n° 2023-146.")
    date: dt.date = Field(description="Date of the decision.")
    url: str | None = Field(default=None, pattern=r"^https?://\S+$", description="Its text.")


class Derogation(Model):
    """A time-limited permission to use a provider despite the rules it covers."""

    id: Slug = Field(description="Derogation id; equals the file name without '.yaml'.")
    title: str = Field(description="What is allowed, in a line.")
    provider: Slug = Field(description="Id of the provider profile it concerns.")
    services: list[Slug] = Field(
        default_factory=list, description="Services concerned; empty means all of them."
    )
    rules: list[str] = Field(min_length=1, description="Ids of the rules it covers.")
    decision: Decision
    justification: str = Field(description="Why it was granted, in our own words.")
    approved_by: str = Field(description="Who approved it (person, body or role).")
    starts: dt.date = Field(description="First day it applies.")
    expires: dt.date = Field(description="First day it no longer applies.")
    note: str | None = Field(default=None, description="What is inferred rather than sourced.")

    @model_validator(mode="after")
    def _dates(self) -> Derogation:
        if self.expires <= self.starts:
            raise ValueError("'expires' must come after 'starts'")
        return self

    def valid_on(self, day: dt.date) -> bool:
        return self.starts <= day < self.expires


def load_derogation(path: str, doc: Document | None = None) -> Derogation:
    import os

    from compliance.errors import InvalidInput
    from compliance.reading.load import validate_document
    from compliance.reading.yamlfile import read_file

    doc = doc or read_file(path)
    model = validate_document(doc, Derogation)
    stem = os.path.splitext(os.path.basename(path))[0]
    if stem != model.id:
        raise InvalidInput(
            [doc.problem(("id",), f"id '{model.id}' must equal the file name '{stem}'")]
        )
    return model


def check_derogations(
    derogations: list[tuple[Document, Derogation]],
    rulesets: list[LoadedRuleSet],
    profiles: list[LoadedProfile],
) -> list[Problem]:
    """Derogations must name a loaded provider, its services, and loaded rules."""
    from compliance.errors import did_you_mean

    problems = []
    rule_ids = {c.rule.id for r in rulesets for c in r.rules}
    providers = {p.model.id: p.model for p in profiles}
    for doc, d in derogations:
        if providers and d.provider not in providers:
            problems.append(
                doc.problem(
                    ("provider",),
                    f"unknown provider '{d.provider}'" + did_you_mean(d.provider, providers),
                )
            )
        elif d.provider in providers:
            services = {s.id for s in providers[d.provider].services}
            for i, service in enumerate(d.services):
                if service not in services:
                    problems.append(
                        doc.problem(
                            ("services", i),
                            f"unknown service '{service}'" + did_you_mean(service, services),
                        )
                    )
        if rule_ids:
            for i, rule in enumerate(d.rules):
                if rule not in rule_ids:
                    problems.append(
                        doc.problem(
                            ("rules", i), f"unknown rule '{rule}'" + did_you_mean(rule, rule_ids)
                        )
                    )
    return problems
