"""Every error class of hand-edited YAML: located, worded for an analyst, all at once."""

import datetime as dt
import re
from pathlib import Path

import pytest

from compliance.errors import InvalidInput
from compliance.reading.load import kind_of, load_profile, load_ruleset

FIXTURES = Path(__file__).parent / "fixtures"
# Single-file problems; derogations need the rules and profiles they name (see test_cli).
FAIL = sorted([*FIXTURES.glob("rules/*.fail.yaml"), *FIXTURES.glob("providers/*.fail.yaml")])
OK = sorted(FIXTURES.glob("*/*.ok.yaml"))


def _load(path: Path):
    loader = load_ruleset if kind_of(str(path)) == "ruleset" else load_profile
    return loader(str(path))


def _expected(path: Path) -> list[str]:
    """The fixture's `# expect:` lines; `{today}` stands for the date the suite runs."""
    lines = path.read_bytes().decode("utf-8", "replace").splitlines()
    today = dt.date.today().isoformat()
    return [
        m.group(1).replace("{today}", today)
        for line in lines
        if (m := re.match(r"# expect: (.*)", line))
    ]


@pytest.mark.parametrize("path", FAIL, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_bad_input_gives_every_located_problem(path):
    with pytest.raises(InvalidInput) as caught:
        _load(path)
    got = [f"{p.line}:{p.column}: {p.message}" for p in caught.value.problems]
    assert got == _expected(path)
    assert all(p.file == str(path) for p in caught.value.problems)


@pytest.mark.parametrize("path", OK, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_good_input_loads(path):
    _load(path)


def test_norway_stays_a_country_code():
    profile = load_profile(str(FIXTURES / "providers" / "ok.ok.yaml")).model
    assert profile.organisation.registered_office.value == "NO"
    assert profile.organisation.shareholders[0].country == "NO"


def test_every_error_class_has_a_fixture():
    classes = {p.stem.removesuffix(".fail") for p in FAIL}
    assert {
        "yaml-syntax",
        "duplicate-key",
        "unknown-key",
        "bad-enum",
        "number-for-text",
        "unknown-fact",
        "unknown-operator",
        "wrong-value-type",
        "bad-condition",
        "duplicate-rule",
        "missing-key",
        "unknown-revision",
        "alias-bomb",
        "unsafe-tag",
        "two-documents",
        "empty",
        "not-a-mapping",
        "rule-ref-in-item",
        "unknown-source",
        "bad-country",
        "yaml11-bool",
        "bad-date",
        "bad-certification",
        "source-without-location",
        "not-utf8",
    } <= classes
