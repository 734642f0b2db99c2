import datetime as dt
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
os.chdir(ROOT)  # the CLI's defaults (rules/, reports/) are relative to the project root
# Tests choose the language of each run (--lang); a French shell must not change the others.
os.environ.pop("COMPLIANCE_LANG", None)


@pytest.fixture(autouse=True)
def _english_again():
    """Each test starts and ends in English, whatever language a test chose in-process."""
    from compliance import i18n

    yield
    i18n.use(i18n.SOURCE)


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """Every run of the suite starts from an empty cache of its own, never the user's (the
    commands run as subprocesses inherit the variable)."""
    previous = os.environ.get("COMPLIANCE_CACHE_DIR")
    os.environ["COMPLIANCE_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    os.environ.pop("COMPLIANCE_NO_CACHE", None)
    yield
    if previous is None:
        os.environ.pop("COMPLIANCE_CACHE_DIR", None)
    else:
        os.environ["COMPLIANCE_CACHE_DIR"] = previous


@pytest.fixture
def run_cli():
    """Run the installed command as a user would, return (exit code, stdout, stderr)."""
    import subprocess

    def run(
        *args: str, cwd: Path = ROOT, env: dict[str, str] | None = None
    ) -> tuple[int, str, str]:
        exe = Path(sys.executable).with_name("compliance")
        proc = subprocess.run(
            [str(exe), *args],
            capture_output=True,
            text=True,
            cwd=cwd,
            timeout=120,
            check=False,
            env=None if env is None else os.environ | env,
        )
        return proc.returncode, proc.stdout, proc.stderr

    return run


REPORT_DATE = dt.date(2026, 11, 22)
