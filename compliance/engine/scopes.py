"""A profile's facts at a date: base facts from the YAML, and the derived facts of the
catalogue (establishment in the EU, non-EU holdings and control, access by non-EU
subcontractors, exposure to US law, certifications valid at the date)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import Any

from compliance import i18n
from compliance.countries import members
from compliance.engine.certifications import _holds, _valid_certs, counts_commitment
from compliance.language.catalogue import Bound, Collection, Known, Scope
from compliance.language.snapshot import profile_on
from compliance.models.common import CountriesFact, _Fact
from compliance.models.profile import (
    Certification,
    Dependency,
    ProviderProfile,
    Service,
    Shareholder,
    Subcontractor,
)


def _note(fact: _Fact) -> str:
    """The analyst's note, and a fact-level confidence override, shown in traces."""
    parts = (
        [i18n._("confidence: %(level)s", level=i18n.term("confidence", fact.confidence))]
        if fact.confidence
        else []
    )
    return "; ".join(parts + ([" ".join(fact.note.split())] if fact.note else []))


def _fact(fact: _Fact | None, transform: Callable[[Any], Any] = lambda v: v) -> Known | None:
    if fact is None:
        return None
    return Known(transform(fact.value), (fact.source,), _note(fact))


_SEATS = (
    i18n.N_("registered office"),
    i18n.N_("central administration"),
    i18n.N_("principal establishment"),
)


def _seats(org: Any) -> dict[str, Any]:
    """The three places of establishment, by their names in the run's language."""
    return {
        i18n._(name): fact
        for name, fact in zip(
            _SEATS,
            (org.registered_office, org.central_administration, org.principal_establishment),
            strict=True,
        )
    }


def _established_in_eu(profile: ProviderProfile, eu: frozenset[str]) -> Known | None:
    named = _seats(profile.organisation)
    outside = {k: f for k, f in named.items() if f is not None and f.value not in eu}
    if outside:
        return Known(
            False,
            tuple(f.source for f in outside.values()),
            ", ".join(
                i18n._("%(what)s in %(country)s", what=k, country=f.value)
                + (f" [{_note(f)}]" if f.confidence else "")
                for k, f in outside.items()
            ),
        )
    if all(named.values()):
        return Known(
            True, tuple(f.source for f in named.values() if f), i18n._("all three in the EU")
        )
    missing = ", ".join(k for k, f in named.items() if f is None)
    return Known(
        None, tuple(f.source for f in named.values() if f), i18n._("%(what)s unknown", what=missing)
    )


_HUNDRED = Decimal(100)


def share_bounds(
    holders: list[Shareholder], attr: str, complete: bool, eu: frozenset[str]
) -> tuple[Bound, Bound]:
    """Bounds of the (largest, total) share held outside the EU, from what is listed.

    Listed non-EU holdings give lower bounds. What the list does not say — unlisted holders (an
    open list) and listed holders without a figure — together hold at most 100 minus the shares
    listed, all of which could be non-EU: that gives the upper bounds. Exact decimals throughout.
    """
    known = [getattr(h, attr) for h in holders if getattr(h, attr) is not None]
    residual = max(_HUNDRED - sum(known, Decimal(0)), Decimal(0))
    foreign = [h for h in holders if h.country not in eu]
    foreign_known = [getattr(h, attr) for h in foreign if getattr(h, attr) is not None]
    lo_total = sum(foreign_known, Decimal(0))
    lo_largest = max(foreign_known, default=Decimal(0))
    # What could still be non-EU: a foreign holder without a figure, or anyone unlisted.
    undecided = not complete or any(getattr(h, attr) is None for h in foreign)
    if not undecided or residual == 0:
        return Bound(lo_largest, lo_largest), Bound(lo_total, lo_total)
    return (Bound(lo_largest, max(lo_largest, residual)), Bound(lo_total, lo_total + residual))


def _share_facts(
    profile: ProviderProfile, attr: str, eu: frozenset[str]
) -> tuple[Known | None, Known | None]:
    """(largest, total) non-EU share of capital or votes; see the Spec descriptions."""
    org = profile.organisation
    complete = org.shareholders_complete is not None and org.shareholders_complete.value
    largest, total = share_bounds(org.shareholders, attr, bool(complete), eu)
    foreign = [h for h in org.shareholders if h.country not in eu]
    sources = tuple(h.source for h in org.shareholders)
    if org.shareholders_complete is not None:
        sources += (org.shareholders_complete.source,)
    sources = tuple(dict.fromkeys(sources))
    names = ", ".join(f"{h.name} ({h.country})" for h in foreign) or i18n._(
        "no non-EU holder listed"
    )

    def known(bound: Bound, what: str) -> Known:
        if bound.lo == bound.hi:
            return Known(bound.lo, sources, names)
        why = (
            i18n._("shareholder list not complete") if not complete else i18n._("a share not given")
        )
        return Known(
            bound if bound.hi is not None else Bound(bound.lo, None),
            sources,
            f"{names}; {i18n._(what)} {bound} ({why})",
        )

    if not org.shareholders and not complete:
        return None, None
    return known(largest, i18n.N_("largest")), known(total, i18n.N_("total"))


