import datetime as dt
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
os.chdir(ROOT)  # the CLI's defaults (rules/, reports/) are relative to the project root


@pytest.fixture
def run_cli():
    """Run the installed command as a user would, return (exit code, stdout, stderr)."""
    import subprocess

    def run(*args: str, cwd: Path = ROOT) -> tuple[int, str, str]:
        exe = Path(sys.executable).with_name("compliance")
        proc = subprocess.run([str(exe), *args], capture_output=True, text=True, cwd=cwd,
                              timeout=120, check=False)
        return proc.returncode, proc.stdout, proc.stderr

    return run


REPORT_DATE = dt.date(2026, 11, 22)
