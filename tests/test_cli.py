"""The command line as a user meets it: exit codes, files written, no traceback ever."""

import json
from pathlib import Path

FIX = "tests/fixtures"
GOLD = "tests/golden"


def test_version_and_help(run_cli):
    code, out, _ = run_cli("--version")
    assert code == 0 and out.startswith("compliance ")
    code, out, _ = run_cli("--help")
    assert code == 0 and "evaluate" in out and "\x1b[" not in out


def test_the_roots_help_is_the_whole_applications(run_cli):
    """`compliance --help` is answered without building the commands' options: what it prints
    must be what the whole application prints, command by command."""
    import subprocess
    import sys

    whole = subprocess.run(
        [sys.executable, "-c", "from compliance.cli import app; app(prog_name='compliance')", "-h"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Commands:" in whole and "evaluate" in whole
    for args in (["--help"], ["-h"], []):
        code, out, err = run_cli(*args)
        assert (out or err) == whole, args
        assert code == (0 if args else 2)
    code, out, _ = run_cli("--version", "evaluate")
    assert code == 0 and out.startswith("compliance ")


def test_evaluate_writes_the_report_and_prints_a_summary(run_cli, tmp_path):
    code, out, err = run_cli(
        "evaluate",
        f"{GOLD}/golden-cloud.yaml",
        "--rules",
        f"{GOLD}/golden-rules.yaml",
        "--at",
        "2026-01-15",
        "--output",
        str(tmp_path),
    )
    assert code == 0, err
    report = tmp_path / "golden-cloud.md"
    assert report.read_text().startswith("# Gap report: Golden")
    assert "golden-cloud: 1 met, 1 partial, 1 gap (1 blocking), 1 unknown" in out


def test_json_to_stdout(run_cli):
    code, out, _ = run_cli(
        "evaluate",
        f"{GOLD}/golden-cloud.yaml",
        "--rules",
        f"{GOLD}/golden-rules.yaml",
        "--at",
        "2026-01-15",
        "--format",
        "json",
        "--output",
        "-",
    )
    assert code == 0
    assert json.loads(out)["provider"] == {
        "id": "golden-cloud",
        "name": "Golden <Cloud> | Ltd",
        "as_of": "2026-01-01",
    }


def test_fail_on_sets_exit_code_1(run_cli, tmp_path):
    args = (
        "evaluate",
        f"{GOLD}/golden-cloud.yaml",
        "--rules",
        f"{GOLD}/golden-rules.yaml",
        "--at",
        "2026-01-15",
        "--output",
        str(tmp_path),
    )
    assert run_cli(*args, "--fail-on", "blocking")[0] == 1
    assert run_cli(*args, "--fail-on", "gap")[0] == 1
    assert run_cli(*args, "--fail-on", "never")[0] == 0


def test_bad_input_exits_2_with_located_problems_and_no_traceback(run_cli):
    code, _, err = run_cli(
        "validate",
        f"{FIX}/rules/unknown-key.fail.yaml",
        f"{FIX}/providers/unknown-source.fail.yaml",
    )
    assert code == 2
    assert f"{FIX}/rules/unknown-key.fail.yaml:12:5: unknown key 'severty'" in err
    assert f"{FIX}/providers/unknown-source.fail.yaml:12:42: unknown source 'regs'" in err
    assert "3 problems found" in err and "Traceback" not in err


def test_usage_errors_exit_2(run_cli):
    assert run_cli("evaluate", "nope.yaml")[0] == 2
    assert run_cli("evaluate", f"{GOLD}/golden-cloud.yaml", "--at", "13/12/2023")[0] == 2
    assert run_cli("evaluate", f"{GOLD}/golden-cloud.yaml", "--bogus")[0] == 2
    code, _, err = run_cli(
        "explain", "G-9", f"{GOLD}/golden-cloud.yaml", "--rules", f"{GOLD}/golden-rules.yaml"
    )
    assert code == 2 and "no rule 'G-9' (did you mean" in err


def test_explain_shows_facts_values_and_sources(run_cli):
    code, out, _ = run_cli(
        "explain",
        "G-1",
        f"{GOLD}/golden-cloud.yaml",
        "--rules",
        f"{GOLD}/golden-rules.yaml",
        "--at",
        "2026-01-15",
    )
    assert code == 0
    assert "GAP" in out and "organisation.registered_office in EU: US -> false" in out
    assert "source reg: Registry | extract" in out


def test_facts_lists_the_catalogue(run_cli):
    code, out, _ = run_cli("facts")
    assert code == 0 and "organisation.established_in_eu  [bool] (derived)" in out


def test_schemas_are_written_and_fresh(run_cli, tmp_path):
    code, _, _ = run_cli("schema", "--output", str(tmp_path))
    assert code == 0
    for path in sorted(tmp_path.iterdir()):
        shipped = Path("compliance/schemas") / path.name
        assert path.read_text() == shipped.read_text(), f"run `compliance schema`: {path.name}"


def test_a_directory_where_a_file_is_expected_is_a_usage_error(run_cli, tmp_path):
    blocker = tmp_path / "out.md"
    blocker.mkdir()
    code, _, err = run_cli("diff", "hdh@r0", "hdh@r6", "--output", str(blocker))
    assert code == 2 and "is a directory" in err and "Traceback" not in err


def test_shipped_json_report_validates_against_the_published_schema(run_cli):
    import jsonschema

    code, out, _ = run_cli(
        "evaluate",
        "providers/azure.yaml",
        "--format",
        "json",
        "--output",
        "-",
        "--at",
        "2026-11-22",
        "--horizons",
        "0,6",
        "--derogations",
        "derogations",
    )
    assert code == 0
    report = json.loads(out)
    schema = json.loads(Path("compliance/schemas/report.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(report)
    statuses = {r["rule"]: r for r in report["results"]}
    assert statuses["SNC-19.6.b"]["status"] == "waived"
    assert [h["status"] for h in statuses["SNC-19.6.b"]["horizons"]] == ["waived", "gap"]
    # 19.6.a: no source places Microsoft's Irish entity's central administration anywhere.
    assert statuses["SNC-19.6.a"]["waiver"]["underlying"] == "unknown"
    assert all("confidence" in r for r in report["results"])
    assert report["derogations"][0]["state"] == "expires_soon"


def test_derogations_are_checked_against_the_loaded_rules_and_providers(run_cli):
    code, _, err = run_cli("validate", "rules", "providers", f"{FIX}/derogations")
    assert code == 2 and "Traceback" not in err
    assert f"{FIX}/derogations/bad-dates.fail.yaml:1:1: 'expires' must come after 'starts'" in err
    assert (
        f"{FIX}/derogations/unknown-refs.fail.yaml:3:11: unknown provider 'azur' (did you "
        "mean 'azure'?)" in err
    )
    assert f"{FIX}/derogations/unknown-refs.fail.yaml:4:9: unknown rule 'SNC-19.6.z'" in err


def test_a_reconstruction_is_opt_in_and_marked_everywhere(run_cli):
    """The HDH referential is rebuilt, not published: never in a default run, and every output
    that uses it says it is a demonstration."""
    code, out, _ = run_cli(
        "evaluate",
        "providers/ovhcloud.yaml",
        "--at",
        "2023-12-13",
        "--format",
        "json",
        "--output",
        "-",
    )
    report = json.loads(out)
    assert code == 0 and report["reconstructed"] == []
    assert "hdh" not in {r["id"] for r in report["rulesets"]}
    code, out, _ = run_cli(
        "evaluate",
        "providers/ovhcloud.yaml",
        "--at",
        "2023-12-13",
        "--rules",
        "rules",
        "--rules",
        "rules/hdh/hdh.yaml",
        "--format",
        "json",
        "--output",
        "-",
    )
    report = json.loads(out)
    assert report["reconstructed"] == ["hdh"]
    assert {r["id"]: r["provenance"] for r in report["rulesets"]}["hdh"] == "reconstruction"
    mark = "Demonstration, not a finding"
    for args in (
        [
            "evaluate",
            "providers/ovhcloud.yaml",
            "--at",
            "2023-12-13",
            "--rules",
            "rules",
            "--rules",
            "rules/hdh/hdh.yaml",
            "--output",
            "-",
        ],
        ["diff", "hdh@r0", "hdh@r6"],
        ["history", "providers/ovhcloud.yaml", "--ruleset", "hdh", "--at", "2023-12-13"],
        [
            "compare",
            "providers/ovhcloud.yaml",
            "--at",
            "2023-12-13",
            "--rules",
            "rules",
            "--rules",
            "rules/hdh/hdh.yaml",
        ],
    ):
        code, out, err = run_cli(*args)
        assert code in (0, 1) and mark in out, (args, err)
    code, out, _ = run_cli("diff", "hdh@r0", "hdh@r6", "--format", "json")
    assert json.loads(out)["a"]["provenance"] == "reconstruction"


def test_min_confidence_takes_a_level_from_the_one_list(run_cli):
    code, _, err = run_cli(
        "evaluate", "providers/azure.yaml", "--min-confidence", "oficial", "--output", "-"
    )
    assert code == 2 and "official, audited, vendor_claim, press, third_party, inference" in err


def test_eu_framework_report_gate_and_ranking(run_cli):
    import jsonschema

    code, out, _ = run_cli(
        "evaluate",
        "providers/azure.yaml",
        "--rules",
        "rules/eu-csf-1.2.1.yaml",
        "--at",
        "2026-11-22",
        "--min-seal",
        "2",
        "--fail-on",
        "blocking",
        "--format",
        "json",
        "--output",
        "-",
        "--horizons",
        "0,6",
    )
    report = json.loads(out)
    schema = json.loads(Path("compliance/schemas/report.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(report)
    grading = report["summary"]["rulesets"][0]["grading"]
    assert code == 1 and grading["gate"] == {
        "min_seal": 2,
        "objectives": {},
        "failing": ["overall"],
        "verdict": "fail",
    }
    assert grading["seal"]["high"] <= 1 and [h["months"] for h in grading["horizons"]] == [0, 6]
    code, out, _ = run_cli(
        "compare",
        "providers/azure.yaml",
        "providers/outscale.yaml",
        "--rules",
        "rules/eu-csf-1.2.1.yaml",
        "--at",
        "2026-11-22",
        "--min-seal",
        "2",
        "--format",
        "json",
    )
    ranking = json.loads(out)["rankings"][0]["entries"]
    assert [e["provider"] for e in ranking] == ["outscale", "azure"]
    assert ranking[-1]["gate"] == "fail"
    code, _, err = run_cli(
        "evaluate", "providers/azure.yaml", "--weights", "documnt", "--output", "-"
    )
    assert code == 2 and "did you mean 'document'" in err


def test_mappings_are_checked_and_shown(run_cli):
    code, _, err = run_cli("validate", "rules", "tests/fixtures/mappings/bad.yaml")
    assert code == 2
    assert "'overlaps' is not one of: equal, subset, superset, intersect" in err
    code, out, _ = run_cli("explain", "SNC-19.6.b", "providers/azure.yaml", "--at", "2026-11-22")
    assert code == 0 and "maps to SOV-1.1 (intersect; our reading): SEAL 1" in out


def test_mapping_ends_must_be_loaded_rules_of_two_referentials(tmp_path, run_cli):
    bad = tmp_path / "bad2.yaml"
    bad.write_text(
        "id: bad2\ntitle: t\nmappings:\n"
        "  - {source: SNC-19.6.x, target: SOV-1.1, relation: intersect, note: n}\n"
        "  - {source: SNC-19.6.a, target: SNC-19.6.b, relation: subset, note: n}\n"
    )
    code, _, err = run_cli("validate", "rules", str(bad))
    assert code == 2
    assert "bad2.yaml:4:14: unknown rule 'SNC-19.6.x' (did you mean" in err
    assert "a mapping links two referentials, not two rules of one" in err


def test_output_errors_are_the_users_and_writes_are_whole(run_cli, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    code, _, err = run_cli(
        "evaluate", "providers/azure.yaml", "--output", str(blocker / "report.md")
    )
    assert code == 2 and err.startswith("error: cannot write")
    target = tmp_path / "out" / "azure.md"
    code, _, _ = run_cli("evaluate", "providers/azure.yaml", "--output", str(target))
    assert code == 0 and target.read_text().startswith("# Gap report")
    assert [p.name for p in target.parent.iterdir()] == ["azure.md"]  # no temporary left


def test_validate_on_nothing_is_an_error(run_cli, tmp_path):
    code, _, err = run_cli("validate", str(tmp_path))
    assert code == 2 and "nothing to check" in err


def test_min_seal_per_objective(run_cli):
    code, out, _ = run_cli(
        "evaluate",
        "providers/scaleway.yaml",
        "--rules",
        "rules/eu-csf-1.2.1.yaml",
        "--at",
        "2026-11-22",
        "--min-seal",
        "SOV-3=3",
        "--format",
        "json",
        "--output",
        "-",
    )
    gate = json.loads(out)["summary"]["rulesets"][0]["grading"]["gate"]
    assert gate == {
        "min_seal": None,
        "objectives": {"SOV-3": 3},
        "failing": ["SOV-3"],
        "verdict": "fail",
    }
    code, _, err = run_cli(
        "evaluate", "providers/scaleway.yaml", "--min-seal", "SOV-9=3", "--output", "-"
    )
    assert code == 2 and "did you mean 'SOV-8'" in err
