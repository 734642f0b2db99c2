"""A provider profile: the organisation, where it operates, its contract terms and its services.

Every fact carries provenance. A fact that is absent is unknown, and stays visible as unknown in
evaluations: nothing here is ever assumed.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, NamedTuple

from compliance.models.base import ConfigDict, Field, JsonDict, JsonValue, Model, model_validator
from compliance.models.common import (
    BoolFact,
    CountriesFact,
    Country,
    CountryFact,
    Dated,
    DateFact,
    DaysFact,
    NumberFact,
    Percent,
    Slug,
    Source,
    Sourced,
    TextFact,
    Timed,
    _Fact,
)
from compliance.vocabulary import (
    CERTIFICATION_STATUSES,
    COMPONENTS,
    HDS_ACTIVITIES,
    KEY_CUSTODY,
    LAYERS,
    SERVICE_CATEGORIES,
)


class SchemeDef(NamedTuple):
    name: str
    validity_years: int  # used only when a certificate's expiry date is not known
    # Versions of the scheme's referential, each with the spellings we recognise for it (for a
    # did-you-mean). Empty: versions are not tracked for the scheme, and 'version' is refused.
    versions: dict[str, tuple[str, ...]]


# Certification and qualification schemes: the one definition of their ids, names, standard
# validity and versions, from which the models, the schemas and the fact catalogue derive.
SCHEMES: dict[str, SchemeDef] = {
    "secnumcloud": SchemeDef(
        "ANSSI SecNumCloud qualification",
        3,
        {"3.0": ("v3.0", "3"), "3.1": ("v3.1",), "3.2": ("v3.2", "3.2.a")},
    ),
    "hds": SchemeDef(
        "Hébergeur de données de santé (HDS) certification",
        3,
        {"2018": ("v1", "1", "1.0", "v1.0", "v2018"), "2024": ("v2", "2", "2.0", "v2.0", "v2024")},
    ),
    "iso27001": SchemeDef(
        "ISO/IEC 27001 certification", 3, {"2013": ("27001:2013",), "2022": ("27001:2022",)}
    ),
    "iso27017": SchemeDef("ISO/IEC 27017 certification", 3, {"2015": ("27017:2015",)}),
    "iso27018": SchemeDef(
        "ISO/IEC 27018 certification",
        3,
        {"2014": ("27018:2014",), "2019": ("27018:2019",), "2025": ("27018:2025",)},
    ),
    "iso27701": SchemeDef(
        "ISO/IEC 27701 certification", 3, {"2019": ("27701:2019",), "2025": ("27701:2025",)}
    ),
    "iso9001": SchemeDef("ISO 9001 certification", 3, {"2015": ("9001:2015",)}),
    "c5": SchemeDef("BSI C5 attestation", 1, {"2016": ("c5:2016",), "2020": ("c5:2020",)}),
    "soc2": SchemeDef("SOC 2 type II report", 1, {}),
    "isae3402": SchemeDef("ISAE 3402 type II report", 1, {}),
    "pci-dss": SchemeDef(
        "PCI DSS attestation",
        1,
        {"3.2.1": ("v3.2.1",), "4.0": ("v4", "4", "v4.0"), "4.0.1": ("v4.0.1",)},
    ),
    "cispe": SchemeDef("CISPE data protection code of conduct", 3, {}),
    "gaia-x": SchemeDef("Gaia-X label", 1, {}),
    "eucs": SchemeDef("EU Cybersecurity Certification Scheme for Cloud Services", 3, {}),
}
SCHEME_NAMES: tuple[str, ...] = tuple(SCHEMES)
Scheme = Literal[SCHEME_NAMES]  # type: ignore[valid-type]
# Every version of every scheme: the domain of the 'version' fact of the catalogue.
SCHEME_VERSIONS: tuple[str, ...] = tuple(sorted({v for d in SCHEMES.values() for v in d.versions}))


def version_problem(scheme: str, version: str) -> str | None:
    """Why ``version`` is not a version of ``scheme`` (with a did-you-mean), or None."""
    from compliance.errors import did_you_mean

    known = SCHEMES[scheme].versions
    if version in known:
        return None
    if not known:
        return f"versions of {scheme} are not tracked: remove 'version' (or say it in 'scope')"
    for canonical, spellings in known.items():
        if version.lower() in (s.lower() for s in spellings):
            return (
                f"'{version}' is not a version of {scheme} (versions: {', '.join(known)}) "
                f"(did you mean '{canonical}'?)"
            )
    return (
        f"'{version}' is not a version of {scheme} (versions: {', '.join(known)})"
        + did_you_mean(version, known)
    )


Layer = Literal[LAYERS]  # type: ignore[valid-type]
Category = Literal[SERVICE_CATEGORIES]  # type: ignore[valid-type]
CertificationStatus = Literal[CERTIFICATION_STATUSES]  # type: ignore[valid-type]


def _versions_schema() -> JsonDict:
    """Per scheme, the versions the editor accepts (derived from SCHEMES)."""
    rules: list[JsonValue] = []
    for scheme, definition in SCHEMES.items():
        then: JsonDict = (
            {"properties": {"version": {"enum": list(definition.versions)}}}
            if definition.versions
            else {"not": {"required": ["version"]}}
        )
        rules.append(
            {
                "if": {"properties": {"scheme": {"const": scheme}}, "required": ["scheme"]},
                "then": then,
            }
        )
    return {"allOf": rules}


class Certification(Sourced):
    """A certification or qualification that one service holds, has held, or is expected to hold.

    When it is valid at a date D (``held``): from ``obtained`` (or, if unknown, from the source's
    date: before that it is unknown) until ``expires``. Without a known expiry it counts as valid
    for the scheme's standard period from ``obtained`` (or the source's date), then reads unknown
    until a newer source re-attests it. ``planned``, ``in_progress`` and ``not_held`` are never
    valid; ``ended`` was valid from ``obtained`` until ``expires``. A commitment's ``target`` date
    is used only for projections at future horizons.
    """

    model_config = ConfigDict(json_schema_extra=_versions_schema())

    scheme: Scheme = Field(description="Scheme id, e.g. secnumcloud, hds, iso27001, gaia-x.")
    version: str | None = Field(
        default=None,
        description='Version of the scheme\'s referential, e.g. "3.2" for '
        'SecNumCloud, "2024" for HDS (the 2024 referential, "HDS v2"), "2022" for ISO '
        "27001 (the schema lists each scheme's versions).",
    )
    status: CertificationStatus = Field(
        description="held (granted and current), planned (a roadmap commitment), in_progress "
        "(application filed, no decision known), not_held (a source says it is not held), ended "
        "(expired or withdrawn at 'expires')."
    )
    obtained: dt.date | None = Field(default=None, description="Date it was granted.")
    expires: dt.date | None = Field(
        default=None, description="Date it expires or ended (valid strictly before it)."
    )
    target: dt.date | None = Field(
        default=None, description="For planned or in_progress: the announced target date."
    )
    activities: list[Literal[HDS_ACTIVITIES]] = Field(  # type: ignore[valid-type]
        default_factory=list, description="HDS only: the hosting activities (1-6) covered."
    )
    level: int | None = Field(
        default=None, ge=1, le=3, description="Gaia-X only: label level (1, 2 or 3)."
    )
    scope: str | None = Field(default=None, description="Scope as worded by the certificate.")

    @model_validator(mode="after")
    def _consistent(self) -> Certification:
        if self.status in ("planned", "in_progress") and self.obtained:
            raise ValueError(f"a {self.status} certification has no 'obtained' date yet")
        if self.status == "planned" and not self.target:
            raise ValueError("a planned certification needs its announced 'target' date")
        if self.status == "ended" and not self.expires:
            raise ValueError("an ended certification needs the date it ended in 'expires'")
        if self.obtained and self.expires and self.expires <= self.obtained:
            raise ValueError("'expires' must come after 'obtained'")
        if self.activities and self.scheme != "hds":
            raise ValueError("'activities' applies to HDS certifications only")
        return self


Component = Literal[COMPONENTS]  # type: ignore[valid-type]


class Dependency(Sourced):
    """A technology the service relies on, and who controls it (supply chain, SOV-5 and SOV-6)."""

    component: Component = Field(description="What it is: " + ", ".join(COMPONENTS) + ".")
    product: str = Field(description="Product or project, e.g. VMware vSphere, OpenStack.")
    vendor: str = Field(description="Who supplies it (for open source: the main steward).")
    country: Country = Field(description="Country of the vendor's registered office.")
    controlled_from: Country | None = Field(
        default=None, description="Country of the vendor's ultimate controller, if known."
    )
    open_source: bool | None = Field(default=None, description="Published under an open licence.")
    runs_without_vendor: bool | None = Field(
        default=None,
        description="The provider could keep running it if the vendor stopped supplying, "
        "supporting or licensing it (own skills, open source, or a perpetual licence).",
    )


class Service(Sourced):
    """One offering of the provider's catalogue."""

    id: Slug = Field(description="Unique id of the service within the profile.")
    name: str = Field(description="Commercial name.")
    layer: Layer = Field(description="Service model: IaaS, CaaS, PaaS or SaaS.")
    category: Category = Field(description="What the service does.")
    regions: list[str] = Field(default_factory=list, description="Regions or sites it runs in.")
    countries: list[Country] = Field(
        default_factory=list, description="Countries where its customer data is stored."
    )
    available_from: dt.date | None = Field(
        default=None,
        description="Date the service became available; before it, the service is left out "
        "of evaluations (absent: assumed available at every date evaluated).",
    )
    available_until: dt.date | None = Field(
        default=None,
        description="Date the service was withdrawn; from it on, the service is left out of "
        "evaluations.",
    )
    certifications: list[Certification] = Field(
        default_factory=list, description="Certifications and qualifications of this service."
    )
    dependencies: list[Dependency] = Field(
        default_factory=list,
        description="Technologies the service relies on; a list is open (others may exist) "
        "unless 'dependencies_complete' says otherwise.",
    )
    dependencies_complete: BoolFact | None = Field(
        default=None, description="true when 'dependencies' lists every critical technology."
    )


