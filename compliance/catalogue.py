"""The fact catalogue: every path a condition may use, its type, and how it is computed.

A profile is turned, for one date, into *scopes*: flat dicts from fact path to a :class:`Known`
value (or ``None`` when unknown) with the ids of the sources behind it. Collections (services,
shareholders...) become lists of element scopes. Derived facts are computed here, in one place,
each documented in its ``Spec``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from compliance.models.common import EU, CountriesFact, CountryFact, _Fact
from compliance.models.profile import (
    LAYERS,
    SCHEMES,
    Certification,
    ProviderProfile,
    Service,
    Shareholder,
    Subcontractor,
)


class Known(NamedTuple):
    """A fact's value and the ids of the sources it rests on (plus an optional explanation).

    A ``None`` value is unknown, with the sources and note saying why; a fact missing from a
    scope altogether is unknown because nothing was recorded.
    """

    value: Any
    sources: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True)
class Spec:
    """What a fact path means: its type, where it comes from, and, for collections, its items."""

    type: str  # country, countries, bool, number, days, date, text, texts, enum, enums, collection
    description: str
    derived: bool = False
    choices: tuple[Any, ...] = ()
    items: str = ""  # for collections: the scope of each item


@dataclass
class Scope:
    """The facts of one profile (or one item of a collection) at one date."""

    prefix: str  # how trace paths of this scope start, e.g. "services[hpc]."
    facts: dict[str, Known | None] = field(default_factory=dict)
    collections: dict[str, Collection] = field(default_factory=dict)
    # Set by the evaluator on the root scope: status of any loaded rule, for {rule: ...} nodes.
    rule_status: Callable[[str], str] | None = None


@dataclass
class Collection:
    """Items of a collection; ``complete`` says whether unlisted items can exist, and
    ``complete_for`` which schemes have all their holders listed (services only)."""

    items: list[Scope]
    complete: Known | None  # None: open (unlisted items may exist); Known(True|False, ...)
    complete_for: dict[str, Known] = field(default_factory=dict)


_CERT = "certification"
SCOPES: dict[str, dict[str, Spec]] = {
    "profile": {
        "organisation.legal_entity": Spec("text", "The company that provides the service."),
        "organisation.registered_office": Spec("country", "Country of the registered office."),
        "organisation.central_administration": Spec(
            "country", "Country of the central administration."),
        "organisation.principal_establishment": Spec(
            "country", "Country of the principal establishment."),
        "organisation.established_in_eu": Spec(
            "bool", "Registered office, central administration and principal establishment are "
            "all in an EU member state (false as soon as one is known to be outside; unknown "
            "while one is unknown).", derived=True),
        "organisation.ultimate_parent.country": Spec(
            "country", "Country of the ultimate parent company."),
        "organisation.ultimate_parent.in_eu": Spec(
            "bool", "The ultimate parent's registered office is in the EU.", derived=True),
        "organisation.listed": Spec("bool", "Shares listed on a regulated market."),
        "organisation.largest_non_eu_capital_share": Spec(
            "number", "Largest share of capital (percent) held by one holder registered outside "
            "the EU. Unknown unless the shareholder list is complete or a non-EU holder already "
            "exceeds what is asked.", derived=True),
        "organisation.total_non_eu_capital_share": Spec(
            "number", "Sum of the capital shares (percent) of holders registered outside the "
            "EU; a lower bound when the list is not complete (then unknown unless it already "
            "decides).", derived=True),
        "organisation.largest_non_eu_voting_share": Spec(
            "number", "As largest_non_eu_capital_share, for voting rights.", derived=True),
        "organisation.total_non_eu_voting_share": Spec(
            "number", "As total_non_eu_capital_share, for voting rights.", derived=True),
        "organisation.non_eu_veto_or_board_control": Spec(
            "bool", "A holder registered outside the EU has a veto right or appoints the board "
            "majority.", derived=True),
        "organisation.non_eu_access_by_subcontractors": Spec(
            "bool", "A subcontractor registered or controlled outside the EU can technically "
            "obtain customer or technical data.", derived=True),
        "organisation.us_law_exposure": Spec(
            "bool", "Within reach of US extraterritorial law (CLOUD Act, FISA section 702): the "
            "provider, its ultimate parent, or a holder with more than 24 % of capital or votes "
            "or with veto/board control is registered in the US, or a subcontractor registered "
            "or controlled in the US can obtain data.", derived=True),
        "organisation.foreign_government_links": Spec(
            "bool", "Links with a non-EU government or public body are known."),
        "organisation.shareholders": Spec("collection", "Holders of capital or votes.",
                                          items="shareholder"),
        "organisation.subcontractors": Spec("collection", "Third parties delivering the service.",
                                            items="subcontractor"),
        "operations.data_locations": Spec("countries", "Where customer data is stored/processed."),
        "operations.technical_data_locations": Spec("countries", "Where technical data live."),
        "operations.administration_locations": Spec(
            "countries", "Countries the service is administered from."),
        "operations.support_locations": Spec("countries", "Countries support is provided from."),
        "operations.remote_access_outside_eea": Spec(
            "bool", "Data can be reached from outside the EEA."),
        "operations.remote_access_safeguard": Spec(
            "text", "Legal basis for remote access from outside the EEA."),
        "operations.relies_on_data_privacy_framework": Spec(
            "bool", "Transfers rely on the EU-US Data Privacy Framework."),
        "operations.third_country_law_disclosed": Spec(
            "bool", "The contract discloses exposure to third-country law (HDS EXI 30)."),
        "operations.transfer_map_url": Spec("text", "Public transfer map page (HDS EXI 31)."),
        "contract.governing_law": Spec("country", "Law governing the service agreement."),
        "contract.change_notice_days": Spec(
            "days", "Notice, in days, of changes affecting protection from non-EU law."),
        "contract.termination_on_qualification_loss": Spec(
            "bool", "Termination without penalty if the qualification is lost."),
        "contract.reversibility_clause": Spec("bool", "Reversibility clause in the contract."),
        "contract.data_erasure_notice_days": Spec(
            "days", "Days after contract end before customer data is erased."),
        "contract.french_language_support": Spec(
            "bool", "Interfaces and first-level support in French."),
        "services": Spec("collection", "The service catalogue.", items="service"),
        "evaluation_date": Spec(
            "date", "The date being evaluated (the horizon's date in projections); for rules "
            "with transitional periods."),
        "attestation": Spec(
            "bool", "The profile's sourced attestation for the rule being evaluated "
            "('attestations' keyed by rule id)."),
    },
    "service": {
        "id": Spec("text", "Service id."),
        "name": Spec("text", "Commercial name."),
        "layer": Spec("enum", "Service model.", choices=LAYERS),
        "category": Spec("enum", "What the service does.",
                         choices=tuple(Service.model_fields["category"].annotation.__args__)),
        "regions": Spec("texts", "Regions or sites."),
        "countries": Spec("countries", "Countries where its customer data is stored."),
        "secnumcloud": Spec(
            "bool", "Holds a SecNumCloud qualification valid at the evaluation date.",
            derived=True),
        "secnumcloud_3_2": Spec(
            "bool", "Holds a SecNumCloud 3.2 qualification valid at the evaluation date.",
            derived=True),
        "hds": Spec("bool", "Holds an HDS certification valid at the evaluation date.",
                    derived=True),
        "hds_activities": Spec(
            "enums", "HDS activities (1-6) covered by certifications valid at the date.",
            derived=True, choices=(1, 2, 3, 4, 5, 6)),
        "certifications": Spec("collection", "Certifications of the service.", items=_CERT),
    },
    _CERT: {
        "scheme": Spec("enum", "Scheme id.", choices=tuple(SCHEMES)),
        "version": Spec("text", "Scheme version."),
        "status": Spec("enum", "Declared status.",
                       choices=("held", "planned", "in_progress", "not_held", "ended")),
        "valid": Spec("bool", "Valid at the evaluation date (see Certification).", derived=True),
        "activities": Spec("enums", "HDS activities covered.", choices=(1, 2, 3, 4, 5, 6)),
        "level": Spec("number", "Gaia-X label level."),
        "obtained": Spec("date", "Date granted."),
        "expires": Spec("date", "Date it expires or ended."),
        "target": Spec("date", "Announced target date of a commitment."),
    },
    "shareholder": {
        "name": Spec("text", "Holder's name."),
        "country": Spec("country", "Country of its registered office."),
        "in_eu": Spec("bool", "Registered in the EU.", derived=True),
        "capital_share": Spec("number", "Capital held, percent."),
        "voting_share": Spec("number", "Voting rights held, percent."),
        "veto_right": Spec("bool", "Holds a veto right."),
        "appoints_board_majority": Spec("bool", "Appoints the board majority."),
    },
    "subcontractor": {
        "name": Spec("text", "Name."),
        "country": Spec("country", "Country of its registered office."),
        "controlled_from": Spec("country", "Country of its ultimate controller."),
        "eu_controlled": Spec(
            "bool", "Registered in the EU and, where known, controlled from the EU.",
            derived=True),
        "role": Spec("text", "What it does."),
        "customer_data_access": Spec("bool", "Can obtain customer data."),
        "technical_data_access": Spec("bool", "Can obtain technical data."),
        "data_access": Spec("bool", "Can obtain customer or technical data.", derived=True),
        "secnumcloud_qualified": Spec("bool", "Itself SecNumCloud-qualified."),
        "operational_autonomy": Spec(
            "bool", "The provider could do without it (own skills or two other suppliers)."),
    },
}


# --- Certification validity ----------------------------------------------------------------


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def certification_validity(
    cert: Certification, source_date: dt.date, at: dt.date, when: dt.date
) -> tuple[bool | None, str]:
    """Whether ``cert`` is valid on ``when`` (True, False, or None for unknown), and why.

    ``when`` is later than ``at`` only for projections at a future horizon: then a commitment
    whose target falls in ``[at, when]`` counts as delivered, and the note says so. A negative
    status (planned, in_progress, not_held) is known only up to its source's date: after it, the
    answer is unknown, since the provider may have obtained it since. A commitment whose target
    passed is reported as slipped, never as delivered.
    """
    if cert.status in ("held", "ended"):
        start = cert.obtained or source_date
        if when < start:
            if cert.obtained:
                return False, f"obtained only on {cert.obtained}"
            return None, f"attested from {source_date} only; date obtained unknown"
        if cert.expires:
            if when < cert.expires:
                return True, f"valid until {cert.expires}"
            return False, f"ended on {cert.expires}"
        end = _add_years(start, SCHEMES[cert.scheme][1])
        if when < end:
            since = f"obtained {cert.obtained}" if cert.obtained else f"attested {source_date}"
            return True, f"{since}; expiry unknown, standard validity runs to {end}"
        return None, f"expiry unknown and standard validity ended {end}: needs re-attestation"
    status = cert.status.replace("_", " ")
    if cert.status != "not_held" and cert.target:
        if when > at and at <= cert.target <= when:
            return True, f"projected: commitment for {cert.target} counted as delivered"
        if cert.target < at:
            status = f"slipped (target {cert.target} passed, no evidence of delivery); {status}"
    if when <= source_date:
        return False, f"{status} as of {source_date}"
    return None, f"{status} as of {source_date}; unknown since"


# --- Building scopes -------------------------------------------------------------------------


def _note(fact: _Fact) -> str:
    """The analyst's note, and a fact-level confidence override, shown in traces."""
    parts = [f"confidence: {fact.confidence.replace('_', ' ')}"] if fact.confidence else []
    return "; ".join(parts + ([" ".join(fact.note.split())] if fact.note else []))