def _non_eu_control(profile: ProviderProfile, eu: frozenset[str]) -> Known | None:
    org = profile.organisation
    holders = [h for h in org.shareholders if h.country not in eu]
    controlling = [h for h in holders if h.veto_right or h.appoints_board_majority]
    if controlling:
        return Known(
            True,
            tuple(h.source for h in controlling),
            ", ".join(f"{h.name} ({h.country})" for h in controlling),
        )
    complete = org.shareholders_complete
    if (
        complete is not None
        and complete.value
        and all(h.veto_right is False and h.appoints_board_majority is False for h in holders)
    ):
        return Known(False, tuple(h.source for h in holders) + (complete.source,))
    return None


def _sub_eu_controlled(sub: Subcontractor | Dependency, eu: frozenset[str]) -> bool | None:
    if sub.country not in eu:
        return False
    if sub.controlled_from is None:
        return None
    return sub.controlled_from in eu


def _sub_data_access(sub: Subcontractor) -> bool | None:
    flags = (sub.customer_data_access, sub.technical_data_access)
    if True in flags:
        return True
    return False if flags == (False, False) else None


def _non_eu_access(
    profile: ProviderProfile, eu: frozenset[str], countries: frozenset[str] | None = None
) -> Known | None:
    """A non-EU (or, with ``countries``, such-country) subcontractor can obtain data."""
    org = profile.organisation
    undecided = False
    for sub in org.subcontractors:
        foreign = (
            _sub_eu_controlled(sub, eu) is False
            if countries is None
            else (sub.country in countries or sub.controlled_from in countries)
        )
        unsure = _sub_eu_controlled(sub, eu) is None if countries is None else False
        access = _sub_data_access(sub)
        if foreign and access:
            return Known(True, (sub.source,), f"{sub.name} ({sub.country})")
        if (foreign or unsure) and access is not False:
            undecided = True
    complete = org.subcontractors_complete
    if complete is not None and complete.value and not undecided:
        return Known(False, tuple(s.source for s in org.subcontractors) + (complete.source,))
    return None


def _us_exposure(profile: ProviderProfile, eu: frozenset[str]) -> Known | None:
    org = profile.organisation
    us = frozenset({"US"})
    hits: list[tuple[str, str]] = []
    for label, fact in _seats(org).items():
        if fact is not None and fact.value == "US":
            hits.append((fact.source, i18n._("%(what)s in the US", what=label)))
    if org.ultimate_parent and org.ultimate_parent.country == "US":
        hits.append(
            (
                org.ultimate_parent.source,
                i18n._("ultimate parent %(name)s", name=org.ultimate_parent.name),
            )
        )
    cap = Decimal(24)
    for h in org.shareholders:
        if h.country == "US" and (
            (h.capital_share or 0) > cap
            or (h.voting_share or 0) > cap
            or h.veto_right
            or h.appoints_board_majority
        ):
            hits.append((h.source, i18n._("holder %(name)s", name=h.name)))
    access = _non_eu_access(profile, eu, us)
    if access is not None and access.value:
        hits.append((access.sources[0], i18n._("subcontractor %(name)s", name=access.note)))
    if hits:
        return Known(True, tuple(dict.fromkeys(s for s, _ in hits)), "; ".join(n for _, n in hits))
    if any(
        h.country == "US"
        and (
            h.capital_share is None
            or h.voting_share is None
            or h.veto_right is None
            or h.appoints_board_majority is None
        )
        for h in org.shareholders
    ):
        return None  # a US holder whose stake or rights are not known could exceed the cap
    parts = [org.registered_office, org.central_administration, org.principal_establishment]
    if (
        all(parts)
        and org.ultimate_parent is not None
        and _non_eu_control(profile, eu) is not None
        and access is not None
    ):
        sources = tuple(p.source for p in parts if p) + (org.ultimate_parent.source,)
        return Known(False, sources + access.sources)
    return None