class Register(Sourced):
    """A completeness statement: as of its source's date, every service of the provider that
    holds ``scheme`` is listed in ``services``, with that certification (e.g. from the ANSSI
    catalogue of qualified services, or a source naming all of them)."""

    scheme: Scheme = Field(description="Scheme whose holders are all listed.")


class Offer(Sourced):
    """Services a buyer would take together (e.g. one provider's qualified IaaS, CaaS and PaaS),
    as the provider sells them."""

    id: Slug = Field(description="Unique id of the offer within the profile.")
    name: str = Field(description="Commercial name.")
    services: list[Slug] = Field(min_length=1, description="Ids of the services it bundles.")


class DatedRecord(Sourced, Dated):
    """A record that holds over a period (``valid_from``, ``valid_until``); outside it, it is
    left out of evaluations."""


class Shareholder(DatedRecord):
    """A holder of capital or voting rights, direct or indirect (the chain flattened)."""

    name: str = Field(description="Name of the holder.")
    country: Country = Field(description="Country of its registered office.")
    capital_share: Percent | None = Field(
        default=None, description="Share of capital held, in percent (exact: 12.5)."
    )
    voting_share: Percent | None = Field(
        default=None, description="Share of voting rights held, in percent (exact: 12.5)."
    )
    veto_right: bool | None = Field(
        default=None, description="Holds a veto right (by contract or by-laws)."
    )
    appoints_board_majority: bool | None = Field(
        default=None, description="Can appoint the majority of the board or management."
    )


