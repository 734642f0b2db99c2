"""Where a report's rules and deciding facts are written: the line of each rule's ``- id:`` in
its rule set, and the line of the fact that decided each verdict in the provider profile, for the
formats that point into files (SARIF, JUnit)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from compliance.engine.results import Report, Result
    from compliance.reading.document import Document
    from compliance.reading.load import LoadedProfile, LoadedRuleSet

# Verdicts that rest on facts; unknown and not applicable have no deciding fact to point at.
DECIDED = ("met", "partial", "gap")
_STEP = re.compile(r"([^.\[\]]+)|\[([^\]]*)\]")


@dataclass(frozen=True)
class Location:
    file: str
    line: int
    column: int


@dataclass(frozen=True)
class Locations:
    """``rules``: rule id -> where the rule is written; ``facts``: rule id -> where the fact that
    decided its verdict is written in the profile, when the verdict rests on one we can find."""

    rules: dict[str, Location]
    facts: dict[str, Location]

    def of(self, rule: str) -> Location | None:
        """The deciding fact's line, else the rule's."""
        return self.facts.get(rule) or self.rules.get(rule)


def _item(items: list[Any], key: str) -> int | None:
    """The index of the list item a trace names in brackets: by id, name or 'scheme version'."""
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        names = {
            item.get("id"),
            item.get("name"),
            item.get("scheme"),
            f"{item.get('scheme')} {item.get('version')}",
        }
        if key in names:
            return i
    return None


def yaml_path(data: Any, fact: str, rule: str) -> tuple[str | int, ...]:
    """The longest written prefix of a trace's fact path (``services[vm].layer``) in a profile's
    data; the rule's attestation for ``attestation``; () when none of it is written."""
    if fact == "attestation":
        steps: list[tuple[str | None, str | None]] = [("attestations", None), (rule, None)]
    else:
        steps = [(m.group(1), m.group(2)) for m in _STEP.finditer(fact)]
    path: tuple[str | int, ...] = ()
    node = data
    for name, key in steps:
        if name is not None and isinstance(node, dict) and name in node:
            path, node = path + (name,), node[name]
        elif key is not None and isinstance(node, list) and (i := _item(node, key)) is not None:
            path, node = path + (i,), node[i]
        else:
            break
    return path


def _where(doc: Document, path: tuple[str | int, ...]) -> Location:
    line, column = doc.position(path, key=isinstance(path[-1], str))
    return Location(doc.file, line, column)


def deciding_fact(result: Result) -> str | None:
    """The fact that decided a verdict: the last step of its trace, when one decided it."""
    status = result.waiver.underlying if result.waiver else result.status
    return result.trace[-1].fact if status in DECIDED and result.trace else None


def locate(
    rulesets: list[tuple[LoadedRuleSet, str | None]], profile: LoadedProfile, report: Report
) -> Locations:
    rules = {
        rule.id: _where(r.doc, ("rules", i, "id"))
        for r, _ in rulesets
        for i, rule in enumerate(r.model.rules)
    }
    facts = {}
    for result in report.results:
        fact = deciding_fact(result)
        path = yaml_path(profile.doc.parsed(), fact, result.rule) if fact else ()
        if path:
            facts[result.rule] = _where(profile.doc, path)
    return Locations(rules, facts)
