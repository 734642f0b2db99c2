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
from compliance.engine.results import Report, Result
from compliance.formats.text import marked
from compliance.i18n import _, ngettext

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
        "title": _line(_("Facts examined for %(rule)s", rule=r.rule)),
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
            _(
                "Waived by derogation %(id)s (%(decision)s) until %(expires)s; "
                "underlying status %(status)s.",
                id=r.waiver.derogation,
                decision=r.waiver.decision,
                expires=r.waiver.expires,
                status=r.waiver.underlying,
            )
        )
    if demo:
        remarks.insert(0, _("Demonstration, not a finding: the rule set is a reconstruction."))
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
        "title": _line(f"{r.rule}: {marked(r, 'title')}"),
        "status": {"state": state, "reason": reason},
        **(
            {"implementation-status": {"state": "not-applicable"}}
            if status == "not_applicable"
            else {}
        ),
    }
    return {
        "uuid": _uuid(*key, "finding"),
        "title": _line(f"{r.rule}: {marked(r, 'title')}"),
        "description": marked(r, "summary") or marked(r, "title"),
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
        f"{marked(r, 'title')} {r.version}"
        + (" (" + _("revision %(id)s", id=r.revision) + ")" if r.revision else "")
        for r in report.rulesets
    )
    title = _line(
        _(
            "%(provider)s: assessment at %(date)s",
            provider=report.provider.name,
            date=report.evaluated_at,
        )
    )
    marks = (
        [
            ngettext(
                "Demonstration, not a finding: %(rulesets)s rebuilt, not published.",
                "Demonstration, not a finding: %(rulesets)s rebuilt, not published.",
                len(report.reconstructed),
                rulesets=", ".join(report.reconstructed),
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
                        _("Unknown means a needed fact is missing: an evidence gap, never a pass."),
                    ]
                ),
            },
            "import-ap": {
                "href": f"#{basis}",
                "remarks": _(
                    "No OSCAL assessment plan: the rule "
                    "sets in the back matter were the basis "
                    "of the assessment."
                ),
            },
            "results": [
                {
                    "uuid": _uuid(*key, "result"),
                    "title": title,
                    "description": _(
                        "%(provider)s (%(id)s, facts checked up to %(as_of)s) against "
                        "%(rulesets)s.",
                        provider=report.provider.name,
                        id=report.provider.id,
                        as_of=report.provider.as_of,
                        rulesets=sets,
                    ),
                    "start": when,
                    "reviewed-controls": {
                        "control-selections": [{"include-all": {}}],
                        "remarks": _("Every rule of the rule sets of the back matter."),
                    },
                    **({"observations": observations} if observations else {}),
                    "findings": findings,
                }
            ],
            "back-matter": {
                "resources": [
                    {
                        "uuid": basis,
                        "title": _line(_("Rule sets assessed: %(rulesets)s", rulesets=sets)),
                        "props": [_prop("ruleset", f"{r.id} {r.version}") for r in report.rulesets],
                        "remarks": _(
                            "Rule sets of the compliance engine; provenance: %(list)s.",
                            list=", ".join(f"{r.id} {r.provenance}" for r in report.rulesets),
                        ),
                    }
                ]
            },
        }
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