class Subcontractor(DatedRecord):
    """A third party the provider relies on to deliver the service."""

    name: str = Field(description="Name of the third party.")
    country: Country = Field(description="Country of its registered office.")
    controlled_from: Country | None = Field(
        default=None, description="Country of the party that ultimately controls it, if known."
    )
    role: str = Field(description="What it does for the provider.")
    services: list[Slug] = Field(
        default_factory=list,
        description="Ids of the services it is involved in; empty means all of them. An "
        "evaluation scoped to other services leaves it out.",
    )
    customer_data_access: bool | None = Field(
        default=None, description="Can technically obtain customer data."
    )
    technical_data_access: bool | None = Field(
        default=None, description="Can technically obtain technical data (identities, logs...)."
    )
    secnumcloud_qualified: bool | None = Field(
        default=None, description="Is itself SecNumCloud-qualified for what it supplies."
    )
    operational_autonomy: bool | None = Field(
        default=None,
        description="The provider could keep delivering the service without it, with its own "
        "skills or with at least two other suppliers (SecNumCloud 19.6 d).",
    )


class Parent(DatedRecord):
    """The company at the top of the ownership and control chain."""

    name: str = Field(description="Name of the ultimate parent company.")
    country: Country = Field(description="Country of its registered office.")


class KeyCustodyFact(_Fact):
    value: Literal[KEY_CUSTODY] = Field(  # type: ignore[valid-type]
        description="provider (provider-managed keys), customer_managed (customer keys in the "
        "provider's key service, BYOK), customer_held (keys the provider cannot reach: HYOK, "
        "external HSM)."
    )