def _fact(fact: _Fact | None, transform: Callable[[Any], Any] = lambda v: v) -> Known | None:
    if fact is None:
        return None
    return Known(transform(fact.value), (fact.source,), _note(fact))


def _in_eu(fact: CountryFact | None) -> Known | None:
    return _fact(fact, lambda c: c in EU)


def _established_in_eu(profile: ProviderProfile) -> Known | None:
    org = profile.organisation
    named = {"registered office": org.registered_office,
             "central administration": org.central_administration,
             "principal establishment": org.principal_establishment}
    outside = {k: f for k, f in named.items() if f is not None and f.value not in EU}
    if outside:
        return Known(False, tuple(f.source for f in outside.values()),
                     ", ".join(f"{k} in {f.value}" + (f" [{_note(f)}]" if f.confidence else "")
                               for k, f in outside.items()))
    if all(named.values()):
        return Known(True, tuple(f.source for f in named.values() if f), "all three in the EU")
    missing = ", ".join(k for k, f in named.items() if f is None)
    return Known(None, tuple(f.source for f in named.values() if f), f"{missing} unknown")


def _share_facts(profile: ProviderProfile, attr: str) -> tuple[Known | None, Known | None]:
    """(largest, total) non-EU share of capital or votes; see the Spec descriptions."""
    org = profile.organisation
    holders = [h for h in org.shareholders if h.country not in EU]
    values = [getattr(h, attr) for h in holders]
    sources = tuple(h.source for h in holders)
    complete = org.shareholders_complete is not None and org.shareholders_complete.value
    if complete:
        sources += (org.shareholders_complete.source,)
    if any(v is None for v in values):
        return None, None
    largest = max(values, default=0.0)
    total = sum(values)
    if complete:
        names = ", ".join(f"{h.name} ({h.country})" for h in holders) or "no non-EU holder"
        return Known(largest, sources, names), Known(total, sources, names)
    # Incomplete list: unlisted holders could only add non-EU shares, so a listed holder above
    # every threshold in use (39 % is the highest) already decides; otherwise unknown.
    note = "lower bound: shareholder list not complete"
    return (
        Known(largest, sources, note) if largest > 39 else None,
        Known(total, sources, note) if total > 39 else None,
    )


