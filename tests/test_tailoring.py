"""Tailoring: requirements met only by providers failing a sovereignty test, and the moving
goalposts of a referential's revisions (fixtures: tests/fixtures/tailoring/)."""

import datetime as dt
import json
from pathlib import Path

import pytest

from compliance.analyses.tailoring import percent, tailoring
from compliance.formats import tailoring as markdown
from compliance.reading.load import load_profile, load_ruleset

F = "tests/fixtures/tailoring"
DAY = dt.date(2026, 6, 1)
ARGS = (
    f"{F}/goalposts.yaml",
    f"{F}/sovereignty.yaml",
    "--providers",
    f"{F}/eurocloud.yaml",
    f"{F}/uscloud.yaml",
    f"{F}/mystery.yaml",
    "--sovereign-by",
    "T-SEAT",
    "--at",
    str(DAY),
)


@pytest.fixture(scope="module")
def result():
    rules = [(load_ruleset(f"{F}/goalposts.yaml"), None)]
    support = [(load_ruleset(f"{F}/sovereignty.yaml"), None)]
    profiles = [load_profile(f"{F}/{p}.yaml").model for p in ("eurocloud", "uscloud", "mystery")]
    return tailoring(rules, profiles, DAY, ["T-SEAT"], support=support)


def test_three_states_of_sovereignty(result):
    assert [(p.provider, p.sovereignty, p.test) for p in result.providers] == [
        ("eurocloud", "sovereign", {"T-SEAT": "met"}),
        ("uscloud", "not_sovereign", {"T-SEAT": "gap"}),
        ("mystery", "unknown", {"T-SEAT": "unknown"}),
    ]


def test_a_requirement_met_only_by_a_non_sovereign_provider_is_tailored(result):
    verdicts = {r.rule: (r.met_by, r.verdict) for r in result.requirements}
    assert verdicts == {
        "G-DATA": (["eurocloud", "mystery"], "sovereign"),
        "G-SUPPORT": (["mystery"], "unknown_sovereignty"),  # not called tailored
        "G-US-LAW": (["uscloud"], "tailored"),
    }  # G-LAW was removed at r1: not in force


def test_each_revision_has_its_share_and_moving_distances(result):
    r0, r1 = result.revisions
    assert (r0.revision, r0.added, r0.removed, r0.excluding, r0.share) == (
        "r0",
        ["G-DATA", "G-LAW", "G-SUPPORT"],
        [],
        ["G-SUPPORT"],
        "33.3",
    )
    # The requirement added at r1 excludes every sovereign provider: 100 %.
    assert (r1.added, r1.removed, r1.excluding, r1.tailored, r1.share) == (
        ["G-US-LAW"],
        ["G-LAW"],
        ["G-US-LAW"],
        ["G-US-LAW"],
        "100.0",
    )
    moves = {d.provider: (d.distance, d.change, d.added, d.removed) for d in r1.distances}
    assert moves == {
        "eurocloud": (2, 1, ["G-US-LAW"], []),
        "uscloud": (2, -1, [], ["G-LAW"]),
        "mystery": (1, 0, ["G-US-LAW"], ["G-LAW"]),
    }
    assert [d.change for d in r0.distances] == [None, None, None]
    for d in r1.distances:  # the change is exactly what the named requirements explain
        assert d.change == len(d.added) - len(d.removed)


def test_markdown_names_the_requirement_and_words_unknown_honestly(result):
    text = markdown.render(result)
    assert "| `r1` | 3 | 1 | 1 | 1/1 = 100.0 % | 1 | 2 (+1) | 2 (-1) | 1 (±0) |" in text
    assert "  - Euro Cloud (+1): added `G-US-LAW`; removed —" in text
    assert "| Mystery Cloud | unknown | not shown sovereign (unknown) |" in text
    assert "## Met only by providers whose sovereignty is unknown" in text
    assert "| `G-SUPPORT` | Support in French | Mystery Cloud (unknown) |" in text
    assert "Demonstration" not in text