# Facts that may have changed over time: one value, or a list of dated values.
TimedText = Timed[TextFact]
TimedCountry = Timed[CountryFact]
TimedCountries = Timed[CountriesFact]
TimedBool = Timed[BoolFact]
TimedDays = Timed[DaysFact]
TimedNumber = Timed[NumberFact]
TimedKeyCustody = Timed[KeyCustodyFact]
TimedParent = Timed[Parent]


class Organisation(Model):
    """The provider as a company: who it is, where it is established, who owns and controls it.

    A fact that changed over time is written as a list of values, each with its ``valid_from``
    and ``valid_until``; the one in force at the date evaluated is used."""

    legal_entity: TimedText | None = Field(
        default=None, description="The company that provides the service."
    )
    registered_office: TimedCountry | None = Field(
        default=None, description="Country of the registered office (siège statutaire)."
    )
    central_administration: TimedCountry | None = Field(
        default=None, description="Country of the central administration."
    )
    principal_establishment: TimedCountry | None = Field(
        default=None, description="Country of the principal establishment."
    )
    ultimate_parent: TimedParent | None = Field(
        default=None, description="Top of the ownership chain; absent when unknown."
    )
    listed: TimedBool | None = Field(
        default=None, description="Shares listed on a regulated market."
    )
    shareholders: list[Shareholder] = Field(
        default_factory=list, description="Holders of capital or votes (indirect holders too)."
    )
    shareholders_complete: TimedBool | None = Field(
        default=None,
        description="true when 'shareholders' lists every holder, their shares adding up to "
        "the whole capital (a listed company's declared threshold crossings leave the float "
        "out: not complete); otherwise listed shares are bounds.",
    )
    subcontractors: list[Subcontractor] = Field(
        default_factory=list, description="Third parties involved in delivering the services."
    )
    subcontractors_complete: TimedBool | None = Field(
        default=None,
        description="true when 'subcontractors' is the complete list; a rule about every "
        "subcontractor can only be met when it is.",
    )
    founded: DateFact | None = Field(
        default=None,
        description="Day the providing company was created; before it, every rule "
        "is not applicable.",
    )
    launched: DateFact | None = Field(
        default=None,
        description="Day the cloud offering opened to customers; before it, every "
        "rule is not applicable.",
    )
    ended: DateFact | None = Field(
        default=None,
        description="Day the offering (or the company) ceased; from it on, every "
        "rule is not applicable.",
    )
    foreign_government_links: TimedBool | None = Field(
        default=None, description="Links with a non-EU government or public body are known."
    )


