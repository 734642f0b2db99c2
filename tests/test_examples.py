"""Every example a user is shown runs, and writes only where it says: the README's commands and
each command's --help examples, run in a copy of the repository under git, must leave
`git status` clean but for the files their own text names (reports/ is ignored)."""

import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from compliance import cli

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def readme_commands() -> list[str]:
    """The full command lines of the README (inline code starting with `compliance `), without
    the synopses (PROVIDER..., [--option])."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = [" ".join(m.split()) for m in re.findall(r"`(compliance [^`]+)`", text)]
    synopsis = re.compile(r"\[|\.\.\.|\\\||\b(PROVIDER|RULE|RULESET|PATH|DIR|NAME|SHELL|KIND)\b")
    return [c for c in dict.fromkeys(found) if not synopsis.search(c)]


def commands() -> list[tuple[list[str], object]]:
    """Every command as typed (["evaluate"], ["import", "ciso-assistant"]), with its function."""
    found = [([c.name or c.callback.__name__], c.callback) for c in cli.app.registered_commands]
    for group in cli.app.registered_groups:
        found += [
            ([group.name, c.name or c.callback.__name__], c.callback)
            for c in group.typer_instance.registered_commands
        ]
    return found


def help_examples() -> list[tuple[str, str]]:
    return [example for _, function in commands() for example in function.examples]


def test_every_command_shows_examples_in_its_help(run_cli):
    assert len(commands()) >= 15
    for words, function in commands():
        assert getattr(function, "examples", ()), words
        code, out, _ = run_cli(*words, "-h")
        assert code == 0 and "Examples" in out, words
        for _, line in function.examples:
            assert line in out, (words, line)  # printed as written, not rewrapped


@pytest.fixture(scope="module")
def checkout(tmp_path_factory):
    """A copy of the repository's files (as they are in the work tree), committed to git."""
    copy = tmp_path_factory.mktemp("checkout")
    files = (
        subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, files):
        if (ROOT / name).is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, copy / name)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "copy"]):
        subprocess.run([*git, *args], cwd=copy, check=True, capture_output=True)
    return copy


def _run(line: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run(
        ["bash", "-c", line],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_readme_and_help_examples_run_and_write_only_where_they_say(checkout):
    examples = [("README", c) for c in readme_commands()] + help_examples()
    assert len(readme_commands()) >= 15
    lines = list(dict.fromkeys(line for _, line in examples))  # each command line once
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = list(zip(lines, pool.map(lambda line: _run(line, checkout), lines), strict=False))
    failed = [
        (line, p.returncode, p.stderr[-500:])
        for line, p in runs
        if p.returncode not in (0, 1) or "Traceback" in p.stderr
    ]
    assert not failed
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=checkout,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    written = [line[3:] for line in status.splitlines()]
    said = " ".join(f"{what} {line}" for what, line in examples)
    assert [w for w in written if w not in said] == [], "written where no example says"