def _non_eu_control(profile: ProviderProfile) -> Known | None:
    org = profile.organisation
    holders = [h for h in org.shareholders if h.country not in EU]
    controlling = [h for h in holders if h.veto_right or h.appoints_board_majority]
    if controlling:
        return Known(True, tuple(h.source for h in controlling),
                     ", ".join(f"{h.name} ({h.country})" for h in controlling))
    complete = org.shareholders_complete is not None and org.shareholders_complete.value
    if complete and all(h.veto_right is False and h.appoints_board_majority is False
                        for h in holders):
        return Known(False, tuple(h.source for h in holders) + (org.shareholders_complete.source,))
    return None


def _sub_eu_controlled(sub: Subcontractor) -> bool | None:
    if sub.country not in EU:
        return False
    if sub.controlled_from is None:
        return None
    return sub.controlled_from in EU


def _sub_data_access(sub: Subcontractor) -> bool | None:
    flags = (sub.customer_data_access, sub.technical_data_access)
    if True in flags:
        return True
    return False if flags == (False, False) else None


def _non_eu_access(profile: ProviderProfile, countries: frozenset[str] | None = None
                   ) -> Known | None:
    """A non-EU (or, with ``countries``, such-country) subcontractor can obtain data."""
    org = profile.organisation
    undecided = False
    for sub in org.subcontractors:
        foreign = (
            _sub_eu_controlled(sub) is False if countries is None
            else (sub.country in countries or sub.controlled_from in countries)
        )
        unsure = _sub_eu_controlled(sub) is None if countries is None else False
        access = _sub_data_access(sub)
        if foreign and access:
            return Known(True, (sub.source,), f"{sub.name} ({sub.country})")
        if (foreign or unsure) and access is not False:
            undecided = True
    complete = org.subcontractors_complete is not None and org.subcontractors_complete.value
    if complete and not undecided:
        return Known(False, tuple(s.source for s in org.subcontractors)
                     + (org.subcontractors_complete.source,))
    return None


