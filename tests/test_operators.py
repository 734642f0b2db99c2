"""A table per operator: what each compares, and that unknown facts stay unknown."""

import pytest

from compliance.catalogue import Known, Scope
from compliance.conditions import OPS_BY_TYPE, _TESTS, Compiler
from compliance.models.ruleset import Leaf


def _eval(fact: str, op: str, value, actual):
    compiler = Compiler({})
    compiled = compiler.compile(Leaf(fact=fact, op=op, value=value), "profile", ())
    assert not compiler.problems, compiler.problems
    scope = Scope("", {fact: None if actual is None else Known(actual, ("s",))})
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
    ("organisation.largest_non_eu_capital_share", "le", 24, 24.0, True),
    ("organisation.largest_non_eu_capital_share", "le", 24, 24.5, False),
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
