"""The cache of validated inputs: a hit gives what a miss gives, byte for byte; a damaged entry
is ignored and rebuilt; concurrent runs agree; an edited file is read again."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ARGS = (
    "evaluate",
    "providers/ovhcloud.yaml",
    "--at",
    "2026-11-22",
    "--format",
    "json",
    "--output",
    "-",
)


@pytest.fixture
def cache_dir(tmp_path):
    return tmp_path / "cache"


def _run(run_cli, cache_dir, *args):
    code, out, err = run_cli(*(args or ARGS), env={"COMPLIANCE_CACHE_DIR": str(cache_dir)})
    assert code == 0, err
    return out


def _entries(cache_dir: Path) -> list[Path]:
    return sorted(p for p in cache_dir.iterdir() if not p.name.startswith("."))


def test_a_hit_gives_the_same_report_as_a_miss_and_as_no_cache(run_cli, cache_dir):
    miss = _run(run_cli, cache_dir)
    entries = _entries(cache_dir)
    assert len(entries) >= 6  # the rule sets, the mappings and the profile
    hit = _run(run_cli, cache_dir)
    assert _entries(cache_dir) == entries
    _code, uncached, _ = run_cli(
        *ARGS, env={"COMPLIANCE_NO_CACHE": "1", "COMPLIANCE_CACHE_DIR": str(cache_dir / "off")}
    )
    assert hit == miss == uncached
    assert not (cache_dir / "off").exists()
    markdown = [
        run_cli(
            "evaluate",
            "providers/azure.yaml",
            "--at",
            "2024-06-01",
            "--derogations",
            "derogations",
            "--horizons",
            "0,6",
            "--output",
            "-",
            env={"COMPLIANCE_CACHE_DIR": str(cache_dir)},
        )[1]
        for _ in range(2)
    ]
    assert markdown[0] == markdown[1] and markdown[0].startswith("# Gap report")


def _damage(cache_dir: Path, damage: str) -> None:
    for entry in _entries(cache_dir):
        blob = entry.read_bytes()
        entry.write_bytes(
            {
                "truncate": blob[: len(blob) // 2],
                "flip": blob[:-10] + bytes(b ^ 0xFF for b in blob[-10:]),
                "garbage": b"\x80not a cache entry" * 10,
                "empty": b"",
            }[damage]
        )


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "empty"])
def test_a_damaged_entry_is_ignored_and_rebuilt(run_cli, cache_dir, damage):
    reference = _run(run_cli, cache_dir)
    _damage(cache_dir, damage)
    assert _run(run_cli, cache_dir) == reference
    assert _run(run_cli, cache_dir) == reference  # rebuilt entries are good again
    from compliance.reading import cache

    os.environ["COMPLIANCE_CACHE_DIR"], previous = (
        str(cache_dir),
        os.environ["COMPLIANCE_CACHE_DIR"],
    )
    try:
        assert all(cache.get(e.name) is not None for e in _entries(cache_dir))
    finally:
        os.environ["COMPLIANCE_CACHE_DIR"] = previous


def test_concurrent_runs_on_an_empty_cache_all_give_the_right_report(cache_dir):
    reference = subprocess.run(
        [str(Path(sys.executable).with_name("compliance")), *ARGS],
        capture_output=True,
        text=True,
        env=os.environ | {"COMPLIANCE_NO_CACHE": "1"},
        check=True,
    ).stdout
    exe = str(Path(sys.executable).with_name("compliance"))
    env = os.environ | {"COMPLIANCE_CACHE_DIR": str(cache_dir)}
    runs = [
        subprocess.Popen(
            [exe, *ARGS], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
        )
        for _ in range(8)
    ]
    outputs = [(p.communicate(timeout=300), p.returncode) for p in runs]
    assert all(code == 0 and out == reference for (out, _), code in outputs)
    assert not [p for p in cache_dir.iterdir() if p.name.endswith(".tmp")]


def test_editing_a_file_misses(run_cli, cache_dir, tmp_path):
    profile = tmp_path / "ovhcloud.yaml"
    shutil.copy("providers/ovhcloud.yaml", profile)
    args = ("evaluate", str(profile), "--at", "2026-11-22", "--output", "-")
    before = _run(run_cli, cache_dir, *args)
    text = profile.read_text()
    profile.write_text(text.replace("\nname: ", "\nname: Edited ", 1))
    after = _run(run_cli, cache_dir, *args)
    assert "# Gap report: Edited " in after and "# Gap report: Edited" not in before
    # An invalid edit is reported, not hidden by the entry of the valid file.
    profile.write_text(text.replace("\nname: ", "\nnmae: ", 1))
    code, _, err = run_cli(*args, env={"COMPLIANCE_CACHE_DIR": str(cache_dir)})
    assert code == 2 and "unknown key 'nmae'" in err


def test_the_same_content_under_another_name_is_checked_again(run_cli, cache_dir, tmp_path):
    _run(run_cli, cache_dir, *ARGS)  # providers/ovhcloud.yaml is cached
    other = tmp_path / "other.yaml"
    shutil.copy("providers/ovhcloud.yaml", other)
    code, _, err = run_cli(
        "evaluate", str(other), "--output", "-", env={"COMPLIANCE_CACHE_DIR": str(cache_dir)}
    )
    assert code == 2 and "must equal the file name 'other'" in err


def test_an_unwritable_cache_is_no_cache(run_cli, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    code, out, err = run_cli(*ARGS, env={"COMPLIANCE_CACHE_DIR": str(blocker / "cache")})
    assert code == 0 and out.startswith("{") and not err


@pytest.mark.parametrize("fmt", ["sarif", "junit"])
def test_located_formats_are_the_same_from_a_cold_and_a_warm_cache(run_cli, cache_dir, fmt):
    """SARIF and JUnit point into the profile's YAML: a hit (which keeps models, not the raw
    data) must find the same lines as a miss."""
    args = ("evaluate", "providers/azure.yaml", "--at", "2025-06-01", "--format", fmt, "-o", "-")
    cold = _run(run_cli, cache_dir, *args)
    warm = _run(run_cli, cache_dir, *args)
    assert "providers/azure.yaml" in cold
    assert warm == cold


def test_html_templates_compiled_once_give_the_same_page(run_cli, cache_dir, tmp_path):
    """The HTML templates' compiled code is kept in the cache: a page rendered from it is the
    page rendered from the templates, and a damaged entry is compiled again."""
    args = ("evaluate", "providers/ovhcloud.yaml", "--at", "2026-11-22", "-f", "html", "-o", "-")
    _run(run_cli, cache_dir, *ARGS)
    inputs = len(_entries(cache_dir))
    cold = _run(run_cli, cache_dir, *args)
    assert len(_entries(cache_dir)) > inputs  # the templates the page uses
    warm = _run(run_cli, cache_dir, *args)
    _code, uncached, _ = run_cli(*args, env={"COMPLIANCE_NO_CACHE": "1"})
    assert cold.startswith("<!DOCTYPE html>") and cold == warm == uncached
    for damage in ("flip", "garbage"):
        _damage(cache_dir, damage)
        assert _run(run_cli, cache_dir, *args) == cold
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    code, out, err = run_cli(*args, env={"COMPLIANCE_CACHE_DIR": str(blocker / "cache")})
    assert code == 0 and out == cold and not err


@pytest.mark.parametrize("fmt", ["markdown", "json", "html"])
def test_a_run_on_cached_inputs_checks_nothing_again(run_cli, cache_dir, fmt):
    """Inputs found in the cache were checked when stored: a run on them never loads pydantic
    (models are plain objects; pydantic checks them through their twins: models.twins)."""
    args = ["evaluate", "providers/ovhcloud.yaml", "--at", "2026-11-22", "-f", fmt, "-o", "-"]
    cold = _run(run_cli, cache_dir, *args)
    code = (
        "import sys\nfrom compliance.cli import _run\n"
        f"sys.argv = ['compliance', *{args!r}]\nstatus = _run()\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0].startswith('pydantic'))\n"
        "print(status, loaded, file=sys.stderr)"
    )
    warm = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env=os.environ | {"COMPLIANCE_CACHE_DIR": str(cache_dir)},
    )
    assert warm.stdout == cold
    assert warm.stderr.strip() == "0 []"


def _refuse():
    raise RuntimeError("unpickled")


class _Unwanted:
    def __reduce__(self):
        return (_refuse, ())


def test_an_entry_not_wanted_is_not_unpickled(tmp_path, monkeypatch):
    """An entry's label says what it holds (kind, provenance): an entry that the reader does not
    want, like the HDH reconstruction when the packaged directory is read, is not unpickled."""
    from compliance.reading import cache

    monkeypatch.setenv("COMPLIANCE_CACHE_DIR", str(tmp_path))
    cache.put("entry", ("ruleset", "reconstructed"), _Unwanted())
    assert cache.get("entry", lambda label: label[1] == "published") == (
        ("ruleset", "reconstructed"),
        None,
    )
    assert cache.get("entry") is None  # read whole, it fails to unpickle: never trusted


def test_the_packaged_directory_does_not_read_the_reconstruction(cache_dir, monkeypatch):
    """`evaluate` reads the packaged rule sets from their directory, where the HDH
    reconstruction also lives: it is left out, and its cached entry is not unpickled."""
    import pickle

    from compliance import inputs

    monkeypatch.setenv("COMPLIANCE_CACHE_DIR", str(cache_dir))
    inputs.rule_sets(None)  # fills the cache
    unpickled: list[object] = []
    real = pickle.loads

    def spy(data):
        unpickled.append(real(data))
        return unpickled[-1]

    monkeypatch.setattr(pickle, "loads", spy)
    assert "hdh" not in {r.model.id for r, _ in inputs.rule_sets(None).targets}
    ids = {getattr(value, "id", None) for value in unpickled}
    assert "secnumcloud-3.2" in ids and "hdh" not in ids
    assert "hdh" in {r.model.id for r, _ in inputs.rule_sets(None, reconstructions=True).targets}
    assert "hdh" in {getattr(value, "id", None) for value in unpickled}