class Operations(Model):
    """Where data, administration and support are located and reachable from."""

    data_locations: TimedCountries | None = Field(
        default=None, description="Countries where customer data is stored and processed."
    )
    technical_data_locations: TimedCountries | None = Field(
        default=None, description="Countries where technical data (identities, logs...) live."
    )
    administration_locations: TimedCountries | None = Field(
        default=None, description="Countries from which the service is administered."
    )
    support_locations: TimedCountries | None = Field(
        default=None, description="Countries from which customer support is provided."
    )
    remote_access_outside_eea: TimedBool | None = Field(
        default=None, description="Health or customer data can be reached from outside the EEA."
    )
    remote_access_safeguard: TimedText | None = Field(
        default=None,
        description="Legal basis of remote access from outside the EEA: 'adequacy' (GDPR art. "
        "45), 'safeguards' (art. 46), or a description.",
    )
    relies_on_data_privacy_framework: TimedBool | None = Field(
        default=None, description="Transfers rely on the EU-US Data Privacy Framework."
    )
    third_country_law_disclosed: TimedBool | None = Field(
        default=None,
        description="The contract lists the non-EU laws that could force access, the "
        "mitigations and the residual risks (HDS EXI 30).",
    )
    key_custody: TimedKeyCustody | None = Field(
        default=None, description="The strongest key custody offered for customer data."
    )
    pue: TimedNumber | None = Field(
        default=None, description="Power usage effectiveness of the data centres (e.g. 1.25)."
    )
    renewable_energy_share: TimedNumber | None = Field(
        default=None, description="Share of renewable or low-carbon electricity, percent."
    )
    transfer_map_url: TimedText | None = Field(
        default=None, description="Public page mapping health-data transfers (HDS EXI 31)."
    )


class Contract(Model):
    """Terms of the service agreement."""

    governing_law: TimedCountry | None = Field(
        default=None, description="Country whose law governs the service agreement."
    )
    change_notice_days: TimedDays | None = Field(
        default=None,
        description="Days within which the customer is told of a change affecting protection "
        "against non-EU law.",
    )
    termination_on_qualification_loss: TimedBool | None = Field(
        default=None, description="Termination without penalty if the qualification is lost."
    )
    reversibility_clause: TimedBool | None = Field(
        default=None, description="Reversibility: data returned in documented formats or APIs."
    )
    data_erasure_notice_days: TimedDays | None = Field(
        default=None, description="Days after contract end before customer data is erased."
    )
    french_language_support: TimedBool | None = Field(
        default=None, description="Interfaces and first-level support available in French."
    )


class ProviderProfile(Model):
    """What is known, with sources, about one cloud provider at a date."""

    id: Slug = Field(description="Provider id; equals the file name without '.yaml'.")
    name: str = Field(description="Name buyers know the provider by.")
    as_of: dt.date = Field(description="Date up to which the facts were checked.")
    description: str | None = Field(default=None, description="One paragraph, our own words.")
    sources: dict[Slug, Source] = Field(
        description="Every source the facts cite, by id.", min_length=1
    )
    organisation: Organisation = Field(default_factory=Organisation)
    operations: Operations = Field(default_factory=Operations)
    contract: Contract = Field(default_factory=Contract)
    services: list[Service] = Field(default_factory=list, description="The service catalogue.")
    services_complete: BoolFact | None = Field(
        default=None,
        description="true when 'services' lists the whole catalogue; otherwise a rule asking "
        "for some service that is not listed is unknown, not a gap.",
    )
    offers: list[Offer] = Field(
        default_factory=list,
        description="Bundles of services a buyer would take together; `compare` shows each "
        "provider's best offer for the stack asked.",
    )
    registers: list[Register] = Field(
        default_factory=list,
        description="Completeness of the listing per scheme, dated by its source: up to that "
        "date, a service not listed as holding the scheme does not hold it.",
    )
    attestations: dict[str, BoolFact] = Field(
        default_factory=dict,
        description="Per rule id: a sourced statement that the requirement is met (true) or not "
        "(false), for requirements no other fact decides. It speaks from its source's date on: "
        "before that date the rule reads as if it were absent.",
    )
    metadata: dict[str, object] = Field(
        default_factory=dict, description="Free-form data for your own reference."
    )