def _us_exposure(profile: ProviderProfile) -> Known | None:
    org = profile.organisation
    us = frozenset({"US"})
    hits: list[tuple[str, str]] = []
    for label, fact in (("registered office", org.registered_office),
                        ("central administration", org.central_administration),
                        ("principal establishment", org.principal_establishment)):
        if fact is not None and fact.value == "US":
            hits.append((fact.source, f"{label} in the US"))
    if org.ultimate_parent and org.ultimate_parent.country == "US":
        hits.append((org.ultimate_parent.source, f"ultimate parent {org.ultimate_parent.name}"))
    for h in org.shareholders:
        if h.country == "US" and (
            (h.capital_share or 0) > 24 or (h.voting_share or 0) > 24
            or h.veto_right or h.appoints_board_majority
        ):
            hits.append((h.source, f"holder {h.name}"))
    access = _non_eu_access(profile, us)
    if access is not None and access.value:
        hits.append((access.sources[0], f"subcontractor {access.note}"))
    if hits:
        return Known(True, tuple(dict.fromkeys(s for s, _ in hits)), "; ".join(n for _, n in hits))
    parts = [org.registered_office, org.central_administration, org.principal_establishment]
    if (all(parts) and org.ultimate_parent is not None
            and _non_eu_control(profile) is not None and access is not None):
        sources = tuple(p.source for p in parts if p) + (org.ultimate_parent.source,)
        return Known(False, sources + access.sources)
    return None


