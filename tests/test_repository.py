"""The shipped data as a user receives it: valid, sourced, consistent with its reports."""

import datetime as dt
import filecmp
import re
import sys
from pathlib import Path

import pytest

from compliance.engine.evaluate import evaluate
from compliance.models.base import Model
from compliance.models.common import Source, Sourced, _Fact
from compliance.reading.derogations import load_derogation
from compliance.reading.load import cross_check, kind_of, load_profile, load_ruleset, yaml_files

ROOT = Path(__file__).resolve().parent.parent
RULES = [load_ruleset(f) for f in yaml_files(["rules"]) if kind_of(f) == "ruleset"]
PROFILES = [load_profile(f) for f in yaml_files(["providers"])]


def test_shipped_files_are_valid_and_consistent():
    assert not cross_check(RULES, PROFILES)
    assert {r.model.id for r in RULES} == {
        "secnumcloud-3.2",
        "hds-v2",
        "extraterritoriality",
        "stack-coverage",
        "hdh",
        "eu-csf-1.2.1",
    }
    assert {p.model.id for p in PROFILES} == {
        "azure",
        "ovhcloud",
        "numspot",
        "cloud-temple",
        "scaleway",
        "clever-cloud",
        "outscale",
        "s3ns",
        "bleu",
        "aws-european-sovereign-cloud",
    }


def _records(node):
    """Every fact and every sourced record inside a model, recursively."""
    if isinstance(node, _Fact | Sourced):
        yield node
    if isinstance(node, Model):
        for name in type(node).model_fields:
            yield from _records(getattr(node, name))
    elif isinstance(node, list | tuple):
        for item in node:
            yield from _records(item)
    elif isinstance(node, dict):
        for item in node.values():
            yield from _records(item)


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: p.model.id)
def test_every_provider_fact_has_provenance(profile):
    sources = profile.model.sources
    records = list(_records(profile.model))
    assert records
    for record in records:
        source = sources[record.source]
        assert isinstance(source, Source) and (source.url or source.document)
        assert source.date <= profile.model.as_of + dt.timedelta(days=1)
        assert source.confidence


def test_every_rule_cites_a_clause_and_says_why():
    for ruleset in RULES:
        assert ruleset.model.source.title
        for compiled in ruleset.rules:
            rule = compiled.rule
            assert rule.clauses and all(c.strip() for c in rule.clauses), rule.id
            assert rule.summary.strip() and rule.rationale.strip() and rule.remediation.strip()


def test_secnumcloud_has_one_rule_per_lettered_requirement():
    clauses = ROOT.parent / "shared" / "domain" / "secnumcloud-3.2-clauses.txt"
    snc = next(r for r in RULES if r.model.id == "secnumcloud-3.2")
    ids = [c.rule.id.removeprefix("SNC-") for c in snc.rules]
    assert len(ids) == 278
    if clauses.exists():  # the shared reference list, beside the project
        listed = [
            line.strip()
            for line in clauses.read_text().splitlines()
            if line.strip() and not line.startswith("#")
        ]
        assert ids == listed


def test_hdh_referential_grows_from_165_to_262_and_loses_its_sovereignty_criteria():
    from compliance.analyses.diff import diff

    hdh = next(r for r in RULES if r.model.id == "hdh")
    assert hdh.model.metadata.get("reconstruction") is True
    result = diff(hdh, "r0", hdh, "r6")
    assert (result.a.rules, result.b.rules) == (165, 262)
    assert (result.a.use_cases, result.b.use_cases) == (200, 466)
    assert result.a.categories["sovereignty"] > 0 and result.b.categories["sovereignty"] == 0


def test_cnil_derogation_waives_azure_while_valid_and_not_after():
    derogation = load_derogation("derogations/cnil-2023-146-emc2.yaml")
    azure = next(p for p in PROFILES if p.model.id == "azure").model
    rulesets = [(r, None) for r in RULES]

    def status(day):
        report = evaluate(rulesets, azure, day, derogations=[derogation])
        return {r.rule: r for r in report.results}["SNC-19.6.b"]

    during = status(dt.date(2024, 6, 1))
    assert during.status == "waived" and during.waiver.underlying == "gap"
    assert status(dt.date(2026, 12, 21)).status == "gap"


def test_every_shipped_yaml_points_editors_at_its_schema():
    for path in yaml_files(["rules", "providers", "derogations"]):
        first = Path(path).read_text(encoding="utf-8").splitlines()[0]
        match = re.match(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, path
        assert (Path(path).parent / match.group(1)).resolve().is_file(), path


def test_committed_reports_are_fresh(tmp_path):
    sys.path.insert(0, str(ROOT / "scripts"))
    import regenerate_reports

    regenerate_reports.main(str(tmp_path))
    reference = ROOT / "reports" / "reference"
    fresh = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    committed = sorted(p.relative_to(reference) for p in reference.rglob("*") if p.is_file())
    assert fresh == committed, "run: .venv/bin/python scripts/regenerate_reports.py"
    stale = [p for p in fresh if not filecmp.cmp(tmp_path / p, reference / p, shallow=False)]
    assert not stale, f"stale reports {stale}: run .venv/bin/python scripts/regenerate_reports.py"


def test_ci_runs_the_readme_commands_verbatim():
    readme = (ROOT / "README.md").read_text()
    commands = re.findall(r"```sh\n(python3 -m venv .*)\n```", readme)
    assert len(commands) == 2 and "evaluate providers/ovhcloud.yaml" in commands[0]
    assert commands[1].endswith("pytest")
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    for command in commands:
        assert command in ci


@pytest.mark.parametrize("day", ["2023-12-13", "2024-02-01", "2026-11-22"])
def test_traced_and_untraced_evaluations_agree_on_the_shipped_data(day):
    from compliance.engine.evaluate import Plan, statuses
    from compliance.engine.results import Context

    day = dt.date.fromisoformat(day)
    rulesets = [(r, None) for r in RULES]
    plan = Plan.build(rulesets, Context())
    for profile in PROFILES:
        report = evaluate(rulesets, profile.model, day)
        assert statuses(plan, profile.model, day, day) == {r.rule: r.status for r in report.results}


def test_the_benchmark_data_is_valid_input(tmp_path):
    """The benchmark measures the path users run: its synthetic files must load like theirs."""
    import subprocess

    out = tmp_path / "out"
    subprocess.run(
        [
            sys.executable,
            "benchmarks/generate.py",
            "--rules",
            "50",
            "--providers",
            "40",
            "--out",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    load_ruleset(str(out / "rules" / "synthetic.yaml"))
    profiles = [load_profile(str(p)).model for p in sorted((out / "providers").glob("*.yaml"))]
    # and on 40 odd but valid profiles, the shipped rules' traced and untraced verdicts agree
    from compliance.engine.evaluate import Plan, statuses
    from compliance.engine.results import Context

    published = [(r, None) for r in RULES if r.model.provenance == "published"]
    plan = Plan.build(published, Context())
    day = dt.date(2026, 11, 22)
    for profile in profiles:
        report = evaluate(published, profile, day)
        assert statuses(plan, profile, day, day) == {r.rule: r.status for r in report.results}