def _service_scope(
    service: Service,
    profile: ProviderProfile,
    at: dt.date,
    when: dt.date,
    registers: dict[str, Known],
) -> Scope:
    src = (service.source,)
    prefix = f"services[{service.id}]."
    certs = _valid_certs(service, profile, at, when)

    def holds(scheme: str, match: Callable[[Certification], bool]) -> Known:
        known = _holds(certs, match, src, service.id)
        if known.value is None and scheme in registers:  # the register says who holds it
            register = registers[scheme]
            return Known(False, register.sources, register.note)
        return known

    facts: dict[str, Known | None] = {
        "id": Known(service.id, src),
        "name": Known(service.name, src),
        "layer": Known(service.layer, src),
        "category": Known(service.category, src),
        "regions": Known(tuple(service.regions), src) if service.regions else None,
        "countries": Known(tuple(service.countries), src) if service.countries else None,
        "secnumcloud": holds("secnumcloud", lambda c: c.scheme == "secnumcloud"),
        "secnumcloud_3_2": holds(
            "secnumcloud", lambda c: c.scheme == "secnumcloud" and c.version == "3.2"
        ),
        "hds": holds("hds", lambda c: c.scheme == "hds"),
    }
    hds_valid = [c for c, v, _ in certs if c.scheme == "hds" and v]
    # Only when every valid certificate lists its activities: one that does not could cover any.
    facts["hds_activities"] = (
        Known(
            tuple(sorted({a for c in hds_valid for a in c.activities})),
            tuple(c.source for c in hds_valid),
        )
        if hds_valid and all(c.activities for c in hds_valid)
        else None
    )
    items = []
    for cert, valid, note in certs:
        csrc = (cert.source,)
        label = f"{cert.scheme}{' ' + cert.version if cert.version else ''}"
        items.append(
            Scope(
                f"{prefix}certifications[{label}].",
                {
                    "scheme": Known(cert.scheme, csrc),
                    "version": Known(cert.version, csrc) if cert.version else None,
                    "status": Known(cert.status, csrc),
                    "valid": Known(
                        valid, csrc, note, service.id if counts_commitment(cert, valid) else ""
                    ),
                    "activities": Known(tuple(cert.activities), csrc) if cert.activities else None,
                    "level": Known(cert.level, csrc) if cert.level else None,
                    "obtained": Known(cert.obtained, csrc) if cert.obtained else None,
                    "expires": Known(cert.expires, csrc) if cert.expires else None,
                    "target": Known(cert.target, csrc) if cert.target else None,
                },
            )
        )
    eu = members("EU", when)
    deps = [_dependency_scope(d, prefix, eu) for d in service.dependencies]
    facts["non_eu_lock_in"] = _lock_in(service, eu)
    return Scope(
        prefix,
        facts,
        {
            "certifications": Collection(items, None),
            "dependencies": Collection(deps, _fact(service.dependencies_complete)),
        },
    )


def _dependency_scope(d: Dependency, prefix: str, eu: frozenset[str]) -> Scope:
    src = (d.source,)
    opt = partial(_opt, sources=src)
    return Scope(
        f"{prefix}dependencies[{d.product}].",
        {
            "component": Known(d.component, src),
            "product": Known(d.product, src),
            "vendor": Known(d.vendor, src),
            "country": Known(d.country, src),
            "controlled_from": opt(d.controlled_from),
            "eu_controlled": opt(_sub_eu_controlled(d, eu)),
            "open_source": opt(d.open_source),
            "runs_without_vendor": opt(d.runs_without_vendor),
        },
    )


def _lock_in(service: Service, eu: frozenset[str]) -> Known | None:
    """A non-EU-controlled technology the provider cannot run without its vendor."""
    undecided = False
    for d in service.dependencies:
        foreign = _sub_eu_controlled(d, eu)
        if foreign is False and d.runs_without_vendor is False:
            return Known(
                True, (d.source,), f"{d.product} ({d.vendor}, {d.controlled_from or d.country})"
            )
        if foreign is not True and d.runs_without_vendor is not True:
            undecided = True
    complete = service.dependencies_complete
    if complete is not None and complete.value and not undecided:
        return Known(
            False,
            tuple(d.source for d in service.dependencies) + (complete.source,),
            i18n._("every listed technology is EU-controlled or runs without its vendor"),
        )
    return None


def _opt(value: Any, sources: tuple[str, ...]) -> Known | None:
    """A recorded value as a known fact; a value left out stays unknown."""
    return None if value is None else Known(value, sources)


def _shareholder_scope(h: Shareholder, eu: frozenset[str]) -> Scope:
    src = (h.source,)
    return Scope(
        f"organisation.shareholders[{h.name}].",
        {
            "name": Known(h.name, src),
            "country": Known(h.country, src),
            "in_eu": Known(h.country in eu, src),
            "capital_share": _opt(h.capital_share, src),
            "voting_share": _opt(h.voting_share, src),
            "veto_right": _opt(h.veto_right, src),
            "appoints_board_majority": _opt(h.appoints_board_majority, src),
        },
    )


