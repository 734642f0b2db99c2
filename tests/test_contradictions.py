"""The logical analysis of rule sets: planted contradictions, dead and implied requirements
found with their minimal sets; the shipped referentials free of contradictions; the reports."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import jsonschema
import pytest

pytest.importorskip(
    "z3", reason="the solver is the 'analysis' extra: pip install 'compliance[analysis]'"
)

from compliance.analyses.contradictions import Analysis, analyse
from compliance.reading.load import load_ruleset

FIXTURES = Path("tests/fixtures/contradictions")
DAY = dt.date(2026, 12, 1)


def _analysed(*files: str) -> Analysis:
    return analyse([(load_ruleset(str(f)), None) for f in files], DAY)


def _expected(*files: str) -> dict[str, dict]:
    """What each rule's `metadata.expect` says the analysis must find about it."""
    return {c.rule.id: c.rule.metadata["expect"] for f in files for c in load_ruleset(str(f)).rules}


def _found(a: Analysis) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for f in a.contradictions:
        ids = [r.rule for r in f.rules]
        for rule in ids:
            out.setdefault(rule, {}).setdefault("contradicts", []).extend(
                x for x in ids if x != rule
            )
    for f in a.dead:
        out.setdefault(f.rules[0].rule, {})["dead"] = True
    for x in a.redundant:
        out.setdefault(x.rule.rule, {})["implied_by"] = [r.rule for r in x.implied_by]
    return out


@pytest.mark.parametrize("name", ["planted", "per-service", "provider-wide"])
def test_planted_findings_are_found_exactly(name):
    """Each fixture rule says in metadata.expect what must be found about it: the minimal
    sets, the dead rules and the implications, and nothing else."""
    file = FIXTURES / f"{name}.yaml"
    found = _found(_analysed(file))
    expected = {rule: want for rule, want in _expected(file).items() if want}
    assert found == expected


def test_explanations_name_the_clashing_facts_and_values():
    a = _analysed(FIXTURES / "planted.yaml")
    by_rules = {tuple(r.rule for r in f.rules): f for f in a.contradictions}
    region = by_rules["T-DATA-FR", "T-REGION-DE"]
    assert [(c.fact, c.tests) for c in region.clashes] == [
        (
            "operations.data_locations",
            [
                "T-DATA-FR: operations.data_locations subset_of [FR]",
                "T-REGION-DE: operations.data_locations contains DE",
            ],
        )
    ]
    assert region.bound == "no profile at all"
    cap = by_rules["T-CAP-24", "T-PARTNER-30"]  # tied through the derived largest share
    assert "T-CAP-24: organisation.largest_non_eu_capital_share le 24" in cap.why
    assert "T-PARTNER-30: organisation.shareholders[*].capital_share ge 30" in cap.why
    (dead,) = a.dead
    assert dead.clashes[0].tests == [
        "T-NEVER: organisation.listed equals false",
        "T-NEVER: organisation.listed equals true",
    ]
    assert not a.consistent


def test_a_negated_test_is_shown_negated(run_cli):
    """The reconstruction's opposed pair: support from France only, and follow-the-sun support
    from outside the EU."""
    code, out, _ = run_cli("contradictions", "rules/hdh/hdh.yaml@r6", "--at", "2026-12-01")
    assert code == 1  # a contradiction was found
    assert out.startswith(
        "# Contradictions, dead and redundant requirements\n\n"
        "> **Demonstration, not a finding:** `hdh`"
    )
    assert (
        "HDH-LOC-002: operations.support\\_locations subset\\_of \\[FR\\]; "
        "HDH-SUP-006: operations.support\\_locations not subset\\_of EU"
    ) in out
    assert "| `HDH-LOC-002` and `HDH-SUP-006` | yes |" in out  # the declared pair, confirmed
    assert "| `HDH-LOC-001` and `HDH-ML-012` | no |" in out  # declared, not borne out


def test_shipped_referentials_hold_no_contradiction():
    """True negatives: SecNumCloud 3.2, HDS v2 and the extraterritoriality set together."""
    a = _analysed(
        "rules/secnumcloud-3.2.yaml", "rules/hds-v2.yaml", "rules/extraterritoriality.yaml"
    )
    assert (a.analysed, a.consistent, a.contradictions, a.dead) == (324, True, [], [])
    implied = {x.rule.rule: [r.rule for r in x.implied_by] for x in a.redundant}
    # An HDS v2 certificate for an activity is an HDS v2 certificate.
    assert implied["HDS2-CERT"] == [f"HDS2-ACT-{n}" for n in range(1, 7)]


def test_json_report_follows_its_published_schema(run_cli):
    schema = json.loads(Path("compliance/schemas/contradictions.schema.json").read_text())
    code, out, _ = run_cli(
        "contradictions", str(FIXTURES / "planted.yaml"), "--format", "json", "--at", "2026-12-01"
    )
    assert code == 1
    report = json.loads(out)
    jsonschema.validate(report, schema)
    assert [[r["rule"] for r in f["rules"]] for f in report["contradictions"]] == [
        ["T-DATA-FR", "T-REGION-DE"],
        ["T-CAP-24", "T-PARTNER-30"],
    ]


def test_same_inputs_same_bytes(run_cli):
    args = ("contradictions", str(FIXTURES / "planted.yaml"), "--at", "2026-12-01")
    assert run_cli(*args)[1] == run_cli(*args)[1]


def test_market_infeasibility_with_providers(run_cli):
    """Three providers each meeting two of three requirements: the three together."""
    market = "tests/fixtures/market"
    code, out, _ = run_cli(
        "contradictions",
        f"{market}/rules.yaml",
        "--providers",
        f"{market}/alpha.yaml",
        f"{market}/beta.yaml",
        f"{market}/gamma.yaml",
        "--at",
        "2026-06-01",
    )
    assert code == 0, out  # no logical contradiction: the market's is another finding
    assert "**No logical contradiction**" in out
    assert "## Market infeasibility" in out
    assert "no provider meets M-SEAT, M-DATA and M-LAW together" in out


def test_without_the_solver_the_command_says_how_to_get_it():
    import subprocess

    script = (
        "import sys; sys.modules['z3'] = None; sys.argv = ['compliance', "
        "'contradictions', 'tests/fixtures/contradictions/planted.yaml']; "
        "from compliance.cli import main; main()"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 2
    assert proc.stderr == (
        "error: this analysis needs the solver: pip install 'compliance[analysis]'\n"
    )
