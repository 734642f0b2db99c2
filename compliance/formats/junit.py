"""JUnit XML: one test suite per rule set, one test case per rule, for the CI of an analysts'
repository (GitLab, Jenkins and GitHub test reports read it).

met passes; gap and partial fail; unknown is an error (no verdict could be reached: an evidence
gap, never a pass); not applicable, waived and graded answers (a level, not a pass or a fail)
are skipped with the reason. Each test case points at its rule's line; a failure names the line
of the fact that decided it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from compliance.engine.results import Report, Result, describe
from compliance.formats.text import marked, outcome
from compliance.i18n import _

if TYPE_CHECKING:
    from compliance.engine.locate import Locations

# Characters XML 1.0 cannot carry at all, even escaped.
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: object) -> str:
    return _INVALID.sub("\ufffd", str(value))


def _details(r: Result, locations: Locations | None) -> str:
    fact = locations.facts.get(r.rule) if locations else None
    where = f"{fact.file}:{fact.line}:{fact.column}" if fact else ""
    lines = [
        f"{r.rule} ({', '.join(r.clauses)}): {r.status}",
        r.reason,
        *([_("decided at %(where)s", where=where)] if fact else []),
        *(
            f"{s.fact} {s.op} {describe(s.expected)}: {describe(s.actual)} -> "
            f"{outcome(s.outcome)}" + (f" [{', '.join(s.sources)}]" if s.sources else "")
            for s in r.trace
        ),
        _("remediation:") + " " + marked(r, "remediation"),
    ]
    return "\n".join(lines)


def _outcome(case: ET.Element, r: Result, demo: str, locations: Locations | None) -> str:
    """Adds the failure, error or skipped element; returns which (or 'passed')."""
    if r.status in ("gap", "partial"):
        tag = "failure"
    elif r.status == "unknown":
        tag = "error"
    elif r.status == "met":
        return "passed"
    else:
        tag = "skipped"
    reason = (
        _(
            "waived by %(id)s (%(decision)s) until %(expires)s; underlying %(status)s",
            id=r.waiver.derogation,
            decision=r.waiver.decision,
            expires=r.waiver.expires,
            status=r.waiver.underlying,
        )
        if r.waiver
        else r.reason
    )
    element = ET.SubElement(
        case, tag, {"message": _text(f"{demo}{r.status}: {reason}"), "type": r.status}
    )
    if tag != "skipped":
        element.text = _text(_details(r, locations))
    return tag


def render(report: Report, locations: Locations | None = None) -> str:
    """Stable XML: suites in the report's rule set order, cases in its result order; no times
    or timestamps (nothing was run), time="0"."""
    demo_sets = set(report.reconstructed)
    root = ET.Element(
        "testsuites",
        {
            "name": _text(
                "compliance: "
                + _(
                    "%(provider)s at %(date)s",
                    provider=report.provider.name,
                    date=report.evaluated_at,
                )
            )
        },
    )
    totals = dict.fromkeys(("tests", "failures", "errors", "skipped"), 0)
    for ref in report.rulesets:
        results = [r for r in report.results if r.ruleset == ref.id]
        demo = _("DEMONSTRATION, NOT A FINDING:") + " " if ref.id in demo_sets else ""
        suite = ET.SubElement(root, "testsuite", {"name": _text(f"{demo}{ref.id}")})
        props = ET.SubElement(suite, "properties")
        for name, value in (
            ("provider", report.provider.id),
            ("evaluated_at", report.evaluated_at),
            ("ruleset", f"{ref.title} {ref.version}"),
            ("provenance", ref.provenance),
        ):
            ET.SubElement(props, "property", {"name": name, "value": _text(value)})
        counts = dict.fromkeys(("tests", "failures", "errors", "skipped"), 0)
        for r in results:
            case = ET.SubElement(
                suite,
                "testcase",
                {
                    "classname": _text(f"{report.provider.id}.{ref.id}"),
                    "name": _text(f"{r.rule}: {marked(r, 'title')}"),
                    "time": "0",
                },
            )
            where = locations.rules.get(r.rule) if locations else None
            if where is not None:
                case.set("file", _text(where.file))
                case.set("line", str(where.line))
            outcome = _outcome(case, r, demo, locations)
            counts["tests"] += 1
            if outcome != "passed":
                counts[{"failure": "failures", "error": "errors"}.get(outcome, outcome)] += 1
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
        suite.set("time", "0")
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
