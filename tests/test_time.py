"""Golden outputs of the time features: horizons and commitments, derogations, diff, history,
compare. Regenerate after an intended change with UPDATE_GOLDEN=1."""

import datetime as dt
import os
from pathlib import Path

import pytest

from compliance.analyses.compare import compare
from compliance.analyses.diff import diff
from compliance.analyses.history import history
from compliance.engine.evaluate import evaluate
from compliance.formats import compare as compare_md
from compliance.formats import diff as diff_md
from compliance.formats import history as history_md
from compliance.formats import json as json_format
from compliance.formats import markdown
from compliance.reading.derogations import load_derogation
from compliance.reading.load import load_profile, load_ruleset

GOLDEN = Path(__file__).parent / "golden"
RULES = load_ruleset(str(GOLDEN / "golden-rules.yaml"))
REVISED = load_ruleset(str(GOLDEN / "golden-revisions.yaml"))
CLOUD = load_profile(str(GOLDEN / "golden-cloud.yaml")).model
ROADMAP = load_profile(str(GOLDEN / "golden-roadmap.yaml")).model
WAIVER = load_derogation(str(GOLDEN / "golden-waiver.yaml"))


def _check(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def _horizons():
    return evaluate(
        [(REVISED, None)],
        ROADMAP,
        dt.date(2024, 2, 1),
        horizons=[0, 6, 12, 18],
        support=[(RULES, None)],
    )


def test_horizons_golden():
    report = _horizons()
    _check("horizons.md", markdown.render(report))
    _check("horizons.json", json_format.render(report))


def test_a_commitment_closes_the_gap_at_its_target_and_slips_after_it():
    result = {r.rule: r for r in _horizons().results}["V-2"]
    # announced on 2024-01-15 for 2024-09-30: on 2024-02-01 nobody knows; the +6 months horizon
    # (2024-08-01) is before the target; from +12 months the commitment counts
    assert [h.status for h in result.horizons] == ["unknown", "unknown", "met", "met"]
    assert str(result.closing.date) == "2024-09-30"
    assert result.closing.commitments == ["paas: secnumcloud 3.2 by 2024-09-30"]
    later = evaluate([(REVISED, None)], ROADMAP, dt.date(2024, 11, 1), horizons=[0, 6])
    assert later.commitments[0].state == "slipped"
    assert {r.rule: r for r in later.results}["V-2"].closing is None


def test_derogation_golden_and_flip():
    during = evaluate([(RULES, None)], CLOUD, dt.date(2026, 1, 15), derogations=[WAIVER])
    _check("waived.md", markdown.render(during))
    after = evaluate([(RULES, None)], CLOUD, dt.date(2026, 3, 1), derogations=[WAIVER])
    assert {r.rule: r.status for r in during.results}["G-1"] == "waived"
    assert {r.rule: r.status for r in after.results}["G-1"] == "gap"
    assert after.derogations[0].state == "expired"


def test_diff_golden():
    result = diff(REVISED, "r0", REVISED, "r2")
    assert (result.a.rules, result.b.rules) == (2, 2)
    assert [e.rule for e in result.added] == ["V-2"] and [e.rule for e in result.removed] == ["V-1"]
    assert [e.rule for e in result.changed] == ["V-2"] or not result.changed
    _check("diff.md", diff_md.render(result))
    _check("diff.json", json_format.render(result))


def test_history_golden():
    result = history(REVISED, [CLOUD, ROADMAP], dt.date(2025, 1, 1), support=[(RULES, None)])
    assert [p.rules for p in result.providers[0].points] == [2, 3, 2]
    _check("history.md", history_md.render(result))
    _check("history.json", json_format.render(result))


@pytest.mark.parametrize("fmt", ["md", "json"])
def test_compare_golden(fmt):
    reports = [
        evaluate([(RULES, None)], p, dt.date(2025, 1, 1), horizons=[0, 12])
        for p in (CLOUD, ROADMAP)
    ]
    result = compare(reports)
    render = compare_md.render if fmt == "md" else json_format.render
    _check(f"compare.{fmt}", render(result))


@pytest.mark.parametrize(
    ("at", "months"), [("2023-12-13", 0), ("2024-06-01", 12), ("2026-11-22", 0), ("2026-11-22", 18)]
)
def test_a_units_scope_made_from_the_providers_is_the_one_built_from_scratch(at, months):
    """Per-service and per-offer rules are judged on each unit's scope, which the engine makes
    from the provider's own scope (scopes.within): it must be what profile_scope builds from
    the profile reduced to the unit, fact by fact and item by item."""
    from compliance.engine.evaluate import Moment, Plan, restrict
    from compliance.engine.results import Context
    from compliance.engine.scopes import profile_scope, within
    from compliance.engine.timeline import add_months
    from compliance.language.snapshot import profile_on
    from compliance.models.profile import Subcontractor
    from compliance.reading.load import load_profile, yaml_files

    day = dt.date.fromisoformat(at)
    when = add_months(day, months)
    compared = 0
    profiles = [load_profile(path).model for path in yaml_files(["providers"])]
    # And a US subcontractor with access to data, involved in one service only: the facts
    # derived from subcontractors then differ from unit to unit.
    ovh = next(p for p in profiles if p.id == "ovhcloud")
    us = Subcontractor(
        name="US operator",
        country="US",
        controlled_from="US",
        role="Operates one service.",
        services=[min(ovh.services, key=lambda s: s.available_from or dt.date.min).id],
        customer_data_access=True,
        source=next(iter(ovh.sources)),
    )
    org = ovh.organisation
    profiles.append(
        ovh.model_copy(update={"organisation": org.model_copy(update={"subcontractors": [us]})})
    )
    for profile in profiles:
        path = profile.id
        moment = Moment(Plan.build([], Context()), profile, day, when)
        for units in moment.units.values():
            for _uid, services in units:
                made = within(moment.scope, restrict(profile_on(profile, when), services), when)
                built = profile_scope(restrict(profile, services), day, when)
                assert made == built, (path, services)
                compared += 1
    assert compared > 30
