"""OSCAL assessment results (NIST, JSON): one finding per rule, one observation per rule whose
facts were examined, for GRC tools that load OSCAL.

OSCAL's objective status is satisfied or not-satisfied, nothing else: met is satisfied (reason
pass); gap is not-satisfied (fail); partial, unknown (never a pass), not applicable and graded
answers (a level, not a pass or a fail) are not-satisfied with reason ``other``, the status in a
property and the reason in the remarks. A waived rule keeps its underlying status and names the
derogation. There is no OSCAL assessment plan behind an evaluation: ``import-ap`` points at a
back-matter resource listing the rule sets that were the assessment's basis.

Deterministic: every UUID is a version-5 UUID of the report's content; dates are the evaluation
date at midnight UTC.
"""

from __future__ import annotations

import json
import re
import uuid

from compliance import __version__
from compliance.results import Report, Result

OSCAL_VERSION = "1.2.1"
NS = "urn:compliance-engine:oscal"  # the namespace of our own property names
_ROOT = uuid.uuid5(uuid.NAMESPACE_URL, "urn:compliance-engine:oscal:assessment-results")
_TOKEN = re.compile(r"^[_A-Za-z][_A-Za-z0-9.\-]*$")
_STATE = {"met": ("satisfied", "pass"), "gap": ("not-satisfied", "fail")}


def _uuid(*parts: object) -> str:
    return str(uuid.uuid5(_ROOT, "\x1f".join(map(str, parts))))


def _prop(name: str, value: object) -> dict:
    return {"name": name, "ns": NS, "value": " ".join(str(value).split()) or "-"}


def _line(text: str) -> str:
    """OSCAL titles are one line."""
    return " ".join(text.split()) or "-"


def _observation(r: Result, key: tuple, when: str, report: Report) -> dict:
    evidence = []
    for source in dict.fromkeys(s for step in r.trace for s in step.sources):
        known = report.sources.get(source)
        if known is None:
            continue
        item: dict = {"description": f"{known.title} ({known.date}, {known.confidence})"}
        if known.url:
            item = {"href": known.url, **item}
        evidence.append(item)
    steps = "\n".join(f"- {s.fact} {s.op}: {s.outcome}" for s in r.trace)
    return {
        "uuid": _uuid(*key, "observation"),
        "title": _line(f"Facts examined for {r.rule}"),
        "description": f"{r.reason}\n\n{steps}",
        "methods": ["EXAMINE"],
        "collected": when,
        **({"relevant-evidence": evidence} if evidence else {}),
    }


def _finding(r: Result, key: tuple, observed: bool, demo: bool) -> dict:
    status = r.waiver.underlying if r.waiver else r.status
    state, reason = _STATE.get(status, ("not-satisfied", "other"))
    remarks = [f"{r.status}: {r.reason}"]
    if r.waiver:
        remarks.append(
            f"Waived by derogation {r.waiver.derogation} ({r.waiver.decision}) until "
            f"{r.waiver.expires}; underlying status {r.waiver.underlying}."
        )
    if demo:
        remarks.insert(0, "Demonstration, not a finding: the rule set is a reconstruction.")
    props = [
        _prop("rule", r.rule),
        _prop("ruleset", r.ruleset),
        _prop("status", r.status),
        _prop("category", r.category),
        _prop("severity", r.severity),
        *([_prop("confidence", r.confidence)] if r.confidence else []),
        *([_prop("clause", c) for c in r.clauses]),
    ]
    target = {
        "type": "objective-id",
        "target-id": r.rule if _TOKEN.match(r.rule) else f"_{r.rule}",
        "title": _line(f"{r.rule}: {r.title}"),
        "status": {"state": state, "reason": reason},
        **(
            {"implementation-status": {"state": "not-applicable"}}
            if status == "not_applicable"
            else {}
        ),
    }
    return {
        "uuid": _uuid(*key, "finding"),
        "title": _line(f"{r.rule}: {r.title}"),
        "description": r.summary or r.title,
        "props": props,
        "target": target,
        **(
            {"related-observations": [{"observation-uuid": _uuid(*key, "observation")}]}
            if observed
            else {}
        ),
        "remarks": "\n\n".join(remarks),
    }


def render(report: Report) -> str:
    """Stable JSON in the report's order."""
    when = f"{report.evaluated_at}T00:00:00Z"
    key = (
        report.provider.id,
        report.evaluated_at,
        report.context.model_dump_json(),
        *(f"{r.id}@{r.version}@{r.revision}" for r in report.rulesets),
    )
    demo = set(report.reconstructed)
    basis = _uuid(*key, "basis")
    observations, findings = [], []
    for r in report.results:
        rule_key = (*key, r.ruleset, r.rule)
        if r.trace:
            observations.append(_observation(r, rule_key, when, report))
        findings.append(_finding(r, rule_key, bool(r.trace), r.ruleset in demo))
    sets = "; ".join(
        f"{r.title} {r.version}" + (f" (revision {r.revision})" if r.revision else "")
        for r in report.rulesets
    )
    title = _line(f"{report.provider.name}: assessment at {report.evaluated_at}")
    marks = (
        [
            (
                f"Demonstration, not a finding: {', '.join(report.reconstructed)} rebuilt, not "
                "published."
            )
        ]
        if report.reconstructed
        else []
    )
    document = {
        "assessment-results": {
            "uuid": _uuid(*key),
            "metadata": {
                "title": title,
                "last-modified": when,
                "version": str(report.evaluated_at),
                "oscal-version": OSCAL_VERSION,
                "props": [
                    _prop("generator", f"compliance {__version__}"),
                    *([_prop("marking", "demonstration")] if marks else []),
                ],
                "remarks": "\n\n".join(
                    [
                        *marks,
                        ("Unknown means a needed fact is missing: an evidence gap, never a pass."),
                    ]
                ),
            },
            "import-ap": {
                "href": f"#{basis}",
                "remarks": "No OSCAL assessment plan: the rule sets "
                "in the back matter were the basis of the assessment.",
            },
            "results": [
                {
                    "uuid": _uuid(*key, "result"),
                    "title": title,
                    "description": f"{report.provider.name} ({report.provider.id}, facts checked "
                    f"up to {report.provider.as_of}) against {sets}.",
                    "start": when,
                    "reviewed-controls": {
                        "control-selections": [{"include-all": {}}],
                        "remarks": "Every rule of the rule sets of the back matter.",
                    },
                    **({"observations": observations} if observations else {}),
                    "findings": findings,
                }
            ],
            "back-matter": {
                "resources": [
                    {
                        "uuid": basis,
                        "title": _line(f"Rule sets assessed: {sets}"),
                        "props": [_prop("ruleset", f"{r.id} {r.version}") for r in report.rulesets],
                        "remarks": "Rule sets of the compliance engine; provenance: "
                        + ", ".join(f"{r.id} {r.provenance}" for r in report.rulesets)
                        + ".",
                    }
                ]
            },
        }
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
