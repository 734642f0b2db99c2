import datetime as dt

from compliance.evaluate import evaluate
from compliance.load import load_profile, load_ruleset


def test_azure_fails_19_6_a_and_b_as_blocking_gaps():
    ruleset = load_ruleset("rules/secnumcloud-3.2.yaml")
    profile = load_profile("providers/azure.yaml")
    report = evaluate([(ruleset, None)], profile.model, dt.date(2026, 11, 22))
    status = {r.rule: r.status for r in report.results}
    assert status["SNC-19.6.a"] == "gap"
    assert status["SNC-19.6.b"] == "gap"
    assert "secnumcloud-3.2:SNC-19.6.a" in report.summary.blocking_gaps
