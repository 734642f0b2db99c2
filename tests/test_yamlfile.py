"""The YAML reader: YAML 1.2 scalars, positions, duplicate keys, aliases."""

import datetime as dt
from decimal import Decimal

import pytest

from compliance.errors import InvalidInput
from compliance.reading.yamlfile import read


@pytest.mark.parametrize(
    "text, value",
    [
        ("x: NO", "NO"),
        ("x: no", "no"),
        ("x: yes", "yes"),
        ("x: off", "off"),
        ("x: y", "y"),
        ("x: true", True),
        ("x: False", False),
        ("x: 010", 10),
        ("x: 0o10", 8),
        ("x: 0x1F", 31),
        ("x: 1:20", "1:20"),
        ("x: 3.2", Decimal("3.2")),
        ("x: '3.2'", "3.2"),
        ("x: ~", None),
        ("x:", None),
        ("x: 2024-02-29", dt.date(2024, 2, 29)),
        ("x: .inf", float("inf")),
    ],
)
def test_scalars_follow_yaml_1_2_core(text, value):
    assert read(text, "f.yaml").data == {"x": value}


def test_positions_of_keys_and_values_are_one_based():
    doc = read("a:\n  - b: 1\n    c: [x, y]\n", "f.yaml", positions=True)
    assert doc.keys[("a", 0, "c")] == (3, 5)
    assert doc.values[("a", 0, "c", 1)] == (3, 12)
    assert doc.position(("a", 0, "missing")) == (2, 5)


def test_legitimate_aliases_and_merge_keys_expand():
    doc = read("base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  y: 3\n", "f.yaml")
    assert doc.data["use"] == {"x": 1, "y": 3}


def test_duplicate_keys_point_at_both_lines():
    with pytest.raises(InvalidInput) as caught:
        read("a: 1\nb: 2\na: 3\n", "f.yaml")
    assert str(caught.value) == "f.yaml:3:1: duplicate key 'a' (first defined on line 1)"


def test_non_string_keys_are_refused():
    with pytest.raises(InvalidInput, match="keys must be plain words"):
        read("[a]: 1\n", "f.yaml")


def test_positions_are_computed_on_demand():
    doc = read("a:\n  b: [x, y]\n", "f.yaml")
    assert doc.values == {}  # a valid file never pays for positions
    assert doc.position(("a", "b", 1)) == (2, 10)