def _valid_certs(service: Service, profile: ProviderProfile, at: dt.date, when: dt.date
                 ) -> list[tuple[Certification, bool | None, str]]:
    out = []
    for cert in service.certifications:
        source_date = profile.sources[cert.source].date if cert.source in profile.sources else at
        valid, note = certification_validity(cert, source_date, at, when)
        out.append((cert, valid, note))
    return out


_NEGATIVE = ("planned", "in_progress", "not_held")


def _holds(certs: list[tuple[Certification, bool | None, str]],
           match: Callable[[Certification], bool], fallback: tuple[str, ...]) -> Known:
    """True if a matching certification is valid at the date; False if none is and a record
    says so at that date; otherwise unknown — including when nothing is recorded at all, since
    an unmentioned certification is unknown, never assumed absent (nor present)."""
    relevant = [(c, v, n) for c, v, n in certs if match(c)]
    for cert, valid, note in relevant:
        if valid:
            return Known(True, (cert.source,), note)
    if not relevant:
        return Known(None, fallback, "none recorded for this service")
    # A dated negative record ("not obtained as of S") settles every date up to S, even where
    # a later record, attested only from its own date, cannot say when it was obtained.
    negative = [(c, n) for c, v, n in relevant if v is False and c.status in _NEGATIVE]
    unsure = [(c, n) for c, v, n in relevant if v is None]
    if unsure and not negative:
        return Known(None, tuple(c.source for c, _ in unsure), unsure[0][1])
    return Known(False, tuple(c.source for c, v, _ in relevant if v is False),
                 "; ".join(n for _, v, n in relevant if v is False))


def _service_scope(service: Service, profile: ProviderProfile, at: dt.date, when: dt.date,
                   registers: dict[str, Known]) -> Scope:
    src = (service.source,)
    prefix = f"services[{service.id}]."
    certs = _valid_certs(service, profile, at, when)

    def holds(scheme: str, match: Callable[[Certification], bool]) -> Known:
        known = _holds(certs, match, src)
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
            "secnumcloud", lambda c: c.scheme == "secnumcloud" and c.version == "3.2"),
        "hds": holds("hds", lambda c: c.scheme == "hds"),
    }
    hds_valid = [c for c, v, _ in certs if c.scheme == "hds" and v]
    # Only when every valid certificate lists its activities: one that does not could cover any.
    facts["hds_activities"] = (
        Known(tuple(sorted({a for c in hds_valid for a in c.activities})),
              tuple(c.source for c in hds_valid))
        if hds_valid and all(c.activities for c in hds_valid) else None
    )
    items = []
    for cert, valid, note in certs:
        csrc = (cert.source,)
        label = f"{cert.scheme}{' ' + cert.version if cert.version else ''}"
        items.append(Scope(
            f"{prefix}certifications[{label}].",
            {
                "scheme": Known(cert.scheme, csrc),
                "version": Known(cert.version, csrc) if cert.version else None,
                "status": Known(cert.status, csrc),
                "valid": Known(valid, csrc, note),
                "activities": Known(tuple(cert.activities), csrc) if cert.activities else None,
                "level": Known(cert.level, csrc) if cert.level else None,
                "obtained": Known(cert.obtained, csrc) if cert.obtained else None,
                "expires": Known(cert.expires, csrc) if cert.expires else None,
                "target": Known(cert.target, csrc) if cert.target else None,
            },
        ))
    return Scope(prefix, facts, {"certifications": Collection(items, None)})


