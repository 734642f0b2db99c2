"""Lint, formatting and types, checked by the suite itself so that the README's test command
still says everything: ruff's rules and formatter on the code, mypy on the package, with the
settings of pyproject.toml. A failure shows the tool's own report; without the `dev` extra the
tests skip and say how to get it."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CODE = ["compliance", "tests", "scripts", "benchmarks"]


def _run(tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name(tool)  # the tools of this environment, pinned
    if not exe.exists():
        pytest.skip(f"{tool} is not installed: pip install -e '.[dev]'")
    return subprocess.run(
        [str(exe), *args], cwd=ROOT, capture_output=True, text=True, check=False, timeout=900
    )


def _report(done: subprocess.CompletedProcess[str]) -> str:
    command = " ".join(map(str, done.args))
    return f"\n{command} (exit {done.returncode}):\n{done.stdout}{done.stderr}"


def test_ruff_finds_nothing():
    done = _run("ruff", "check", "--no-fix", *CODE)
    assert done.returncode == 0, _report(done)


def test_code_is_formatted():
    done = _run("ruff", "format", "--check", *CODE)
    assert done.returncode == 0, _report(done)


def test_types_check():
    done = _run("mypy")  # the files and settings of pyproject.toml's [tool.mypy]
    assert done.returncode == 0, _report(done)
