"""Evaluation cases written as YAML (tests/cases/*.yaml), so analysts can add their own."""

import copy
import datetime as dt
from pathlib import Path

import pytest

from compliance.engine.evaluate import Plan, evaluate, in_scope, statuses
from compliance.engine.results import Context
from compliance.models.profile import ProviderProfile
from compliance.models.ruleset import RuleSet
from compliance.reading.document import Document
from compliance.reading.load import LoadedRuleSet, compile_ruleset
from compliance.reading.yamlfile import read_file

CASES = Path(__file__).parent / "cases"
BASE_PROFILE = {
    "id": "case",
    "name": "Case Cloud",
    "as_of": dt.date(2025, 6, 1),
    "sources": {
        "reg": {
            "title": "Registry",
            "url": "https://example.org",
            "confidence": "official",
            "date": dt.date(2025, 6, 1),
        }
    },
}


def _rule(rule_id, condition, **extra):
    return {
        "id": rule_id,
        "title": "T",
        "summary": "S",
        "clauses": ["1"],
        "category": "sovereignty",
        "severity": "high",
        "condition": condition,
        "rationale": "R",
        "remediation": "M",
        **extra,
    }


# What a case may say: a misspelt key ("expect_service") would otherwise be ignored and the
# case pass without checking what its author meant.
CASE_KEYS = {
    "name": "what the case shows",
    "condition": "the rule's condition",
    "profile": "the profile's facts",
    "expect": "the status expected",
    "at": "the date evaluated",
    "partial": "the rule's partial condition",
    "applies_to": "the rule's applicability",
    "scope": "provider, service or offer",
    "severity": "the rule's severity",
    "other_rule": "a rule R-0 that R-1 may reference",
    "services_in_scope": "--service",
    "min_confidence": "--min-confidence",
    "expect_services": "the status expected per service",
    "expect_confidence": "the confidence expected",
    "profile_defaults": "facts shared by cases",
}
FILE_KEYS = {"cases", "defaults"}


def _cases():
    return list(_each_case())


def test_case_files_use_known_keys_only():
    from compliance.errors import did_you_mean

    problems = []
    for path in sorted(CASES.glob("*.yaml")):
        data = read_file(str(path)).data
        problems += [
            f"{path.name}: unknown key '{k}'" + did_you_mean(k, FILE_KEYS)
            for k in data
            if k not in FILE_KEYS
        ]
        for case in [data.get("defaults", {}), *data["cases"]]:
            problems += [
                f"{path.name}: case {case.get('name', '(defaults)')!r}: unknown key "
                f"'{k}'" + did_you_mean(k, CASE_KEYS)
                for k in case
                if k not in CASE_KEYS
            ]
    assert not problems, "\n".join(problems)


def _each_case():
    for path in sorted(CASES.glob("*.yaml")):
        data = read_file(str(path)).data
        for case in data["cases"]:
            merged = {**copy.deepcopy(data.get("defaults", {})), **case}
            yield pytest.param(merged, id=f"{path.stem}: {case['name']}")


@pytest.mark.parametrize("case", _cases())
def test_case(case):
    rules = [
        _rule(
            "R-1",
            case["condition"],
            **{k: case[k] for k in ("partial", "applies_to", "scope", "severity") if k in case},
        )
    ]
    if "other_rule" in case:
        rules.insert(0, _rule("R-0", case["other_rule"]))
    data = {
        "id": "case",
        "title": "Cases",
        "version": "1",
        "publisher": "tests",
        "source": {"title": "cases"},
        "language": "en",
        "rules": rules,
    }
    model = RuleSet.model_validate(data)
    doc = Document("case.yaml", data)
    compiled, problems, refs = compile_ruleset(doc, model)
    assert not problems, problems
    ruleset = LoadedRuleSet("case.yaml", model, compiled, doc, refs)
    profile = ProviderProfile.model_validate(
        {**BASE_PROFILE, **case.get("profile_defaults", {}), **case["profile"]}
    )
    context = Context(
        services=case.get("services_in_scope", []), min_confidence=case.get("min_confidence")
    )
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
        fast = statuses(
            Plan.build([(ruleset, None)], context), in_scope(profile, context), day, day
        )
        assert fast["R-1"] == result.status
