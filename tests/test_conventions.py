"""The command line's conventions: -h, shell completion, a profile on standard input, where
--output writes, `compliance schema`, `compliance init`, `compliance rules` and the pre-commit
hook that analysts' repositories use."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

GOLD = "tests/golden"
ROOT = Path(__file__).resolve().parent.parent
EXE = str(Path(sys.executable).with_name("compliance"))


def _stdin(args, text, cwd=ROOT):
    proc = subprocess.run(
        [EXE, *args], input=text, capture_output=True, text=True, cwd=cwd, timeout=120, check=False
    )
    return proc.returncode, proc.stdout, proc.stderr


# --- standard input --------------------------------------------------------------------------


def test_a_profile_is_read_from_standard_input(run_cli):
    args = [
        "evaluate",
        "--rules",
        f"{GOLD}/golden-rules.yaml",
        "--at",
        "2026-01-15",
        "--output",
        "-",
    ]
    text = (ROOT / GOLD / "golden-cloud.yaml").read_text()
    assert _stdin([*args, "-"], text)[1] == run_cli(*args, f"{GOLD}/golden-cloud.yaml")[1]
    code, out, _ = _stdin(["validate", "-"], text)
    assert code == 0 and "1 profiles" in out


def test_problems_on_standard_input_are_located_there():
    code, _, err = _stdin(["evaluate", "-", "--output", "-"], "id: x\nname: [\n")
    assert code == 2 and err.startswith("<stdin>:3:1: YAML syntax")
    code, _, err = _stdin(["validate", "-"], "id: x\nname: x\nas_of: 2026-01-01\nsources: {}\n")
    assert code == 2 and err.startswith("<stdin>:4:10:") and "Traceback" not in err
    code, _, err = _stdin(["compare", "-", "-"], "")
    assert code == 2 and "standard input ('-') can be read once" in err


# --- where evaluate writes -------------------------------------------------------------------

TWO = (
    "evaluate",
    f"{GOLD}/golden-cloud.yaml",
    f"{GOLD}/golden-cloud.yaml",
    "--rules",
    f"{GOLD}/golden-rules.yaml",
    "--at",
    "2026-01-15",
)


def test_several_reports_never_go_to_a_directory_nobody_asked_for(run_cli, tmp_path):
    out = tmp_path / "out"
    code, _, err = run_cli(*TWO, "--output", str(out))
    assert code == 2 and f"(--output {out}/)" in err and not out.exists()
    code, _, err = run_cli(*TWO, "--output", "-")
    assert code == 2 and "standard output takes one report" in err


def test_an_existing_directory_or_a_trailing_slash_is_a_directory(run_cli, tmp_path):
    code, out, _ = run_cli(*TWO, "--output", f"{tmp_path}/new/")
    assert code == 0 and (tmp_path / "new" / "golden-cloud.md").is_file()
    assert f"-> {tmp_path}/new/golden-cloud.md" in out
    code, _, _ = run_cli(*TWO[:2], *TWO[3:], "--output", str(tmp_path / "new"))
    assert code == 0 and sorted(p.name for p in (tmp_path / "new").iterdir()) == ["golden-cloud.md"]


def test_any_other_name_is_a_file(run_cli, tmp_path):
    code, _out, _ = run_cli(*TWO[:2], *TWO[3:], "--output", str(tmp_path / "report"))
    assert code == 0 and (tmp_path / "report").read_text().startswith("# Gap report")


# --- help and completion ---------------------------------------------------------------------


def test_h_is_help_everywhere(run_cli):
    code, out, _ = run_cli("-h")
    assert code == 0 and "-h, --help" in out and "completion" in out
    assert run_cli("evaluate", "-h")[1] == run_cli("evaluate", "--help")[1]


def test_completion_scripts_and_the_completions_they_ask_for(run_cli):
    for shell in ("bash", "zsh", "fish"):
        code, out, _ = run_cli("completion", shell)
        assert code == 0 and "_COMPLIANCE_COMPLETE=complete_" + shell in out
    env = {**os.environ, "_COMPLIANCE_COMPLETE": "complete_bash"}

    def complete(words, index):
        return subprocess.run(
            [EXE],
            env={**env, "COMP_WORDS": words, "COMP_CWORD": str(index)},
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        ).stdout.split()

    assert complete("compliance ev", 1) == ["evaluate"]
    from compliance.formats import Format

    assert complete("compliance evaluate --format ", 3) == [f.value for f in Format]
    assert complete("compliance init ", 2) == ["provider", "ruleset"]
    code, _, err = run_cli("completion", "tcsh")
    assert code == 2 and "'tcsh' is not one of" in err


def test_the_bash_script_registers_the_completion():
    script = subprocess.run(
        [EXE, "completion", "bash"], capture_output=True, text=True, check=False
    ).stdout
    out = subprocess.run(
        ["bash", "-c", script + "\ncomplete -p compliance"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    assert out.strip() == "complete -o default -F _compliance_completion compliance"


# --- schema ----------------------------------------------------------------------------------


def test_schema_prints_one_or_writes_all_where_told(run_cli):
    code, out, _ = run_cli("schema", "profile")
    assert code == 0 and out == (ROOT / "compliance/schemas/profile.schema.json").read_text()
    code, _, err = run_cli("schema")
    assert code == 2 and "--output DIR" in err and "compliance/schemas" in err
    code, _, err = run_cli("schema", "profle")
    assert code == 2 and "did you mean 'profile'?" in err


# --- init ------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["provider", "ruleset"])
def test_init_writes_a_file_that_validates_and_points_at_its_schema(run_cli, tmp_path, kind):
    target = tmp_path / "data" / f"acme-{kind}.yaml"
    code, _, err = run_cli("init", kind, str(target))
    assert code == 0 and f"wrote {target}" in err
    first = target.read_text().splitlines()[0]
    schema = re.match(r"# yaml-language-server: \$schema=(\S+)$", first).group(1)
    name = "profile" if kind == "provider" else "ruleset"
    assert schema.endswith(f"compliance/schemas/{name}.schema.json")
    code, _out, err = run_cli("validate", str(target))
    assert code == 0, err
    code, _, err = run_cli("init", kind, str(target))
    assert code == 2 and "exists: not overwritten" in err


def test_the_profiles_commented_example_is_valid_once_uncommented(run_cli, tmp_path):
    target = tmp_path / "acme.yaml"
    run_cli("init", "provider", str(target))
    target.write_text(re.sub(r"(?m)^#   ", "", target.read_text()))
    code, _, err = run_cli("validate", str(target))
    assert code == 0, err
    assert yaml.safe_load(target.read_text())["organisation"]["registered_office"]["value"] == "FR"


def test_an_illustrative_rule_set_is_marked_and_a_profile_states_no_fact(run_cli, tmp_path):
    rules, provider = tmp_path / "acme-rules.yaml", tmp_path / "acme.yaml"
    run_cli("init", "ruleset", str(rules))
    run_cli("init", "provider", str(provider))
    code, out, _ = run_cli(
        "evaluate", str(provider), "--rules", str(rules), "--format", "json", "--output", "-"
    )
    report = json.loads(out)
    assert code == 0 and report["reconstructed"] == ["acme-rules"]
    assert {r["status"] for r in report["results"]} == {"unknown"}


def test_in_the_repository_the_schema_line_is_the_shipped_files_one():
    from compliance.commands.init import schema_reference
    from compliance.reading.packaged import schema_file

    shipped = (ROOT / "providers" / "azure.yaml").read_text().splitlines()[0]
    assert shipped.endswith(schema_reference(schema_file("profile"), ROOT / "providers"))
    assert schema_reference(schema_file("profile"), Path("/")).startswith("file:///")


def test_init_to_standard_output_and_bad_names(run_cli, tmp_path):
    code, out, _ = run_cli("init", "provider", cwd=tmp_path)
    assert code == 0 and "id: my-provider" in out and list(tmp_path.iterdir()) == []
    assert run_cli("init", "ruleset", str(tmp_path / "Bad.yaml"))[0] == 2
    assert run_cli("init", "ruleset", str(tmp_path / "x.txt"))[0] == 2


# --- rules -----------------------------------------------------------------------------------


def test_rules_lists_the_packaged_rule_sets_with_versions_and_provenance(run_cli):
    import jsonschema

    _code, out, _ = run_cli("rules", "--format", "json")
    listing = json.loads(out)
    schema = json.loads((ROOT / "compliance/schemas/inventory.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(listing)
    by_id = {r["id"]: r for r in listing["rulesets"]}
    assert listing["packaged"] == "rules"
    assert by_id["secnumcloud-3.2"]["version"] == "3.2" and by_id["secnumcloud-3.2"]["default"]
    assert by_id["secnumcloud-3.2"]["rules"] == 278
    assert by_id["hdh"]["provenance"] == "reconstruction" and not by_id["hdh"]["default"]
    assert by_id["hdh"]["revisions"][0] == "r0" and by_id["hdh"]["rules"] == 262
    _code, out, _ = run_cli("rules", "--rules", "rules/hdh/hdh.yaml@r0", "--format", "json")
    (hdh,) = json.loads(out)["rulesets"]
    assert (hdh["revision"], hdh["rules"]) == ("r0", 165)
    _code, out, _ = run_cli("rules")
    assert "| `secnumcloud-3.2` | 3.2 |" in out and "Demonstration, not a finding" in out


def test_validate_resolves_references_from_the_packaged_rule_sets(run_cli):
    code, _out, err = run_cli("validate", "rules/hdh/hdh.yaml")
    assert code == 0, err


# --- the pre-commit hook ---------------------------------------------------------------------


def test_the_pre_commit_hook_runs_validate_on_the_shipped_data():
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "compliance-validate" and hook["language"] == "python"
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    matched = [f for f in tracked if re.search(hook["files"], f)]
    assert "providers/azure.yaml" in matched and "derogations/cnil-2023-146-emc2.yaml" in matched
    assert not [f for f in matched if not f.endswith(".yaml")]
    entry = hook["entry"].split()
    assert entry[0] == "compliance"
    proc = subprocess.run(
        [EXE, *entry[1:], *hook["args"]], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr
