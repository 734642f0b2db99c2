"""SARIF 2.1.0 (OASIS): one result per rule, for code-scanning views of an analysts' repository.

Each verdict is placed at the line of the fact that decided it in the provider profile, else at
the rule's ``- id:`` line in its rule set (an unknown or n/a verdict has no deciding fact); the
rule's line is always a related location. SARIF's ``kind`` carries the status: met ``pass``,
gap and partial ``fail``, unknown ``open`` (undetermined: never a pass), not applicable
``notApplicable``, a graded answer ``informational``; a waived rule keeps its underlying kind
and carries the derogation as an accepted external suppression.
"""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import TYPE_CHECKING
from urllib.parse import quote

from compliance import __version__
from compliance.engine.results import Report, Result
from compliance.formats.text import marked
from compliance.i18n import _

if TYPE_CHECKING:
    from compliance.engine.locate import Location, Locations

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
_KIND = {
    "met": "pass",
    "gap": "fail",
    "partial": "fail",
    "unknown": "open",
    "not_applicable": "notApplicable",
    "answered": "informational",
}
_LEVEL = {"blocking": "error", "high": "error", "medium": "warning", "low": "note"}


def _uri(file: str) -> str:
    """A URI reference to a file: relative paths stay relative (to the run's directory)."""
    path = PurePath(file)
    return ("file://" if path.is_absolute() else "") + quote(path.as_posix())


def _physical(where: Location) -> dict:
    return {
        "artifactLocation": {"uri": _uri(where.file)},
        "region": {"startLine": where.line, "startColumn": where.column},
    }


def _rule(r: Result) -> dict:
    return {
        "id": r.rule,
        "shortDescription": {"text": marked(r, "title")},
        "fullDescription": {"text": marked(r, "summary")},
        "help": {"text": marked(r, "remediation")},
        "properties": {
            "ruleset": r.ruleset,
            "clauses": r.clauses,
            "category": r.category,
            "severity": r.severity,
        },
    }


def _result(r: Result, index: int, demo: bool, locations: Locations | None) -> dict:
    status = r.waiver.underlying if r.waiver else r.status
    kind = _KIND[status]
    level = (
        "none"
        if kind != "fail"
        else _LEVEL[r.severity]
        if status == "gap"
        else "note"
        if r.severity == "low"
        else "warning"
    )
    text = (
        _("Demonstration, not a finding:") + " " if demo else ""
    ) + f"{r.rule} {r.status.upper()} ({marked(r, 'title')}): {r.reason}"
    out: dict = {
        "ruleId": r.rule,
        "ruleIndex": index,
        "kind": kind,
        "level": level,
        "message": {"text": text},
    }
    if locations is not None:
        where, rule = locations.of(r.rule), locations.rules.get(r.rule)
        if where is not None:
            out["locations"] = [{"physicalLocation": _physical(where)}]
        if rule is not None and rule != where:
            out["relatedLocations"] = [
                {
                    "id": 1,
                    "physicalLocation": _physical(rule),
                    "message": {"text": _("rule %(rule)s", rule=r.rule)},
                }
            ]
    if r.waiver:
        out["suppressions"] = [
            {
                "kind": "external",
                "status": "accepted",
                "justification": _(
                    "derogation %(id)s: %(decision)s, until %(expires)s",
                    id=r.waiver.derogation,
                    decision=r.waiver.decision,
                    expires=r.waiver.expires,
                ),
            }
        ]
    out["properties"] = {
        "status": r.status,
        "confidence": r.confidence,
        **({"services": {u.id: u.status for u in r.services}} if r.services else {}),
    }
    return out


def render(report: Report, locations: Locations | None = None) -> str:
    """Stable JSON, results in the report's order, no timestamps."""
    demo = set(report.reconstructed)
    results = report.results
    index = {r.rule: i for i, r in enumerate(results)}
    run = {
        "tool": {
            "driver": {
                "name": "compliance",
                "version": __version__,
                "rules": [_rule(r) for r in results],
            }
        },
        "results": [_result(r, index[r.rule], r.ruleset in demo, locations) for r in results],
        "columnKind": "unicodeCodePoints",
        "properties": {
            "provider": report.provider.id,
            "evaluatedAt": str(report.evaluated_at),
            "rulesets": [f"{r.id} {r.version}" for r in report.rulesets],
            "reconstructed": report.reconstructed,
        },
    }
    log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