def _shareholder_scope(h: Shareholder) -> Scope:
    src = (h.source,)
    return Scope(f"organisation.shareholders[{h.name}].", {
        "name": Known(h.name, src),
        "country": Known(h.country, src),
        "in_eu": Known(h.country in EU, src),
        "capital_share": None if h.capital_share is None else Known(h.capital_share, src),
        "voting_share": None if h.voting_share is None else Known(h.voting_share, src),
        "veto_right": None if h.veto_right is None else Known(h.veto_right, src),
        "appoints_board_majority": (None if h.appoints_board_majority is None
                                    else Known(h.appoints_board_majority, src)),
    })


def _subcontractor_scope(s: Subcontractor) -> Scope:
    src = (s.source,)

    def opt(value: Any) -> Known | None:
        return None if value is None else Known(value, src)

    return Scope(f"organisation.subcontractors[{s.name}].", {
        "name": Known(s.name, src),
        "country": Known(s.country, src),
        "controlled_from": opt(s.controlled_from),
        "eu_controlled": opt(_sub_eu_controlled(s)),
        "role": Known(s.role, src),
        "customer_data_access": opt(s.customer_data_access),
        "technical_data_access": opt(s.technical_data_access),
        "data_access": opt(_sub_data_access(s)),
        "secnumcloud_qualified": opt(s.secnumcloud_qualified),
        "operational_autonomy": opt(s.operational_autonomy),
    })


def profile_scope(profile: ProviderProfile, at: dt.date, when: dt.date | None = None) -> Scope:
    """All facts of ``profile`` evaluated at ``at`` (projected to ``when``, if later)."""
    when = when or at
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
        Known(parent.country, (parent.source,)) if parent else None)
    facts["organisation.ultimate_parent.in_eu"] = (
        Known(parent.country in EU, (parent.source,)) if parent else None)
    facts["organisation.established_in_eu"] = _established_in_eu(profile)
    for kind in ("capital", "voting"):
        largest, total = _share_facts(profile, f"{kind}_share")
        facts[f"organisation.largest_non_eu_{kind}_share"] = largest
        facts[f"organisation.total_non_eu_{kind}_share"] = total
    facts["organisation.non_eu_veto_or_board_control"] = _non_eu_control(profile)
    facts["organisation.non_eu_access_by_subcontractors"] = _non_eu_access(profile)
    facts["organisation.us_law_exposure"] = _us_exposure(profile)
    registers = {}
    for register in profile.registers:  # a register speaks up to its source's date
        checked = profile.sources[register.source].date
        if when <= checked:
            registers[register.scheme] = Known(
                True, (register.source,), f"not in the {register.scheme} register as of {checked}")
    collections = {
        "services": Collection(
            [_service_scope(s, profile, at, when, registers) for s in profile.services
             if s.available_from is None or s.available_from <= when],
            _fact(profile.services_complete), registers),
        "organisation.shareholders": Collection(
            [_shareholder_scope(h) for h in org.shareholders], _fact(org.shareholders_complete)),
        "organisation.subcontractors": Collection(
            [_subcontractor_scope(s) for s in org.subcontractors],
            _fact(org.subcontractors_complete)),
    }
    facts["evaluation_date"] = Known(when, ())
    return Scope("", facts, collections)
