"""CISO Assistant libraries: import as a rule-set skeleton, export, round trip. The committed
fixtures are invented; the real SecNumCloud library is read at test time only, when the shared
peer data are beside the repository (AGPL: never copied into it)."""

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from compliance.engine.evaluate import evaluate
from compliance.reading.load import load_profile, load_ruleset

FIX = "tests/fixtures/ciso-assistant"
REAL = Path("../shared/peer-data/ciso-assistant/secnumcloud-3.2.yaml")


def _import(run_cli, tmp_path, library, name="imported", *extra):
    out = tmp_path / f"{name}.yaml"
    code, _, err = run_cli("import", "ciso-assistant", str(library), "-o", str(out), *extra)
    assert code == 0, err
    return out, yaml.safe_load(out.read_text(encoding="utf-8"))


def test_import_gives_a_valid_skeleton_with_ids_clauses_titles_and_hierarchy(run_cli, tmp_path):
    out, data = _import(run_cli, tmp_path, f"{FIX}/demo-library.yaml", "demo", "--prefix", "DEMO-")
    load_ruleset(str(out))  # a rule set of ours: it loads, so `compliance validate` passes
    assert run_cli("validate", str(out))[0] == 0
    rules = {r["id"]: r for r in data["rules"]}
    # 1.1's unnumbered assessable paragraph makes 1.1 a rule; 2.1.b's paragraphs are its text.
    assert list(rules) == ["DEMO-1.1", "DEMO-2.1.a", "DEMO-2.1.b", "DEMO-REQ-07"]
    assert rules["DEMO-2.1.b"]["summary"] == (
        "Backups stay in the named region;\n\nso do their copies."
    )
    assert rules["DEMO-2.1.a"]["title"] == "Location of data (2.1.a)"
    assert rules["DEMO-REQ-07"]["title"] == "Named contact"
    assert rules["DEMO-REQ-07"]["clauses"] == ["[REQ 07]"]
    assert (
        rules["DEMO-2.1.a"]["metadata"]["ciso_assistant"]["section"]
        == "2 Hosting / 2.1 Location of data"
    )
    for rule in rules.values():
        assert rule["condition"] == {"fact": "attestation", "op": "equals", "value": True}
        assert rule["metadata"]["encoded"] is False
    sections = data["metadata"]["ciso_assistant"]["sections"]
    assert [s.get("ref_id") for s in sections] == ["1", "2", "2.1"]  # no glossary prose
    assert data["language"] == "en" and data["publisher"] == "Demo Agency"
    assert data["source"]["published"] == dt.date(2024, 5, 2)


def test_an_imported_rule_is_unknown_without_an_attestation(run_cli, tmp_path):
    out, _ = _import(run_cli, tmp_path, f"{FIX}/demo-library.yaml", "demo")
    report = evaluate(
        [(load_ruleset(str(out)), None)],
        load_profile("tests/golden/golden-cloud.yaml").model,
        dt.date(2026, 1, 15),
    )
    assert {r.status for r in report.results} == {"unknown"}


def test_export_then_import_keeps_the_ids(run_cli, tmp_path):
    out, data = _import(run_cli, tmp_path, f"{FIX}/demo-library.yaml", "demo", "--prefix", "D-")
    library = tmp_path / "library.yaml"
    assert run_cli("export", "ciso-assistant", str(out), "-o", str(library))[0] == 0
    exported = yaml.safe_load(library.read_text(encoding="utf-8"))
    nodes = exported["objects"]["framework"]["requirement_nodes"]
    urns = {n["urn"] for n in nodes}
    assert all(n.get("parent_urn") in urns for n in nodes if "parent_urn" in n)
    assert [n["depth"] for n in nodes] == [1, 2, 1, 2, 3, 3, 2]
    _, again = _import(run_cli, tmp_path / "again", library, "demo")
    assert [r["id"] for r in again["rules"]] == [r["id"] for r in data["rules"]]


def test_export_of_a_shipped_rule_set_round_trips(run_cli, tmp_path):
    library = tmp_path / "library.yaml"
    assert run_cli("export", "ciso-assistant", "rules/hds-v2.yaml", "-o", str(library))[0] == 0
    _, again = _import(run_cli, tmp_path, library, "hds-again")
    shipped = load_ruleset("rules/hds-v2.yaml").model
    assert [r["id"] for r in again["rules"]] == [r.id for r in shipped.rules]


def test_a_reconstruction_is_exported_as_a_demonstration(run_cli, tmp_path):
    library = tmp_path / "hdh.yaml"
    assert run_cli("export", "ciso-assistant", "rules/hdh/hdh.yaml", "-o", str(library))[0] == 0
    assert yaml.safe_load(library.read_text())["description"].startswith(
        "DEMONSTRATION, NOT A FINDING"
    )


def test_bad_libraries_are_located_errors(run_cli, tmp_path):
    code, _, err = run_cli("import", "ciso-assistant", f"{FIX}/bad-parent.yaml")
    assert code == 2
    assert f"{FIX}/bad-parent.yaml:2:9: locale 'de'" in err
    assert "parent_urn 'urn:example:risk:req_node:bad-parent:0' is no node" in err
    assert "duplicate urn" in err and "first on line 8" in err
    code, _, err = run_cli("import", "ciso-assistant", "rules/hds-v2.yaml")
    assert code == 2 and "missing 'urn': not a CISO Assistant library" in err
    code, _, err = run_cli("import", "ciso-assistant", str(tmp_path / "none.yaml"))
    assert code == 2 and "no such library file" in err
    code, _, err = run_cli(
        "import", "ciso-assistant", f"{FIX}/demo-library.yaml", "--prefix", "a b"
    )
    assert code == 2 and "--prefix" in err
    code, _, err = run_cli(
        "import",
        "ciso-assistant",
        f"{FIX}/demo-library.yaml",
        "--id",
        "x",
        "-o",
        str(tmp_path / "y.yaml"),
    )
    assert code == 2 and "must equal the file name" in err
    code, _, err = run_cli("export", "ciso-assistant", str(tmp_path / "none.yaml"))
    assert code == 2 and "no such rule set file" in err


@pytest.mark.skipif(
    not REAL.exists(),
    reason=f"{REAL} is not here (CISO Assistant's library, "
    "AGPL: read at test time only, from the shared peer data)",
)
def test_the_real_secnumcloud_library_gives_all_278_lettered_requirements(run_cli, tmp_path):
    out, data = _import(run_cli, tmp_path, REAL, "snc-ciso", "--prefix", "CA-SNC-")
    assert run_cli("validate", str(out))[0] == 0
    library = yaml.safe_load(REAL.read_text(encoding="utf-8"))
    lettered = {
        str(n["ref_id"])
        for n in library["objects"]["framework"]["requirement_nodes"]
        if re.fullmatch(r"[0-9.]+\.[a-z]+", str(n.get("ref_id")))
    }
    clauses = {c for r in data["rules"] for c in r["clauses"]}
    assert len(lettered) == 278 and lettered <= clauses
    assert "CA-SNC-19.6.b" in {r["id"] for r in data["rules"]}