def _subcontractor_scope(s: Subcontractor, eu: frozenset[str]) -> Scope:
    src = (s.source,)
    opt = partial(_opt, sources=src)
    return Scope(
        f"organisation.subcontractors[{s.name}].",
        {
            "name": Known(s.name, src),
            "country": Known(s.country, src),
            "controlled_from": opt(s.controlled_from),
            "eu_controlled": opt(_sub_eu_controlled(s, eu)),
            "role": Known(s.role, src),
            "customer_data_access": opt(s.customer_data_access),
            "technical_data_access": opt(s.technical_data_access),
            "data_access": opt(_sub_data_access(s)),
            "secnumcloud_qualified": opt(s.secnumcloud_qualified),
            "operational_autonomy": opt(s.operational_autonomy),
        },
    )


def profile_scope(profile: ProviderProfile, at: dt.date, when: dt.date | None = None) -> Scope:
    """All facts of ``profile`` evaluated at ``at`` (projected to ``when``, if later)."""
    when = when or at
    profile = profile_on(profile, when)
    eu = members("EU", when)
    org, ops, con = profile.organisation, profile.operations, profile.contract
    facts: dict[str, Known | None] = {}
    for prefix, group in (("organisation", org), ("operations", ops), ("contract", con)):
        for name in type(group).model_fields:
            value = getattr(group, name)
            if isinstance(value, _Fact):
                as_tuple = isinstance(value, CountriesFact)
                facts[f"{prefix}.{name}"] = _fact(value, tuple if as_tuple else (lambda v: v))
    parent = org.ultimate_parent
    facts["organisation.ultimate_parent.country"] = (
        Known(parent.country, (parent.source,)) if parent else None
    )
    facts["organisation.ultimate_parent.in_eu"] = (
        Known(parent.country in eu, (parent.source,)) if parent else None
    )
    facts["organisation.established_in_eu"] = _established_in_eu(profile, eu)
    for kind in ("capital", "voting"):
        largest, total = _share_facts(profile, f"{kind}_share", eu)
        facts[f"organisation.largest_non_eu_{kind}_share"] = largest
        facts[f"organisation.total_non_eu_{kind}_share"] = total
    facts["organisation.non_eu_veto_or_board_control"] = _non_eu_control(profile, eu)
    facts["organisation.non_eu_access_by_subcontractors"] = _non_eu_access(profile, eu)
    facts["organisation.us_law_exposure"] = _us_exposure(profile, eu)
    registers = {}
    for register in profile.registers:  # a register speaks up to its source's date
        checked = profile.sources[register.source].date
        if when <= checked:
            registers[register.scheme] = Known(
                True,
                (register.source,),
                i18n._(
                    "not in the %(scheme)s register as of %(date)s",
                    scheme=register.scheme,
                    date=checked,
                ),
            )
    collections = {
        "services": Collection(
            [_service_scope(s, profile, at, when, registers) for s in profile.services],
            _fact(profile.services_complete),
            registers,
        ),
        "organisation.shareholders": Collection(
            [_shareholder_scope(h, eu) for h in org.shareholders], _fact(org.shareholders_complete)
        ),
        "organisation.subcontractors": Collection(
            [_subcontractor_scope(s, eu) for s in org.subcontractors],
            _fact(org.subcontractors_complete),
        ),
    }
    facts["evaluation_date"] = Known(when, ())
    root = Scope("", facts, collections)
    _date_all(root, when)
    return root


def within(root: Scope, unit: ProviderProfile, when: dt.date) -> Scope:
    """What ``profile_scope`` gives for ``unit``, the provider's profile resolved at ``when``
    and reduced to some services and the subcontractors involved in them (evaluate.restrict),
    made from ``root``, the provider's own scope at the same dates: only the services, the
    subcontractors and the two facts derived from subcontractors differ; everything else is
    the provider's (tests/test_time.py holds the two ways equal on the shipped profiles)."""
    eu = members("EU", when)
    facts = {k: v for k, v in root.facts.items() if k != "attestation"}  # set per rule
    facts["organisation.non_eu_access_by_subcontractors"] = _non_eu_access(unit, eu)
    facts["organisation.us_law_exposure"] = _us_exposure(unit, eu)
    ids = {s.id for s in unit.services}
    services = root.collections["services"]
    subcontractors = root.collections["organisation.subcontractors"]
    collections = {
        "services": Collection(
            [i for i in services.items if i.facts["id"].value in ids],  # type: ignore[union-attr]
            services.complete,
            services.complete_for,
        ),
        "organisation.shareholders": root.collections["organisation.shareholders"],
        "organisation.subcontractors": Collection(
            [_subcontractor_scope(s, eu) for s in unit.organisation.subcontractors],
            subcontractors.complete,
        ),
    }
    scope = Scope("", facts, collections, when)
    for item in collections["organisation.subcontractors"].items:
        _date_all(item, when)
    return scope


def _date_all(scope: Scope, day: dt.date) -> None:
    scope.set_day(day)
    for collection in scope.collections.values():
        for item in collection.items:
            _date_all(item, day)
