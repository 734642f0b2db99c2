"""A profile as it stood at a date, and as far as evidence of a given confidence shows it.

Both are views of the same validated profile, so every derivation (``scopes``) works on single
facts: a fact written as a list of dated values becomes the one in force at the date (or nothing),
and dated records (shareholders, subcontractors, parents, services) outside their period are left
out. ``at_confidence`` drops every fact and record whose confidence is weaker than a floor — how
``--min-confidence`` and the confidence of each verdict are computed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from compliance.models.base import Model
from compliance.models.common import CONFIDENCE_ORDER, Dated, _Fact
from compliance.models.profile import ProviderProfile, Service

_GROUPS = ("organisation", "operations", "contract")
_RANK = {c: i for i, c in enumerate(CONFIDENCE_ORDER)}  # 0: the strongest
_RECORD_LISTS = ("shareholders", "subcontractors")  # several records at once, each dated
_NOT_FACTS = ("sources", "metadata")  # fields of a profile that confidence views leave alone


def in_force(value: Any, day: dt.date) -> Any:
    """The fact (or dated record) of ``value`` in force on ``day``: lists are resolved."""
    if isinstance(value, list):  # a fact written as dated values (maybe all pruned away)
        current = [v for v in value if v.holds_on(day)]
        return current[0] if current else None
    if isinstance(value, Dated) and not value.holds_on(day):
        return None
    return value


def _service_exists(service: Service, day: dt.date) -> bool:
    return (service.available_from is None or service.available_from <= day) and (
        service.available_until is None or day < service.available_until
    )


# Profiles are frozen, so a view of one can be reused: the evaluation asks for the same (profile,
# day) several times (existence, units, scopes), and for the same profile's confidence levels and
# views at a level several times (the confidence of verdicts, the check that an inference alone
# makes no blocking gap). The key holds the profile itself, so its id cannot be reused while the
# entry lives.
_VIEWS: dict[tuple[str, int, Any], tuple[ProviderProfile, Any]] = {}
_NONE = object()


def _known(kind: str, profile: ProviderProfile, arg: Any) -> Any:
    """What is kept of ``profile`` under ``kind`` and ``arg``, else _NONE."""
    hit = _VIEWS.get((kind, id(profile), arg))
    return hit[1] if hit is not None and hit[0] is profile else _NONE


def _keep(kind: str, profile: ProviderProfile, arg: Any, value: Any) -> None:
    if len(_VIEWS) > 1024:
        _VIEWS.clear()
    _VIEWS[(kind, id(profile), arg)] = (profile, value)


def _view(kind: str, profile: ProviderProfile, arg: Any, make: Any) -> Any:
    value = _known(kind, profile, arg)
    if value is _NONE:
        value = make(profile, arg)
        _keep(kind, profile, arg, value)
    return value


def profile_on(profile: ProviderProfile, day: dt.date) -> ProviderProfile:
    """``profile`` with every dated fact and record resolved on ``day``."""
    view: ProviderProfile = _view("on", profile, day, _resolve_on)
    return view


def _resolve_on(profile: ProviderProfile, day: dt.date) -> ProviderProfile:
    update: dict[str, Any] = {}
    for group_name in _GROUPS:
        group = getattr(profile, group_name)
        changes: dict[str, Any] = {}
        for name in type(group).model_fields:
            value = getattr(group, name)
            if name in _RECORD_LISTS:
                kept = [v for v in value if v.holds_on(day)]
                if len(kept) != len(value):
                    changes[name] = kept
                continue
            resolved = in_force(value, day)
            if resolved is not value:
                changes[name] = resolved
        if changes:
            update[group_name] = group.model_copy(update=changes)
    services = [_service_on(s, day) for s in profile.services if _service_exists(s, day)]
    if len(services) != len(profile.services) or any(
        a is not b for a, b in zip(services, profile.services, strict=False)
    ):
        update["services"] = services
    # Every other dated fact: the completeness of the catalogue, the attestations.
    if in_force(profile.services_complete, day) is not profile.services_complete:
        update["services_complete"] = None
    attested = {k: v for k, v in profile.attestations.items() if v.holds_on(day)}
    if len(attested) != len(profile.attestations):
        update["attestations"] = attested
    return profile.model_copy(update=update) if update else profile


def _service_on(service: Service, day: dt.date) -> Service:
    complete = service.dependencies_complete
    if complete is not None and not complete.holds_on(day):
        return service.model_copy(update={"dependencies_complete": None})
    return service


def confidence_of(profile: ProviderProfile, record: Any) -> str:
    """The confidence of a fact or record: its own, else its source's."""
    own = getattr(record, "confidence", None)
    if own:
        return own
    source = profile.sources.get(record.source)
    return source.confidence if source else CONFIDENCE_ORDER[-1]


def at_confidence(profile: ProviderProfile, floor: str) -> ProviderProfile:
    """``profile`` without the facts and records whose confidence is weaker than ``floor``."""
    view: ProviderProfile = _view("at", profile, floor, _prune)
    if view is not profile:
        _keep("floor", view, None, floor)  # the weakest confidence the view can hold
    return view


