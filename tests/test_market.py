"""Market infeasibility: minimal sets of requirements each met by some provider, never together."""

import datetime as dt
import itertools
import random

import pytest

from compliance.analyses.market import infeasible, market
from compliance.formats.market import render
from compliance.reading.load import load_profile, load_ruleset

MARKET = "tests/fixtures/market"
DAY = dt.date(2026, 6, 1)


@pytest.fixture(scope="module")
def small_market():
    rules = [(load_ruleset(f"{MARKET}/rules.yaml"), None)]
    profiles = [load_profile(f"{MARKET}/{p}.yaml").model for p in ("alpha", "beta", "gamma")]
    return rules, profiles


def test_three_providers_each_meeting_two_of_three_requirements(small_market):
    rules, profiles = small_market
    report = market(rules, profiles, DAY)
    (now,) = report.horizons
    assert (now.months, now.date, now.considered, now.unmet) == (0, DAY, 3, [])
    (only,) = now.sets  # the three together; no pair is infeasible
    assert [[r.id for r in m.requirements] for m in only.members] == [
        ["M-SEAT"],
        ["M-DATA"],
        ["M-LAW"],
    ]
    assert [m.met_by for m in only.members] == [
        ["alpha", "beta"],
        ["alpha", "gamma"],
        ["beta", "gamma"],
    ]
    assert [m.meets_the_others for m in only.members] == [["gamma"], ["beta"], ["alpha"]]
    assert only.message == (
        "Gamma Cloud meets M-DATA and M-LAW; Beta Cloud meets M-SEAT and "
        "M-LAW; Alpha Cloud meets M-SEAT and M-DATA; no provider meets "
        "M-SEAT, M-DATA and M-LAW together"
    )
    assert report.reconstructed == [] and report.rulesets[0].provenance == "published"


def test_a_pair_is_infeasible_when_two_providers_split_it(small_market):
    rules, profiles = small_market
    (now,) = market(rules, profiles[:2], DAY).horizons  # alpha and beta both meet M-SEAT
    (pair,) = now.sets
    assert [m.requirements[0].id for m in pair.members] == ["M-DATA", "M-LAW"]
    assert pair.message == (
        "Alpha Cloud meets M-DATA; Beta Cloud meets M-LAW; no provider "
        "meets M-DATA and M-LAW together"
    )


def test_horizons_are_reported_each():
    rules = [(load_ruleset(f"{MARKET}/rules.yaml"), None)]
    profiles = [load_profile(f"{MARKET}/alpha.yaml").model]
    report = market(rules, profiles, DAY, horizons=[6, 0])
    assert [(h.months, h.date) for h in report.horizons] == [(0, DAY), (6, dt.date(2026, 12, 1))]
    assert all(h.sets == [] and [r.id for r in h.unmet] == ["M-LAW"] for h in report.horizons)


def test_a_requirement_met_by_no_provider_is_listed_apart():
    found = infeasible(
        {"p": {"A": "met", "B": "gap"}, "q": {"A": "unknown", "B": "partial"}}, ["A", "B"]
    )
    assert found.unmet == ["B"] and found.sets == []
    # Not applicable to anyone: not considered at all.
    found = infeasible({"p": {"A": "not_applicable"}, "q": {"A": "not_applicable"}}, ["A"])
    assert (found.unmet, found.met_by) == ([], {})


def test_requirements_met_by_the_same_providers_form_one_class():
    by = {
        "p": {"A": "met", "A2": "met", "B": "gap", "C": "met"},
        "q": {"A": "gap", "A2": "unknown", "B": "met", "C": "met"},
    }
    found = infeasible(by, ["A", "B", "A2", "C"])
    assert found.sets == [(("A", "A2"), ("B",))]  # one set, not A+B and A2+B; C is met by all
    assert found.classes == 2


def _brute(by, rule_ids):
    """Every subset, checked against the definition: the reference for the fast search."""
    meets = {r: {p for p in by if by[p].get(r) == "met"} for r in rule_ids}
    candidates = [r for r in rule_ids if meets[r]]
    everyone = set(by)

    def together(rules):
        return everyone.intersection(*(meets[r] for r in rules))

    out = set()
    for size in range(2, len(candidates) + 1):
        for combo in itertools.combinations(candidates, size):
            if not together(combo) and all(
                together(combo[:i] + combo[i + 1 :]) for i in range(size)
            ):
                out.add(frozenset(combo))
    return out


@pytest.mark.parametrize("seed", range(40))
def test_the_search_is_exact_on_random_markets(seed):
    rng = random.Random(seed)
    providers = [f"p{i}" for i in range(rng.randint(1, 5))]
    rule_ids = [f"R{i}" for i in range(rng.randint(1, 9))]
    by = {p: {r: rng.choice(["met", "met", "gap", "unknown"]) for r in rule_ids} for p in providers}
    found = infeasible(by, rule_ids)
    expanded = {frozenset(combo) for s in found.sets for combo in itertools.product(*s)}
    assert expanded == _brute(by, rule_ids)
    assert sum(len(list(itertools.product(*s))) for s in found.sets) == len(expanded)
    assert all(len(s) <= len(providers) for s in found.sets)


def test_markdown_is_deterministic_and_titled(small_market):
    rules, profiles = small_market
    first = render(market(rules, profiles, DAY, horizons=[0, 6]))
    assert first == render(market(rules, profiles, DAY, horizons=[0, 6]))
    assert first.startswith("## Market infeasibility\n")
    assert "1. Gamma Cloud meets M-DATA and M-LAW;" in first
    assert "### +6 months (2026-12-01)" in first
    assert "Demonstration" not in first


def test_a_reconstruction_is_marked():
    from compliance import inputs

    pool = inputs.rulesets(["rules", "rules/hdh/hdh.yaml@r0"])
    hdh = [(r, rev) for r, rev in pool if r.model.id == "hdh"]
    support = [(r, rev) for r, rev in pool if r.model.id != "hdh"]
    profile = load_profile("providers/ovhcloud.yaml").model
    report = market(hdh, [profile], dt.date(2023, 12, 13), support=support)
    assert report.reconstructed == ["hdh"] and report.rulesets[0].revision == "r0"
    assert "**Demonstration, not a finding:**" in render(report)
