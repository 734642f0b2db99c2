"""Consistency of a valid profile: what an analyst reviewing a merge request would flag.

Each check returns located problems (exit 2 like any bad input), all at once: sources dated after
the profile's ``as_of`` or an ``as_of`` in the future; listed shares adding up to more than 100 %
at some date; ids of services named by subcontractors, offers and registers that do not exist;
overlapping periods of one dated fact or one holder; certifications attested before they were
obtained, or still ``held`` by a source dated after their expiry; a provider that ends before it
starts, a service withdrawn before it opens.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from compliance.errors import Problem, did_you_mean
from compliance.language.snapshot import in_force
from compliance.models.common import Dated
from compliance.models.profile import ProviderProfile, Shareholder
from compliance.reading.document import Document, Path


def profile_problems(doc: Document, profile: ProviderProfile, today: dt.date) -> list[Problem]:
    problems: list[Problem] = []

    def add(path: Path, message: str, key: bool = False) -> None:
        problems.append(doc.problem(path, message, key=key))

    if profile.as_of > today:
        add(("as_of",), f"as_of {profile.as_of} is in the future (today is {today})")
    for sid, source in profile.sources.items():
        if source.date > profile.as_of:
            add(
                ("sources", sid, "date"),
                f"source '{sid}' is dated {source.date}, after the "
                f"profile's as_of {profile.as_of}: raise as_of to the date the facts were checked",
            )
    ids = [s.id for s in profile.services]
    _service_refs(profile, ids, add)
    _shares(profile, add)
    _periods(profile, add)
    _certifications(profile, add)
    _lifetimes(profile, add)
    return problems


def _service_refs(profile: ProviderProfile, ids: list[str], add: Any) -> None:
    def check(path: Path, named: Iterable[str]) -> None:
        for j, sid in enumerate(named):
            if sid not in ids:
                add(path + (j,), f"unknown service '{sid}'" + did_you_mean(sid, ids))

    for i, sub in enumerate(profile.organisation.subcontractors):
        check(("organisation", "subcontractors", i, "services"), sub.services)
    seen: set[str] = set()
    for i, offer in enumerate(profile.offers):
        check(("offers", i, "services"), offer.services)
        if offer.id in seen:
            add(("offers", i, "id"), f"duplicate offer id '{offer.id}'")
        seen.add(offer.id)


def _boundaries(records: Iterable[Dated]) -> list[dt.date]:
    """The days on which the set of records in force can change (plus the earliest day)."""
    days = {dt.date.min}
    for r in records:
        days.update(d for d in (r.valid_from, r.valid_until) if d)
    return sorted(days)


def _shares(profile: ProviderProfile, add: Any) -> None:
    holders: list[Shareholder] = profile.organisation.shareholders
    for attr in ("capital_share", "voting_share"):
        for day in _boundaries(holders):
            current = [
                (i, h)
                for i, h in enumerate(holders)
                if h.holds_on(day) and getattr(h, attr) is not None
            ]
            total = sum((getattr(h, attr) for _, h in current), Decimal(0))
            complete = in_force(profile.organisation.shareholders_complete, day)
            every = all(getattr(h, attr) is not None for h in holders if h.holds_on(day))
            if complete is not None and complete.value and every and current and total < 100:
                add(
                    ("organisation", "shareholders_complete"),
                    f"the list is marked complete but its {attr.replace('_', ' ')}s add up to "
                    f"{total} %"
                    + ("" if day == dt.date.min else f" on {day}")
                    + ": list the rest, or do not mark it complete",
                )
                break
            if total > 100:
                when = "" if day == dt.date.min else f" on {day}"
                add(
                    ("organisation", "shareholders", current[-1][0], attr),
                    f"listed {attr.replace('_', ' ')}s add up to {total} %{when}, more than "
                    f"100 %: {', '.join(h.name for _, h in current)}",
                )
                break


def _lifetimes(profile: ProviderProfile, add: Any) -> None:
    """The provider ends after it starts; services are withdrawn after they open; one holder is
    not listed twice for the same period."""
    org = profile.organisation
    ended = org.ended.value if org.ended else None
    for name in ("founded", "launched"):
        start = getattr(org, name)
        if ended and start and ended <= start.value:
            add(("organisation", "ended"), f"ended {ended}, not after {name} {start.value}")
    for i, service in enumerate(profile.services):
        if (
            service.available_from
            and service.available_until
            and service.available_until <= service.available_from
        ):
            add(
                ("services", i, "available_until"),
                f"'available_until' must come after 'available_from' ({service.available_from})",
            )
    holders = org.shareholders
    for j, a in enumerate(holders):
        for k in range(j):
            if holders[k].name == a.name and _overlap(a, holders[k]):
                add(
                    ("organisation", "shareholders", j, "name"),
                    f"holder '{a.name}' is listed twice for the same period (item {k + 1}): "
                    "date each record with valid_from/valid_until",
                )


def _periods(profile: ProviderProfile, add: Any) -> None:
    for group_name in ("organisation", "operations", "contract"):
        group = getattr(profile, group_name)
        for name in type(group).model_fields:
            value = getattr(group, name)
            if not (isinstance(value, list) and value and isinstance(value[0], Dated)):
                continue
            if name in ("shareholders", "subcontractors"):
                continue  # several at once is the point of a list of holders
            for j, a in enumerate(value):
                for k in range(j):
                    b = value[k]
                    if _overlap(a, b):
                        add(
                            (group_name, name, j),
                            f"periods of '{name}' overlap (with item {k + 1}): give each "
                            "value a valid_from/valid_until that the others do not cover",
                        )


def _overlap(a: Dated, b: Dated) -> bool:
    start = max(a.valid_from or dt.date.min, b.valid_from or dt.date.min)
    end = min(a.valid_until or dt.date.max, b.valid_until or dt.date.max)
    return start < end


def _certifications(profile: ProviderProfile, add: Any) -> None:
    for i, service in enumerate(profile.services):
        for j, cert in enumerate(service.certifications):
            source = profile.sources.get(cert.source)
            if source is None:
                continue
            path: Path = ("services", i, "certifications", j)
            if cert.status == "held" and cert.obtained and cert.obtained > source.date:
                add(
                    path + ("obtained",),
                    f"obtained {cert.obtained}, after the date of its "
                    f"source '{cert.source}' ({source.date}): a source cannot attest it yet",
                )
            if cert.status == "held" and cert.expires and cert.expires <= source.date:
                add(
                    path + ("status",),
                    f"'held', but it expired on {cert.expires}, before its "
                    f"source '{cert.source}' ({source.date}): write status 'ended'",
                )
