"""Closed vocabularies have one definition; where a copy cannot be derived (the standard's
country list, the README), a test keeps it equal to that definition."""

import datetime as dt
import json
import re
from decimal import Decimal
from pathlib import Path

import jsonschema
import pycountry
import pytest

from compliance.countries import COUNTRIES, members
from compliance.models.common import CONFIDENCES
from compliance.models.profile import SCHEMES
from compliance.reading.yamlfile import read_file

ROOT = Path(__file__).parent.parent
SCHEMA = json.loads((ROOT / "compliance/schemas/profile.schema.json").read_text())


def test_country_codes_are_the_standard():
    assert {c.alpha_2 for c in pycountry.countries} == COUNTRIES


def test_eu_membership_in_time():
    assert len(members("EU", dt.date(2026, 1, 1))) == 27
    assert len(members("EU", dt.date(2020, 1, 31))) == 28
    assert "HR" not in members("EU", dt.date(2013, 6, 30))
    assert members("EEA", dt.date(2026, 1, 1)) == members("EU", dt.date(2026, 1, 1)) | {
        "IS",
        "LI",
        "NO",
    }


def _as_json(node):
    """What an editor sees: dates as text, numbers as JSON numbers."""
    if isinstance(node, dict):
        return {k: _as_json(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_as_json(v) for v in node]
    if isinstance(node, dt.date):
        return node.isoformat()
    if isinstance(node, Decimal):
        return float(node)
    return node


def _schema_errors(path: Path) -> list[str]:
    data = _as_json(read_file(str(path)).data)
    validator = jsonschema.Draft202012Validator(SCHEMA)
    return sorted(f"{list(e.absolute_path)}: {e.instance!r}" for e in validator.iter_errors(data))


def test_the_editor_flags_what_validate_rejects():
    """The published schema (what editors use) flags an HDS 'v2' and 'France', like validate."""
    errors = _schema_errors(ROOT / "tests/fixtures/providers/closed-vocabularies.fail.yaml")
    text = "\n".join(errors)
    for wrong in ("'France'", "'Allemagne'", "'fra'", "'Deutschland'", "'v2'", "'3.3'"):
        assert wrong in text, (wrong, errors)
    assert "'version': '2017'" in text or "'2017'" in text  # soc2 takes no version


def test_every_shipped_profile_passes_the_schema():
    for path in sorted((ROOT / "providers").glob("*.yaml")):
        assert _schema_errors(path) == [], path


def test_readme_lists_every_confidence_and_scheme():
    readme = (ROOT / "README.md").read_text()
    for name in CONFIDENCES:
        assert f"`{name}`" in readme, name
    text = " ".join(readme.split())
    paragraph = text.split("Versions are a closed list per scheme")[1].split("take no version")[0]
    listed = set(re.findall(r"`([^`]+)`", paragraph))
    assert listed == {v for d in SCHEMES.values() for v in d.versions} - {""}, listed


@pytest.mark.parametrize("code", sorted(members("EU", dt.date(2026, 1, 1))))
def test_eu_members_are_country_codes(code):
    assert code in COUNTRIES


def test_operators_have_one_definition_and_the_readme_lists_them():
    import typing

    from compliance.language.conditions import _TESTS, OPS_BY_TYPE
    from compliance.models.ruleset import Op

    ops = set(typing.get_args(Op))
    assert ops == set(_TESTS) | {"exists"}
    assert set().union(*OPS_BY_TYPE.values()) == ops
    readme = " ".join((ROOT / "README.md").read_text().split())
    listed = readme.split("a leaf `{fact, op, value}` (")[1].split(";")[0]
    assert set(re.findall(r"`([a-z_]+)`", listed)) == ops


def test_counts_have_a_field_per_status():
    from compliance.engine.results import Counts
    from compliance.vocabulary import STATUSES

    assert tuple(Counts.model_fields) == STATUSES
