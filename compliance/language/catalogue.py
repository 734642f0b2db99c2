"""The fact catalogue: every path a condition may use, its type and meaning.

A profile is turned, for one date, into *scopes* (see ``scopes``): flat dicts from fact path to
a :class:`Known` value with the ids of the sources behind it. Collections (services,
shareholders...) become lists of item scopes. Each fact, base or derived, is documented by its
``Spec`` here, which `compliance facts` prints.
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Callable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any, ClassVar, NamedTuple

from compliance.countries import GROUPS, members
from compliance.i18n import _
from compliance.models.profile import SCHEME_VERSIONS, SCHEMES, CertificationStatus
from compliance.vocabulary import (
    COMPONENTS,
    HDS_ACTIVITIES,
    KEY_CUSTODY,
    LAYERS,
    SERVICE_CATEGORIES,
)


class Bound(NamedTuple):
    """A number known only within bounds: at least ``lo`` and, when ``hi`` is not None, at most
    ``hi`` — e.g. the non-EU share of capital when the shareholder list is open."""

    lo: Decimal
    hi: Decimal | None

    def __str__(self) -> str:
        return (
            _("at least %(min)s", min=self.lo)
            if self.hi is None
            else _("between %(min)s and %(max)s", min=self.lo, max=self.hi)
        )


class Known(NamedTuple):
    """A fact's value and the ids of the sources it rests on (plus an optional explanation).

    A ``None`` value is unknown, with the sources and note saying why; a fact missing from a
    scope altogether is unknown because nothing was recorded.
    """

    value: Any
    sources: tuple[str, ...]
    note: str = ""
    # Id of the service whose commitment (a planned certification due by the date evaluated)
    # this value counts as delivered: a projection, which horizons report as closing a gap.
    commitment_of: str = ""


class Spec(NamedTuple):  # not a frozen dataclass: see errors.Problem
    """What a fact path means: its type, where it comes from, and, for collections, its items."""

    type: str  # country, countries, bool, number, days, date, text, texts, enum, enums, collection
    description: str
    derived: bool = False
    choices: tuple[Any, ...] = ()
    items: str = ""  # for collections: the scope of each item
    aliases: Mapping[str, Any] = MappingProxyType({})  # other spellings -> the choice meant


class _Record:
    """What @dataclass gave Scope and Collection (see errors.Problem for why not one): equality
    and a repr by the fields (``_FIELDS``, in order), and no hash (they are mutable)."""

    __slots__ = ()
    _FIELDS: ClassVar[tuple[str, ...]] = ()

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._FIELDS)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, _Record) or type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        pairs = zip(self._FIELDS, self._values(), strict=True)
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in pairs)})"


class Scope(_Record):
    """The facts of one profile (or one item of a collection) at one date."""

    __slots__ = ("__weakref__", "collections", "day", "facts", "groups", "prefix", "rule_status")
    _FIELDS = ("prefix", "facts", "collections", "day", "groups", "rule_status")

    def __init__(
        self,
        prefix: str,  # how trace paths of this scope start, e.g. "services[hpc]."
        facts: dict[str, Known | None] | None = None,
        collections: dict[str, Collection] | None = None,
        day: dt.date = dt.date.min,  # the date evaluated: groups of countries are read at it
    ) -> None:
        self.prefix = prefix
        self.facts = {} if facts is None else facts
        self.collections = {} if collections is None else collections
        self.groups: dict[str, frozenset[str]] = {}  # EU, EEA at ``day``
        self.set_day(day)
        # Set by the evaluator on the root scope: status of any loaded rule, for {rule: ...}.
        self.rule_status: Callable[[str], str] | None = None

    def set_day(self, day: dt.date) -> None:
        self.day = day
        self.groups = {g: members(g, day) for g in GROUPS}


class Collection(_Record):
    """Items of a collection; ``complete`` says whether unlisted items can exist, and
    ``complete_for`` which schemes have all their holders listed (services only)."""

    __slots__ = ("complete", "complete_for", "items")
    _FIELDS = ("items", "complete", "complete_for")

    def __init__(
        self,
        items: list[Scope],
        complete: Known | None,  # None: open (unlisted items may exist); Known(True|False, ...)
        complete_for: dict[str, Known] | None = None,
    ) -> None:
        self.items = items
        self.complete = complete
        self.complete_for = {} if complete_for is None else complete_for


_CERT = "certification"
SCOPES: dict[str, dict[str, Spec]] = {
    "profile": {
        "organisation.legal_entity": Spec("text", "The company that provides the service."),
        "organisation.registered_office": Spec("country", "Country of the registered office."),
        "organisation.central_administration": Spec(
            "country", "Country of the central administration."
        ),
        "organisation.principal_establishment": Spec(
            "country", "Country of the principal establishment."
        ),
        "organisation.established_in_eu": Spec(
            "bool",
            "Registered office, central administration and principal establishment are "
            "all in an EU member state (false as soon as one is known to be outside; unknown "
            "while one is unknown).",
            derived=True,
        ),
        "organisation.ultimate_parent.country": Spec(
            "country", "Country of the ultimate parent company."
        ),
        "organisation.ultimate_parent.in_eu": Spec(
            "bool", "The ultimate parent's registered office is in the EU.", derived=True
        ),
        "organisation.listed": Spec("bool", "Shares listed on a regulated market."),
        "organisation.founded": Spec("date", "Day the providing company was created."),
        "organisation.launched": Spec("date", "Day the cloud offering opened to customers."),
        "organisation.ended": Spec("date", "Day the offering (or the company) ceased."),
        "organisation.largest_non_eu_capital_share": Spec(
            "number",
            "Largest share of capital (percent, exact) held by one holder registered "
            "outside the EU. Exact when the list is complete and every non-EU share is given; "
            "otherwise known within bounds: at least the largest listed, at most what the list "
            "leaves unaccounted for (100 minus the listed shares) — a comparison is decided when "
            "every value within the bounds agrees.",
            derived=True,
        ),
        "organisation.total_non_eu_capital_share": Spec(
            "number",
            "Sum of the capital shares (percent, exact) of holders registered outside "
            "the EU; on an open list, within bounds: at least the listed non-EU shares, at most "
            "those plus 100 minus all listed shares.",
            derived=True,
        ),
        "organisation.largest_non_eu_voting_share": Spec(
            "number", "As largest_non_eu_capital_share, for voting rights.", derived=True
        ),
        "organisation.total_non_eu_voting_share": Spec(
            "number", "As total_non_eu_capital_share, for voting rights.", derived=True
        ),
        "organisation.non_eu_veto_or_board_control": Spec(
            "bool",
            "A holder registered outside the EU has a veto right or appoints the board majority.",
            derived=True,
        ),
        "organisation.non_eu_access_by_subcontractors": Spec(
            "bool",
            "A subcontractor registered or controlled outside the EU can technically "
            "obtain customer or technical data.",
            derived=True,
        ),
        "organisation.us_law_exposure": Spec(
            "bool",
            "Within reach of US extraterritorial law (CLOUD Act, FISA section 702): the "
            "provider, its ultimate parent, or a holder with more than 24 % of capital or votes "
            "or with veto/board control is registered in the US, or a subcontractor registered "
            "or controlled in the US can obtain data.",
            derived=True,
        ),
        "organisation.foreign_government_links": Spec(
            "bool", "Links with a non-EU government or public body are known."
        ),
        "organisation.shareholders": Spec(
            "collection", "Holders of capital or votes.", items="shareholder"
        ),
        "organisation.subcontractors": Spec(
            "collection", "Third parties delivering the service.", items="subcontractor"
        ),
        "operations.data_locations": Spec("countries", "Where customer data is stored/processed."),
        "operations.technical_data_locations": Spec("countries", "Where technical data live."),
        "operations.administration_locations": Spec(
            "countries", "Countries the service is administered from."
        ),
        "operations.support_locations": Spec("countries", "Countries support is provided from."),
        "operations.remote_access_outside_eea": Spec(
            "bool", "Data can be reached from outside the EEA."
        ),
        "operations.remote_access_safeguard": Spec(
            "text", "Legal basis for remote access from outside the EEA."
        ),
        "operations.relies_on_data_privacy_framework": Spec(
            "bool", "Transfers rely on the EU-US Data Privacy Framework."
        ),
        "operations.third_country_law_disclosed": Spec(
            "bool", "The contract discloses exposure to third-country law (HDS EXI 30)."
        ),
        "operations.transfer_map_url": Spec("text", "Public transfer map page (HDS EXI 31)."),
        "operations.key_custody": Spec(
            "enum", "The strongest key custody offered for customer data.", choices=KEY_CUSTODY
        ),
        "operations.pue": Spec("number", "Power usage effectiveness of the data centres."),
        "operations.renewable_energy_share": Spec(
            "number", "Share of renewable or low-carbon electricity, percent."
        ),
        "contract.governing_law": Spec("country", "Law governing the service agreement."),
        "contract.change_notice_days": Spec(
            "days", "Notice, in days, of changes affecting protection from non-EU law."
        ),
        "contract.termination_on_qualification_loss": Spec(
            "bool", "Termination without penalty if the qualification is lost."
        ),
        "contract.reversibility_clause": Spec("bool", "Reversibility clause in the contract."),
        "contract.data_erasure_notice_days": Spec(
            "days", "Days after contract end before customer data is erased."
        ),
        "contract.french_language_support": Spec(
            "bool", "Interfaces and first-level support in French."
        ),
        "services": Spec("collection", "The service catalogue.", items="service"),
        "evaluation_date": Spec(
            "date",
            "The date being evaluated (the horizon's date in projections); for rules "
            "with transitional periods.",
        ),
        "attestation": Spec(
            "bool",
            "The profile's sourced attestation for the rule being evaluated "
            "('attestations' keyed by rule id).",
        ),
    },
    "service": {
        "id": Spec("text", "Service id."),
        "name": Spec("text", "Commercial name."),
        "layer": Spec("enum", "Service model.", choices=LAYERS),
        "category": Spec("enum", "What the service does.", choices=SERVICE_CATEGORIES),
        "regions": Spec("texts", "Regions or sites."),
        "countries": Spec("countries", "Countries where its customer data is stored."),
        "secnumcloud": Spec(
            "bool", "Holds a SecNumCloud qualification valid at the evaluation date.", derived=True
        ),
        "secnumcloud_3_2": Spec(
            "bool",
            "Holds a SecNumCloud 3.2 qualification valid at the evaluation date.",
            derived=True,
        ),
        "hds": Spec(
            "bool", "Holds an HDS certification valid at the evaluation date.", derived=True
        ),
        "hds_activities": Spec(
            "enums",
            "HDS activities (1-6) covered by certifications valid at the date.",
            derived=True,
            choices=HDS_ACTIVITIES,
        ),
        "certifications": Spec("collection", "Certifications of the service.", items=_CERT),
        "dependencies": Spec(
            "collection", "Technologies the service relies on.", items="dependency"
        ),
        "non_eu_lock_in": Spec(
            "bool",
            "A technology of the service is controlled from outside the EU and the "
            "provider could not run it without its vendor (false only on a complete list).",
            derived=True,
        ),
    },
    "dependency": {
        "component": Spec("enum", "What it is.", choices=COMPONENTS),
        "product": Spec("text", "Product or project."),
        "vendor": Spec("text", "Who supplies it."),
        "country": Spec("country", "Country of the vendor's registered office."),
        "controlled_from": Spec("country", "Country of the vendor's ultimate controller."),
        "eu_controlled": Spec(
            "bool",
            "Vendor registered in the EU and, where known, controlled from it.",
            derived=True,
        ),
        "open_source": Spec("bool", "Published under an open licence."),
        "runs_without_vendor": Spec("bool", "The provider could run it without the vendor."),
    },
    _CERT: {
        "scheme": Spec("enum", "Scheme id.", choices=tuple(SCHEMES)),
        "version": Spec(
            "enum",
            "Version of the scheme's referential (per scheme: "
            + "; ".join(f"{k} {', '.join(d.versions)}" for k, d in SCHEMES.items() if d.versions)
            + ").",
            choices=SCHEME_VERSIONS,
            aliases={
                a.lower(): v
                for d in SCHEMES.values()
                for v, spellings in d.versions.items()
                for a in spellings
            },
        ),
        "status": Spec("enum", "Declared status.", choices=typing.get_args(CertificationStatus)),
        "valid": Spec("bool", "Valid at the evaluation date (see Certification).", derived=True),
        "activities": Spec("enums", "HDS activities covered.", choices=HDS_ACTIVITIES),
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
            "bool", "Registered in the EU and, where known, controlled from the EU.", derived=True
        ),
        "role": Spec("text", "What it does."),
        "customer_data_access": Spec("bool", "Can obtain customer data."),
        "technical_data_access": Spec("bool", "Can obtain technical data."),
        "data_access": Spec("bool", "Can obtain customer or technical data.", derived=True),
        "secnumcloud_qualified": Spec("bool", "Itself SecNumCloud-qualified."),
        "operational_autonomy": Spec(
            "bool", "The provider could do without it (own skills or two other suppliers)."
        ),
    },
}