def test_percent_is_exact_and_rounds_half_up():
    assert [percent(1, 3), percent(2, 3), percent(1, 8), percent(1, 1), percent(0, 7)] == [
        "33.3",
        "66.7",
        "12.5",
        "100.0",
        "0.0",
    ]
    assert percent(1, 2000) == "0.1" and percent(1, 2001) == "0.0"  # 0.05 up, 0.04997... down


def test_a_reconstruction_is_marked(run_cli):
    code, out, err = run_cli(
        "tailoring",
        f"{F}/rebuilt.yaml",
        f"{F}/sovereignty.yaml",
        "--providers",
        f"{F}/eurocloud.yaml",
        "--sovereign-by",
        "T-SEAT",
    )
    assert code == 0, err
    assert "> **Demonstration, not a finding:** `rebuilt` is a reconstruction" in out


def test_json_validates_against_the_published_schema_and_is_deterministic(run_cli, tmp_path):
    import jsonschema

    code, first, err = run_cli("tailoring", *ARGS, "--format", "json")
    assert code == 0, err
    schema = json.loads(Path("compliance/schemas/tailoring.schema.json").read_text())
    document = json.loads(first)
    jsonschema.Draft202012Validator(schema).validate(document)
    assert document["reconstructed"] == [] and document["sovereign_by"] == ["T-SEAT"]
    assert run_cli("tailoring", *ARGS, "--format", "json")[1] == first
    assert run_cli("tailoring", *ARGS)[1] == run_cli("tailoring", *ARGS)[1]
    target = tmp_path / "t.md"
    assert run_cli("tailoring", *ARGS, "--output", str(target))[0] == 0
    assert target.read_text() == run_cli("tailoring", *ARGS)[1]


@pytest.mark.parametrize(
    "args, message",
    [
        (
            (
                f"{F}/goalposts.yaml",
                "--providers",
                f"{F}/eurocloud.yaml",
                "--sovereign-by",
                "SNC-19.6.z",
            ),
            "--sovereign-by: no rule 'SNC-19.6.z' (did you mean 'SNC-19.6.f'?)",
        ),
        ((f"{F}/goalposts.yaml",), "no provider given"),
        ((f"{F}/nope.yaml", "--providers", f"{F}/eurocloud.yaml"), "no such rule set"),
        ((f"{F}/goalposts.yaml@r9", "--providers", f"{F}/eurocloud.yaml"), "no revision 'r9'"),
    ],
)
def test_bad_inputs_exit_2_with_a_clear_message(run_cli, args, message):
    code, out, err = run_cli("tailoring", *args)
    assert code == 2 and message in err and out == ""


def test_default_test_is_secnumcloud_19_6_a_to_c(run_cli):
    code, out, err = run_cli(
        "tailoring",
        f"{F}/goalposts.yaml",
        "--providers",
        "providers/azure.yaml",
        "--at",
        "2023-12-13",
        "--format",
        "json",
    )
    assert code == 0, err
    (azure,) = json.loads(out)["providers"]
    assert azure["sovereignty"] == "not_sovereign"
    assert list(azure["test"]) == ["SNC-19.6.a", "SNC-19.6.b", "SNC-19.6.c"]


def test_the_eu_frameworks_minimum_level_as_the_sovereignty_test(run_cli):
    """--sovereign-seal N: the buyer's minimum SEAL of the EU framework as the test; Azure's
    level stays below 2 even in its best case at the pinned date (reports/reference)."""
    code, out, _ = run_cli(
        "tailoring",
        "--providers",
        "providers/azure.yaml",
        "--sovereign-seal",
        "2",
        "--at",
        "2026-11-22",
        "--format",
        "json",
    )
    assert code == 0
    report = json.loads(out)
    assert report["sovereign_by"] == ["SEAL>=2"]
    (azure,) = report["providers"]
    assert (azure["test"], azure["sovereignty"]) == ({"SEAL>=2": "gap"}, "not_sovereign")