def has_inferences(profile: ProviderProfile) -> bool:
    """Whether some fact or record of ``profile`` is an inference: never in a view at a stronger
    level (at_confidence), which is not walked for it."""
    floor = _known("floor", profile, None)
    if floor is not _NONE and floor != CONFIDENCE_ORDER[-1]:
        return False
    return CONFIDENCE_ORDER[-1] in confidences_in(profile)


def _prune(profile: ProviderProfile, floor: str) -> ProviderProfile:
    return prune(profile, floor, _weakest(profile)[0])


def prune(profile: ProviderProfile, floor: str, weakest: Mapping[int, int]) -> ProviderProfile:
    """at_confidence's view, made by a walk that leaves alone every part of ``profile`` that
    ``weakest`` (the rank of the weakest record within each part, by identity: _weakest) shows
    holds nothing weaker than ``floor``. A map that says "weakest" of everything walks it all."""
    limit = _RANK[floor]
    if limit == len(CONFIDENCE_ORDER) - 1:
        return profile

    def ok(record: Any) -> bool:
        return _RANK[confidence_of(profile, record)] <= limit

    def walk(node: Any) -> Any:
        if weakest.get(id(node), -1) <= limit:
            return node
        if isinstance(node, list):
            return [walk(v) for v in node if not _sourced(v) or ok(v)]
        if isinstance(node, dict):
            return {k: walk(v) for k, v in node.items() if not _sourced(v) or ok(v)}
        if not isinstance(node, Model) or isinstance(node, _Fact):
            return node
        changes: dict[str, Any] = {}
        for name in type(node).model_fields:
            value = getattr(node, name)
            if name in _NOT_FACTS:
                continue
            if _sourced(value) and not ok(value):
                changes[name] = None
            elif isinstance(value, list | dict | Model):
                pruned = walk(value)
                if pruned is not value:
                    changes[name] = pruned
        return node.model_copy(update=changes) if changes else node

    return _reopen(profile, walk(profile))


def _reopen(full: ProviderProfile, pruned: ProviderProfile) -> ProviderProfile:
    """A list that lost items is no longer known to be complete: drop its completeness (and the
    registers, when a service or a certificate went), so that nothing reads a shortened list as
    the whole one."""
    org, before = pruned.organisation, full.organisation
    changes: dict[str, Any] = {}
    for name in ("shareholders", "subcontractors"):
        if len(getattr(org, name)) != len(getattr(before, name)):
            changes[f"{name}_complete"] = None
    update: dict[str, Any] = {"organisation": org.model_copy(update=changes)} if changes else {}
    certs = sum(len(s.certifications) for s in full.services)
    if (
        len(pruned.services) != len(full.services)
        or sum(len(s.certifications) for s in pruned.services) != certs
    ):
        update.update(services_complete=None, registers=[])
    kept = {s.id: s for s in full.services}
    services = [
        s.model_copy(update={"dependencies_complete": None})
        if len(s.dependencies) != len(kept[s.id].dependencies)
        else s
        for s in pruned.services
    ]
    if any(a is not b for a, b in zip(services, pruned.services, strict=True)):
        update["services"] = services
    return pruned.model_copy(update=update) if update else pruned


def _sourced(value: Any) -> bool:
    return isinstance(value, Model) and isinstance(getattr(value, "source", None), str)


def confidences_in(profile: ProviderProfile) -> frozenset[str]:
    """The confidence levels that some fact or record of ``profile`` has."""
    return _weakest(profile)[1]


def _weakest(profile: ProviderProfile) -> tuple[dict[int, int], frozenset[str]]:
    """Per list, mapping and record of ``profile`` (by identity, the profile kept with it):
    the rank of the weakest fact or record within it (-1: none), and the levels found. One
    walk per profile: its views at each level (the confidence of verdicts) skip the parts
    with nothing to drop, which walking whole was two fifths of the confidence work."""
    value: tuple[dict[int, int], frozenset[str]] = _view("weakest", profile, None, _walk_ranks)
    return value


def _walk_ranks(profile: ProviderProfile, _: None) -> tuple[dict[int, int], frozenset[str]]:
    weakest: dict[int, int] = {}
    levels: set[str] = set()

    def walk(node: Any) -> int:
        worst = -1
        if _sourced(node):
            level = confidence_of(profile, node)
            levels.add(level)
            worst = _RANK[level]
        if isinstance(node, list):
            children: Any = node
        elif isinstance(node, dict):
            children = node.values()
        elif isinstance(node, Model) and not isinstance(node, _Fact):
            children = [
                getattr(node, name) for name in type(node).model_fields if name not in _NOT_FACTS
            ]
        else:
            return worst
        for child in children:
            worst = max(worst, walk(child))
        weakest[id(node)] = worst
        return worst

    walk(profile)
    return weakest, frozenset(levels)
