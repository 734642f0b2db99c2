"""Market infeasibility: the minimal sets of requirements that each provider of the market can
meet alone but that no provider meets together (the "shaker" claim made checkable).

A set S is reported when every requirement of S is met by some provider, no provider meets all
of S, and every proper subset of S is met together by some provider. Requirements met by exactly
the same providers are interchangeable here: they form one *class*, and a set is reported with
its classes ("any one of these N requirements"), never as the product of their combinations.

Exact and fast: with each class's providers as a bitmask, S is infeasible when the masks AND to
zero, and minimal when each member has a *witness*, a provider meeting every other member (so a
set has at most as many members as there are providers). The search adds classes in order and
drops a branch as soon as a member loses its last witness, since adding members never gives one
back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from compliance import i18n
from compliance.engine.evaluate import Plan, RuleSets, in_scope, statuses
from compliance.engine.results import Context, RuleSetRef, reconstructed
from compliance.engine.timeline import add_months
from compliance.i18n import _, ngettext
from compliance.language.snapshot import at_confidence
from compliance.models.base import Field, Model
from compliance.models.common import UntranslatedTitle
from compliance.models.profile import ProviderProfile

# Statuses that say nothing about meeting the requirement: not_applicable (not in the context,
# or the provider did not exist yet) and answered (graded criteria, which have levels).
_SILENT = ("not_applicable", "answered")


@dataclass(frozen=True)
class Infeasibility:
    """What ``infeasible`` finds, in rule ids and provider ids (input order throughout)."""

    sets: list[tuple[tuple[str, ...], ...]]  # each set: its classes, each a tuple of rule ids
    unmet: list[str]  # met by no provider (infeasible alone; not a "shaker" set)
    met_by: dict[str, tuple[str, ...]]  # every rule considered: the providers meeting it
    classes: int  # classes of requirements met by some but not all providers


def infeasible(
    by_provider: Mapping[str, Mapping[str, str]], rule_ids: Sequence[str]
) -> Infeasibility:
    """The minimal infeasible sets of ``rule_ids`` given each provider's statuses (rule id ->
    status; only "met" meets). Rules silent for every provider (not applicable) are left out."""
    providers = list(by_provider)
    full = (1 << len(providers)) - 1
    masks: dict[str, int] = {}
    for rule in rule_ids:
        found = [by_provider[p].get(rule, "not_applicable") for p in providers]
        if all(s in _SILENT for s in found):
            continue
        masks[rule] = sum(1 << i for i, s in enumerate(found) if s == "met")
    met_by = {r: tuple(p for i, p in enumerate(providers) if m >> i & 1) for r, m in masks.items()}
    unmet = [r for r, m in masks.items() if m == 0]
    # A class is met by some but not all providers: one met by all never makes a set infeasible.
    grouped: dict[int, list[str]] = {}
    for rule, mask in masks.items():
        if 0 < mask < full:
            grouped.setdefault(mask, []).append(rule)
    classes = list(grouped.values())  # ordered by their first requirement
    fails = [full & ~mask for mask in grouped]  # providers not meeting each class
    reach = [0] * (len(fails) + 1)  # reach[i]: providers failing some class from i on
    for i in range(len(fails) - 1, -1, -1):
        reach[i] = reach[i + 1] | fails[i]

    found_sets: list[tuple[int, ...]] = []

    def extend(start: int, chosen: tuple[int, ...], covered: int, own: tuple[int, ...]) -> None:
        # covered: providers failing some chosen class; own[j]: witnesses of chosen[j], the
        # providers failing it and no other chosen class.
        if covered | reach[start] != full:
            return
        for c in range(start, len(fails)):
            new = fails[c] & ~covered
            if not new:
                continue  # c would have no witness, now or later
            kept = tuple(w & ~fails[c] for w in own)
            if not all(kept):
                continue  # an earlier member would lose its last witness
            if covered | fails[c] == full:
                found_sets.append((*chosen, c))
            else:
                extend(c + 1, (*chosen, c), covered | fails[c], (*kept, new))

    if classes:
        extend(0, (), 0, ())
    found_sets.sort(key=lambda s: (len(s), s))
    return Infeasibility(
        sets=[tuple(tuple(classes[c]) for c in s) for s in found_sets],
        unmet=unmet,
        met_by=met_by,
        classes=len(classes),
    )


# --- the report -----------------------------------------------------------------------------


class Requirement(Model):
    id: str
    ruleset: str
    title: str
    untranslated: UntranslatedTitle


class Member(Model):
    """A member of a minimal set: one requirement, or a class of requirements met by exactly
    the same providers (meeting any one of them is the same, here)."""

    requirements: list[Requirement] = Field(description="Any one of these (a class).")
    met_by: list[str] = Field(description="Providers meeting it (ids).")
    meets_the_others: list[str] = Field(
        description="Providers meeting every other member of the set: why it is minimal."
    )


class InfeasibleSet(Model):
    members: list[Member]
    message: str = Field(description="The set in words.")


class MarketHorizon(Model):
    months: int = Field(description="Months after the evaluation date.")
    date: dt.date
    considered: int = Field(description="Requirements applicable to some provider.")
    classes: int = Field(description="Classes of requirements met by some but not all providers.")
    sets: list[InfeasibleSet] = Field(description="Minimal infeasible sets, smallest first.")
    unmet: list[Requirement] = Field(description="Requirements met by no provider.")


class ProviderName(Model):
    id: str
    name: str


class MarketReport(Model):
    evaluated_at: dt.date
    reconstructed: list[str] = Field(
        description="Rule sets used that are reconstructions or illustrations (not findings)."
    )
    rulesets: list[RuleSetRef]
    providers: list[ProviderName]
    horizons: list[MarketHorizon]


def _names(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) == 1:
        return items[0]
    return _("%(items)s and %(last)s", items=", ".join(items[:-1]), last=items[-1])


def _label(rules: Sequence[str]) -> str:
    if len(rules) == 1:
        return rules[0]
    if len(rules) <= 3:
        return _("one of %(rules)s", rules=", ".join(rules))
    return _(
        "any of %(count)s requirements met by the same providers (%(first)s, %(second)s, …)",
        count=len(rules),
        first=rules[0],
        second=rules[1],
    )


def _set(
    classes: tuple[tuple[str, ...], ...],
    found: Infeasibility,
    names: Mapping[str, str],
    rules: Mapping[str, tuple[str, str, list[Literal["title"]]]],
) -> InfeasibleSet:
    meeting = [set(found.met_by[c[0]]) for c in classes]
    members, clauses = [], []
    for i, cls in enumerate(classes):
        others = set.intersection(*(m for j, m in enumerate(meeting) if j != i))
        witnesses = [p for p in names if p in others]
        members.append(
            Member(
                requirements=[
                    Requirement(
                        id=r, ruleset=rules[r][0], title=rules[r][1], untranslated=rules[r][2]
                    )
                    for r in cls
                ],
                met_by=list(found.met_by[cls[0]]),
                meets_the_others=witnesses,
            )
        )
        rest = [_label(c) for j, c in enumerate(classes) if j != i]
        clauses.append(
            ngettext(
                "%(who)s meets %(what)s",
                "%(who)s meet %(what)s",
                len(witnesses),
                who=_names([names[p] for p in witnesses]),
                what=_names(rest),
            )
        )
    # Pairs read best the other way round: "OVHcloud meets A, Azure meets B".
    if len(classes) == 2:
        clauses.reverse()
    message = _(
        "%(clauses)s; no provider meets %(all)s together",
        clauses="; ".join(clauses),
        all=_names([_label(c) for c in classes]),
    )
    return InfeasibleSet(members=members, message=message)


def market(
    rulesets: RuleSets,
    profiles: Sequence[ProviderProfile],
    at: dt.date,
    horizons: Sequence[int] = (),
    context: Context | None = None,
    support: RuleSets = (),
) -> MarketReport:
    """Minimal infeasible sets of the active rules of ``rulesets`` over ``profiles``, at ``at``
    and ``horizons`` months after it. ``support`` rule sets only resolve {rule: ...} references."""
    context = context or Context()
    plan = Plan.build(rulesets, context, support)
    rules = {c.rule.id: (ruleset_id, *i18n.title(c.rule)) for ruleset_id, c, _ in plan.rules}
    scoped = []
    for profile in profiles:
        view = in_scope(profile, context)
        scoped.append(
            at_confidence(view, context.min_confidence) if context.min_confidence else view
        )
    names = {p.id: p.name for p in profiles}
    out = []
    for months in sorted(set(horizons) | {0}):
        when = add_months(at, months)
        found = infeasible({p.id: statuses(plan, p, at, when) for p in scoped}, list(rules))
        out.append(
            MarketHorizon(
                months=months,
                date=when,
                considered=len(found.met_by),
                classes=found.classes,
                sets=[_set(s, found, names, rules) for s in found.sets],
                unmet=[
                    Requirement(
                        id=r, ruleset=rules[r][0], title=rules[r][1], untranslated=rules[r][2]
                    )
                    for r in found.unmet
                ],
            )
        )
    return MarketReport(
        evaluated_at=at,
        reconstructed=reconstructed(rulesets),
        rulesets=RuleSetRef.all_of(rulesets),
        providers=[ProviderName(id=p.id, name=p.name) for p in profiles],
        horizons=out,
    )
