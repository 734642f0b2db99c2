"""`compliance plan`: the fewest fixes per rule, actions ranked by rules closed, projections on
commitments, the demonstration mark, determinism and the published schema
(fixtures: tests/fixtures/plan/, each stating what it plants)."""

import datetime as dt
import json
from pathlib import Path

import pytest

from compliance import inputs
from compliance.analyses.plan import plan
from compliance.formats import json as json_format
from compliance.formats import plan as markdown

FIX = "tests/fixtures/plan"
AT = dt.date(2026, 1, 1)


@pytest.fixture(scope="module")
def report():
    rulesets = inputs.rulesets([f"{FIX}/plan-commitments.yaml", f"{FIX}/plan-illustrative.yaml"])
    (profile,) = inputs.profiles([f"{FIX}/plan-provider.yaml"])
    return plan(rulesets, profile.model, AT)


def test_one_action_closing_two_rules_is_ranked_first(report):
    first = report.actions[0]
    assert (first.fix.kind, first.fix.fact, first.fix.wanted) == (
        "change",
        "services[vm].secnumcloud",
        "equal to true",
    )
    assert first.closes == ["PLAN-EU-AND-SNC", "PLAN-SNC-SERVICE"]
    assert first.fix.current == "false" and first.fix.sources == ["reg"]


def test_blocking_gaps_come_first(report):
    assert (report.rules[0].rule, report.rules[0].status) == ("PLAN-EU-AND-SNC", "gap")


def test_an_unknown_is_closed_by_evidence(report):
    rule = next(r for r in report.rules if r.rule == "PLAN-REVERSIBILITY")
    assert rule.status == "unknown"
    (action,) = [a for a in report.actions if a.id in rule.actions]
    assert (action.fix.kind, action.fix.fact, action.fix.current) == (
        "evidence",
        "contract.reversibility_clause",
        None,
    )
    assert action.closes == ["PLAN-REVERSIBILITY"]


def test_a_rule_no_fact_can_meet_says_why(report):
    rule = next(r for r in report.rules if r.rule == "PLAN-FROM-2030")
    assert rule.actions == [] and "date evaluated" in rule.impossible


def test_a_commitment_meets_the_rule_set_at_its_target_date(report):
    by_set = {p.ruleset: p for p in report.projections}
    assert by_set["plan-commitments"].met_on == dt.date(2027, 6, 30)
    assert by_set["plan-commitments"].commitments == ["vm: secnumcloud 3.2 by 2027-06-30"]
    assert {r.rule: r.projected for r in report.rules}["PLAN-SNC-SERVICE"] == dt.date(2027, 6, 30)


def test_a_rule_set_never_met_on_current_commitments(report):
    never = next(p for p in report.projections if p.ruleset == "plan-illustrative")
    assert never.met_on is None
    expected = "| `plan-illustrative` | 0/2 | never, on current commitments |"
    assert expected in markdown.render(report)


def test_an_illustrative_rule_set_is_marked_at_the_top(report):
    text = markdown.render(report)
    assert text.splitlines()[2].startswith("> **Demonstration, not a finding:**")
    assert report.reconstructed == ["plan-illustrative"]
    assert json.loads(json_format.render(report))["notice"].startswith("plan-illustrative")


def test_a_published_rule_set_is_not_marked():
    rulesets = inputs.rulesets([f"{FIX}/plan-commitments.yaml"])
    (profile,) = inputs.profiles([f"{FIX}/plan-provider.yaml"])
    result = plan(rulesets, profile.model, AT)
    assert result.notice is None and "Demonstration" not in markdown.render(result)


def test_json_validates_against_the_published_schema(report):
    import jsonschema

    schema = json.loads(Path("compliance/schemas/plan.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(json.loads(json_format.render(report)))


def test_the_command_is_deterministic_and_rejects_bad_input(run_cli):
    args = [
        "plan",
        f"{FIX}/plan-provider.yaml",
        "--rules",
        f"{FIX}/plan-commitments.yaml",
        "--rules",
        f"{FIX}/plan-illustrative.yaml",
        "--at",
        "2026-01-01",
    ]
    outputs = []
    for fmt in ("markdown", "markdown", "json", "json"):
        code, out, err = run_cli(*args, "--format", fmt)
        assert code == 0, err
        outputs.append(out)
    assert outputs[0] == outputs[1] and outputs[2] == outputs[3]
    assert outputs[0].startswith("# What it would take: Planted Cloud")
    code, _, err = run_cli("plan", f"{FIX}/missing.yaml", "--at", "2026-01-01")
    assert code == 2 and "no such provider file" in err
    code, _, err = run_cli(*args[:-1], "2026-13-01")
    assert code == 2 and "--at" in err


def test_shipped_provider_plan_names_the_qualification_that_closes_most():
    rulesets = inputs.rulesets(None)
    (profile,) = inputs.profiles(["providers/azure.yaml"])
    result = plan(rulesets, profile.model, dt.date(2026, 11, 22))
    first = result.actions[0]
    assert first.fix.fact.endswith(".secnumcloud_3_2") and len(first.closes) > 200
    # Every rule not met is either planned or says why nothing can meet it.
    assert all(r.actions or r.impossible for r in result.rules)


def test_applying_the_first_action_meets_the_rules_it_closes(report):
    # The fix read from the condition, applied to the profile, gives the verdict it promised.
    from compliance.engine.evaluate import Plan, statuses
    from compliance.engine.results import Context

    rulesets = inputs.rulesets([f"{FIX}/plan-commitments.yaml"])
    (profile,) = inputs.profiles([f"{FIX}/plan-provider.yaml"])
    service = profile.model.services[0]
    held = service.certifications[0].model_copy(
        update={"status": "held", "target": None, "obtained": dt.date(2025, 12, 1)}
    )
    fixed = profile.model.model_copy(
        update={"services": [service.model_copy(update={"certifications": [held]})]}
    )
    after = statuses(Plan.build(rulesets, Context()), fixed, AT, AT)
    assert all(after[r] == "met" for r in report.actions[0].closes)
