"""A table per operator: what each compares, and that unknown facts stay unknown."""

import datetime as dt
from decimal import Decimal as D

import pytest

from compliance.language.catalogue import Bound, Known, Scope
from compliance.language.conditions import _TESTS, OPS_BY_TYPE, Compiler
from compliance.models.ruleset import Leaf


def _eval(fact: str, op: str, value, actual, day=dt.date(2026, 1, 1)):
    compiler = Compiler({})
    compiled = compiler.compile(Leaf(fact=fact, op=op, value=value), "profile", ())
    assert not compiler.problems, compiler.problems
    scope = Scope("", {fact: None if actual is None else Known(actual, ("s",))}, day=day)
    return compiled(scope, None)


TABLE = [
    # fact, op, value, actual, expected
    ("organisation.registered_office", "equals", "FR", "FR", True),
    ("organisation.registered_office", "equals", "FR", "DE", False),
    ("organisation.registered_office", "not_equals", "FR", "DE", True),
    ("organisation.registered_office", "in", "EU", "IE", True),
    ("organisation.registered_office", "in", "EU", "NO", False),
    ("organisation.registered_office", "in", "EEA", "NO", True),
    ("organisation.registered_office", "in", ["FR", "DE"], "DE", True),
    ("organisation.registered_office", "not_in", "EU", "US", True),
    ("organisation.registered_office", "not_in", "EU", "FR", False),
    ("operations.data_locations", "subset_of", "EU", ("FR", "DE"), True),
    ("operations.data_locations", "subset_of", "EU", ("FR", "US"), False),
    ("operations.data_locations", "intersects", ["US", "CA"], ("FR", "US"), True),
    ("operations.data_locations", "intersects", ["US", "CA"], ("FR",), False),
    ("operations.data_locations", "contains", "FR", ("FR", "DE"), True),
    ("operations.data_locations", "not_contains", "US", ("FR",), True),
    ("organisation.largest_non_eu_capital_share", "le", 24, D("24.0"), True),
    ("organisation.largest_non_eu_capital_share", "le", 24, D("24.5"), False),
    ("organisation.total_non_eu_capital_share", "le", 39, D("9.75") * 4, True),
    ("organisation.total_non_eu_capital_share", "le", D("39.01"), D("39.02"), False),
    ("organisation.largest_non_eu_capital_share", "lt", 24, 24, False),
    ("organisation.largest_non_eu_capital_share", "ge", 24, 24, True),
    ("organisation.largest_non_eu_capital_share", "gt", 24, 30, True),
    ("contract.change_notice_days", "le", 31, 30, True),
    ("contract.change_notice_days", "equals", 21, 21, True),
    ("organisation.established_in_eu", "equals", True, True, True),
    ("organisation.established_in_eu", "not_equals", True, True, False),
    ("organisation.legal_entity", "contains", "SAS", "OVH SAS", True),
    ("organisation.legal_entity", "in", ["A", "B"], "C", False),
    ("operations.transfer_map_url", "exists", None, "https://x", True),
    ("operations.transfer_map_url", "exists", None, None, False),
]


BOUNDS = [
    # op, value, (lo, hi) with hi None for "at least lo", expected
    ("le", 24, (30, None), False),  # a listed holder already above the cap
    ("le", 24, (10, None), None),  # unlisted holders could push it over
    ("le", 24, (10, 24), True),  # even if every unlisted share were non-EU
    ("le", 24, (10, D("24.01")), None),
    ("lt", 24, (24, 30), False),
    ("ge", 24, (24, None), True),
    ("gt", 24, (10, 24), False),
    ("gt", 24, (10, 25), None),
    ("equals", 0, (0, 0), True),
    ("equals", 5, (10, None), False),
    ("not_equals", 5, (10, None), True),
]


@pytest.mark.parametrize("op, value, bounds, expected", BOUNDS)
def test_numbers_known_within_bounds(op, value, bounds, expected):
    lo, hi = bounds
    actual = Bound(D(lo), None if hi is None else D(hi))
    assert _eval("organisation.total_non_eu_capital_share", op, value, actual) is expected


@pytest.mark.parametrize(
    "day, expected", [(dt.date(2020, 1, 31), True), (dt.date(2020, 2, 1), False)]
)
def test_groups_of_countries_are_read_at_the_date(day, expected):
    """The United Kingdom left the EU (and the EEA) on 1 February 2020."""
    assert _eval("organisation.registered_office", "in", "EU", "GB", day) is expected
    assert _eval("organisation.registered_office", "in", "EEA", "GB", day) is expected


@pytest.mark.parametrize("fact, op, value, actual, expected", TABLE)
def test_operator_table(fact, op, value, actual, expected):
    assert _eval(fact, op, value, actual) is expected


@pytest.mark.parametrize("op", sorted(_TESTS))
def test_unknown_fact_is_unknown_for_every_operator(op):
    fact = next(f for f, o, *_ in TABLE if o == op)
    value = next(v for f, o, v, *_ in TABLE if o == op)
    assert _eval(fact, op, value, None) is None


def test_every_operator_is_implemented_and_tested():
    declared = {op for ops in OPS_BY_TYPE.values() for op in ops}
    assert declared == set(_TESTS) | {"exists"}
    assert {row[1] for row in TABLE} == declared
