"""The package as installed: the rule sets travel with it, so that `compliance` works from any
directory, editable (the README's install) or from a wheel, and gives the verdicts it gives in the
repository."""

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AZURE = ["evaluate", str(ROOT / "providers" / "azure.yaml"), "--at", "2026-11-22", "--output", "-"]


def test_evaluate_works_from_an_empty_directory_with_the_packaged_rule_sets(run_cli, tmp_path):
    code, here, _ = run_cli(*AZURE)
    assert code == 0
    code, elsewhere, err = run_cli(*AZURE, cwd=tmp_path)
    assert code == 0 and elsewhere == here and err == ""
    assert list(tmp_path.iterdir()) == []  # --output -: nothing written


def test_a_rule_set_is_named_by_its_packaged_id_anywhere(run_cli, tmp_path):
    by_id = run_cli(*AZURE, "--rules", "eu-csf-1.2.1", cwd=tmp_path)
    by_path = run_cli(*AZURE, "--rules", "rules/eu-csf-1.2.1.yaml")
    assert by_id[0] == 0 and by_id[1] == by_path[1]
    code, _, err = run_cli(*AZURE, "--rules", "secnumcloud", cwd=tmp_path)
    assert code == 2 and "did you mean 'secnumcloud-3.2'?" in err and "compliance rules" in err


def test_a_reference_to_another_rule_set_is_resolved_from_the_packaged_ones(run_cli):
    # The HDH reconstruction cites SecNumCloud and HDS rules: named alone, it still evaluates,
    # and only its own rules are reported.
    import json

    code, out, err = run_cli(*AZURE, "--rules", "hdh", "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    assert [r["id"] for r in report["rulesets"]] == ["hdh"]
    assert {r["rule"].split("-")[0] for r in report["results"]} == {"HDH"}


def test_added_rule_sets_join_the_default_ones(run_cli):
    import json

    extra = "tests/golden/golden-rules.yaml"
    code, out, _ = run_cli(*AZURE, "--add-rules", extra, "--format", "json")
    added = [r["id"] for r in json.loads(out)["rulesets"]]
    code, out, _ = run_cli(*AZURE, "--rules", "rules", "--rules", extra, "--format", "json")
    assert code == 0 and added == [r["id"] for r in json.loads(out)["rulesets"]]
    assert "golden-rules" in added and "secnumcloud-3.2" in added


def test_a_local_rules_directory_that_is_not_the_packaged_one_is_named_not_read(run_cli, tmp_path):
    (tmp_path / "rules").mkdir()
    code, _, err = run_cli(*AZURE, cwd=tmp_path)
    assert code == 0 and "./rules is read only when named: --rules rules" in err


def test_the_wheel_carries_every_rule_set_and_works_from_any_directory(run_cli, tmp_path):
    """A non-editable install: build the wheel with the build backend, from a copy of the
    sources (the build writes build/ beside them), install it alone, run it from an empty
    directory."""
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for name in ("compliance", "rules"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from setuptools import build_meta; build_meta.build_wheel(sys.argv[1])",
            str(wheels),
        ],
        cwd=source,
        check=True,
        capture_output=True,
        timeout=600,
    )
    (wheel,) = wheels.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {
        "compliance/referentials/" + p.relative_to(ROOT / "rules").as_posix()
        for p in (ROOT / "rules").rglob("*.yaml")
    }
    assert shipped and shipped <= names
    assert "compliance/schemas/profile.schema.json" in names
    target = tmp_path / "site"  # a pure-Python wheel installs by unpacking it
    zipfile.ZipFile(wheel).extractall(target)
    empty = tmp_path / "empty"
    empty.mkdir()
    # PYTHONPATH comes before the editable install's finder: this runs the wheel's copy.
    env = {**os.environ, "PYTHONPATH": str(target)}
    proc = subprocess.run(
        [sys.executable, "-m", "compliance", *AZURE],
        cwd=empty,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == run_cli(*AZURE)[1]
    where = subprocess.run(
        [
            sys.executable,
            "-c",
            "import compliance.reading.packaged as p; print(p.rules_directory())",
        ],
        cwd=empty,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    assert where == str(target / "compliance" / "referentials")
    assert list(empty.iterdir()) == []


def test_tailorings_seal_test_takes_the_framework_from_the_packaged_rule_sets(run_cli):
    import json

    code, out, err = run_cli(
        "tailoring",
        "secnumcloud-3.2",
        "--providers",
        "providers/azure.yaml",
        "--sovereign-seal",
        "2",
        "--at",
        "2026-11-22",
        "--format",
        "json",
    )
    assert code == 0, err
    report = json.loads(out)
    assert [r["id"] for r in report["rulesets"]] == ["secnumcloud-3.2"]
    assert report["providers"][0]["test"] == {"SEAL>=2": "gap"}
