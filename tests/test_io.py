"""Input and output as the system gives them: unreadable, missing, oversized files, full disks,
terminals that cannot show the text. Each is exit 2 with one line naming the path and the cause;
never a traceback, never exit 3 (kept for our own bugs), never a partial report."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

EXE = str(Path(sys.executable).with_name("compliance"))
ONE = ("evaluate", "providers/ovhcloud.yaml", "--at", "2026-11-22")


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def test_a_huge_input_is_refused_before_it_is_read(run_cli, tmp_path):
    # How fast is for benchmarks/run.py to measure (under a second); here: how much memory.
    huge = tmp_path / "huge.yaml"
    with open(huge, "wb") as handle:  # sparse: 2 GB on paper, nothing on disk
        handle.truncate(2 * 1024**3)
    code = (
        "import resource, subprocess, sys, time; t = time.perf_counter(); "
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
        "print(p.returncode, time.perf_counter() - t, "
        "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); print(p.stderr)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, EXE, "evaluate", str(huge), "--output", "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    status, _seconds, rss_kb = out.splitlines()[0].split()
    line = _one_line(out.split("\n", 1)[1])
    assert status == "2" and int(rss_kb) < 200 * 1024
    assert line == (
        f"{huge}:1:1: file is 2048 MB, above the limit of 5 MB "
        "(set COMPLIANCE_MAX_FILE_MB to raise it)"
    )


def test_the_size_limit_is_configurable(run_cli):
    code, _, err = run_cli(*ONE, "--output", "-", env={"COMPLIANCE_MAX_FILE_MB": "0.01"})
    assert code == 2 and "above the limit of 0.01 MB" in _one_line(err)
    code, out, _ = run_cli(*ONE, "--output", "-", env={"COMPLIANCE_MAX_FILE_MB": "50"})
    assert code == 0 and out.startswith("# Gap report")
    code, _, err = run_cli(*ONE, "--output", "-", env={"COMPLIANCE_MAX_FILE_MB": "lots"})
    assert code == 2 and _one_line(err).startswith("error: COMPLIANCE_MAX_FILE_MB expects")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_an_unreadable_input_is_exit_2(run_cli, tmp_path):  # pragma: no cover - as root
    profile = tmp_path / "ovhcloud.yaml"
    profile.write_bytes(Path("providers/ovhcloud.yaml").read_bytes())
    profile.chmod(0)
    code, _, err = run_cli("evaluate", str(profile), "--output", "-")
    assert code == 2 and _one_line(err) == f"{profile}:1:1: cannot read: Permission denied"


def test_missing_inputs_and_empty_directories_are_exit_2(run_cli, tmp_path):
    code, _, err = run_cli("evaluate", str(tmp_path / "nope.yaml"))
    assert code == 2 and str(tmp_path / "nope.yaml") in _one_line(err)
    for option in ("--rules", "--derogations"):
        code, _, err = run_cli(*ONE, option, str(tmp_path), "--output", "-")
        assert code == 2 and _one_line(err) == f"error: no YAML file (*.yaml, *.yml) in {tmp_path}"
    not_utf8 = tmp_path / "latin1.yaml"
    not_utf8.write_bytes("id: caf\xe9\n".encode("latin-1"))
    code, _, err = run_cli("evaluate", str(not_utf8), "--output", "-")
    assert code == 2 and _one_line(err).startswith(f"{not_utf8}:1:1: not UTF-8 text")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_a_read_only_output_directory_is_exit_2(run_cli, tmp_path):  # pragma: no cover
    out = tmp_path / "ro"
    out.mkdir()
    out.chmod(0o500)
    code, _, err = run_cli(*ONE, "--output", str(out))
    assert code == 2 and _one_line(err).startswith(f"error: cannot write {out}")


def test_output_into_a_missing_place_is_exit_2_in_one_line(run_cli, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    start = time.perf_counter()
    code, _, err = run_cli(*ONE, "--output", str(blocker / "sub" / "report.md"))
    assert code == 2 and time.perf_counter() - start < 10
    assert _one_line(err) == f"error: cannot write {blocker / 'sub' / 'report.md'}: Not a directory"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_on_standard_output_is_exit_2():
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [EXE, *ONE, "--output", "-"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert proc.returncode == 2
    assert _one_line(proc.stderr) == (
        "error: cannot write to standard output: No space left on device"
    )


def test_a_terminal_that_cannot_show_the_text_is_exit_2():
    env = os.environ | {"PYTHONIOENCODING": "ascii", "PYTHONUTF8": "0", "LC_ALL": "C"}
    proc = subprocess.run([EXE, *ONE, "--output", "-"], capture_output=True, env=env, check=False)
    assert proc.returncode == 2
    assert _one_line(proc.stderr.decode()).startswith(
        "error: cannot write to standard output: its encoding (ascii) cannot represent"
    )


def test_concurrent_writers_never_leave_a_partial_report(tmp_path):
    target = tmp_path / "report.md"
    runs = [
        subprocess.Popen(
            [EXE, *ONE, "--output", str(target)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        for _ in range(6)
    ]
    seen = set()
    while any(p.poll() is None for p in runs):
        if target.exists():
            seen.add(target.read_bytes())
    assert all(p.wait() == 0 for p in runs)
    seen.add(target.read_bytes())
    assert len(seen) == 1 and seen.pop().endswith(b".\n")  # whole, never half a report
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]


@pytest.mark.parametrize("delay", [0.2, 0.6, 1.2])
def test_an_interrupted_run_leaves_no_partial_report(tmp_path, delay):
    target = tmp_path / "report.md"
    proc = subprocess.Popen(
        [EXE, *ONE, "--output", str(target)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    time.sleep(delay)
    proc.send_signal(2)  # Ctrl-C, wherever it lands (-2: before Python took the signal over)
    proc.wait(timeout=60)
    assert proc.returncode in (0, 130, -2)
    left = [p.name for p in tmp_path.iterdir()]
    assert left in ([], ["report.md"])
    if left:
        assert target.read_text().startswith("# Gap report") and target.read_text().endswith(".\n")


def test_a_failed_replace_leaves_the_old_file_and_no_temporary_one(tmp_path, monkeypatch):
    from compliance.reading.files import replace_atomically

    target = tmp_path / "report.md"
    replace_atomically(str(target), b"old\n", 0o644, ".report.md.")
    assert target.read_bytes() == b"old\n" and target.stat().st_mode & 0o777 == 0o644

    def full_disk(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError, match="No space left"):
        replace_atomically(str(target), b"new\n", 0o644, ".report.md.")
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]
    assert target.read_bytes() == b"old\n"


def test_a_cache_entry_is_private_to_its_user(tmp_path, monkeypatch):
    from compliance.reading import cache

    monkeypatch.setenv("COMPLIANCE_CACHE_DIR", str(tmp_path))
    cache.put("entry", ("profile", None), 1)
    assert cache.get("entry") == (("profile", None), 1)
    assert [p.name for p in tmp_path.iterdir()] == ["entry"]
    assert (tmp_path / "entry").stat().st_mode & 0o777 == 0o600
