"""The report of the logical analysis of rule sets (``contradictions``): its models only, so
that the published schema and the formats need no solver."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from compliance.analyses.market import MarketReport
from compliance.engine.results import RuleSetRef
from compliance.models.base import Model
from compliance.models.common import UntranslatedTitle


class RuleBrief(Model):
    ruleset: str
    rule: str
    title: str
    untranslated: UntranslatedTitle
    clauses: list[str]
    scope: str


class Clash(Model):
    fact: str
    tests: list[str]  # "RULE: op value", one per test of a rule on this fact


class Finding(Model):
    """A minimal set of requirements that no profile can meet together (one: a dead one)."""

    rules: list[RuleBrief]
    why: str
    clashes: list[Clash]
    bound: str  # the symbolic profiles checked: "up to 4 services, ..."


class Implication(Model):
    rule: RuleBrief
    implied_by: list[RuleBrief]
    why: str
    bound: str  # the profiles checked


class Declared(Model):
    """A pair the rule set itself declares opposed (``metadata.contradicts``), checked."""

    rules: list[RuleBrief]
    contradictory: bool
    why: str


class Analysis(Model):
    """Logical findings on the requirements of one or more rule sets loaded together."""

    schema_version: Literal["1"] = "1"
    kind: Literal["contradictions"] = "contradictions"
    countries_read_at: dt.date
    rulesets: list[RuleSetRef]
    reconstructed: list[str]
    analysed: int
    graded: list[str]
    consistent: bool
    contradictions: list[Finding]
    dead: list[Finding]
    redundant: list[Implication]
    declared: list[Declared]
    complete: bool
    note: str
    market: MarketReport | None = None
