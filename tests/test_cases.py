"""Evaluation cases written as YAML (tests/cases/*.yaml), so analysts can add their own."""

import copy
import datetime as dt
from pathlib import Path

import pytest

from compliance.evaluate import Plan, evaluate, in_scope, statuses
from compliance.load import LoadedRuleSet, compile_ruleset
from compliance.models.profile import ProviderProfile
from compliance.models.ruleset import RuleSet
from compliance.results import Context
from compliance.yamlfile import Document, read_file

CASES = Path(__file__).parent / "cases"
BASE_PROFILE = {
    "id": "case", "name": "Case Cloud", "as_of": dt.date(2025, 6, 1),
    "sources": {"reg": {"title": "Registry", "url": "https://example.org", "confidence":
                        "official", "date": dt.date(2025, 6, 1)}},
}


def _rule(rule_id, condition, **extra):
    return {"id": rule_id, "title": "T", "summary": "S", "clauses": ["1"],
            "category": "sovereignty", "severity": "high", "condition": condition,
            "rationale": "R", "remediation": "M", **extra}


def _cases():
    return list(_each_case())


def _each_case():
    for path in sorted(CASES.glob("*.yaml")):
        data = read_file(str(path)).data
        for case in data["cases"]:
            merged = {**copy.deepcopy(data.get("defaults", {})), **case}
            yield pytest.param(merged, id=f"{path.stem}: {case['name']}")


@pytest.mark.parametrize("case", _cases())
def test_case(case):
    rules = [_rule("R-1", case["condition"],
                   **{k: case[k] for k in ("partial", "applies_to", "scope", "severity")
                      if k in case})]
    if "other_rule" in case:
        rules.insert(0, _rule("R-0", case["other_rule"]))
    data = {"id": "case", "title": "Cases", "version": "1", "publisher": "tests",
            "source": {"title": "cases"}, "language": "en", "rules": rules}
    model = RuleSet.model_validate(data)
    doc = Document("case.yaml", data)
    compiled, problems, refs = compile_ruleset(doc, model)
    assert not problems, problems
    ruleset = LoadedRuleSet("case.yaml", model, compiled, doc, refs)
    profile = ProviderProfile.model_validate(
        {**BASE_PROFILE, **case.get("profile_defaults", {}), **case["profile"]})
    context = Context(services=case.get("services_in_scope", []),
                      min_confidence=case.get("min_confidence"))
    report = evaluate([(ruleset, None)], profile, case.get("at", dt.date(2026, 1, 1)), context)
    result = next(r for r in report.results if r.rule == "R-1")
    assert result.status == case["expect"], result.reason
    if "expect_services" in case:
        assert {u.id: u.status for u in result.services or []} == case["expect_services"]
    if "expect_confidence" in case:
        assert result.confidence == case["expect_confidence"], result.reason
    # the untraced hot path (horizons, history, benchmark) must agree with the traced one
    day = case.get("at", dt.date(2026, 1, 1))
    if context.min_confidence is None:  # the fast path sees the profile as given
        fast = statuses(Plan.build([(ruleset, None)], context), in_scope(profile, context), day,
                        day)
        assert fast["R-1"] == result.status
