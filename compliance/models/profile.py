"""A provider profile: the organisation, where it operates, its contract terms and its services.

Every fact carries provenance. A fact that is absent is unknown, and stays visible as unknown in
evaluations: nothing here is ever assumed.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from compliance.models.common import (
    BoolFact,
    CountriesFact,
    Country,
    CountryFact,
    DaysFact,
    Model,
    Slug,
    Source,
    Sourced,
    TextFact,
)

# Certification and qualification schemes: id -> (name, standard validity in years).
# Validity is used only when a certificate's expiry date is not known (see Certification).
SCHEMES: dict[str, tuple[str, int]] = {
    "secnumcloud": ("ANSSI SecNumCloud qualification", 3),
    "hds": ("Hébergeur de données de santé (HDS) certification", 3),
    "iso27001": ("ISO/IEC 27001 certification", 3),
    "iso27017": ("ISO/IEC 27017 certification", 3),
    "iso27018": ("ISO/IEC 27018 certification", 3),
    "iso27701": ("ISO/IEC 27701 certification", 3),
    "iso9001": ("ISO 9001 certification", 3),
    "c5": ("BSI C5 attestation", 1),
    "soc2": ("SOC 2 type II report", 1),
    "isae3402": ("ISAE 3402 type II report", 1),
    "pci-dss": ("PCI DSS attestation", 1),
    "cispe": ("CISPE data protection code of conduct", 3),
    "gaia-x": ("Gaia-X label", 1),
    "eucs": ("EU Cybersecurity Certification Scheme for Cloud Services", 3),
}
Scheme = Literal[
    "secnumcloud", "hds", "iso27001", "iso27017", "iso27018", "iso27701", "iso9001", "c5", "soc2",
    "isae3402", "pci-dss", "cispe", "gaia-x", "eucs",
]
Layer = Literal["IaaS", "CaaS", "PaaS", "SaaS"]
LAYERS: tuple[Layer, ...] = ("IaaS", "CaaS", "PaaS", "SaaS")
Category = Literal[
    "compute", "bare-metal", "private-cloud", "managed-kubernetes", "containers",
    "object-storage", "block-storage", "file-storage", "backup", "managed-database",
    "analytics", "data-lake", "notebooks", "machine-learning", "ai-inference", "identity",
    "logging", "monitoring", "networking", "security", "pseudonymisation",
    "secure-processing-environment", "collaboration", "productivity", "other",
]
CertificationStatus = Literal["held", "planned", "in_progress", "not_held", "ended"]


class Certification(Sourced):
    """A certification or qualification that one service holds, has held, or is expected to hold.

    When it is valid at a date D (``held``): from ``obtained`` (or, if unknown, from the source's
    date: before that it is unknown) until ``expires``. Without a known expiry it counts as valid for
    the scheme's standard period from ``obtained`` (or the source's date), then reads unknown until
    a newer source re-attests it. ``planned``, ``in_progress`` and ``not_held`` are never valid;
    ``ended`` was valid from ``obtained`` until ``expires``. A commitment's ``target`` date is used
    only for projections at future horizons.
    """

    scheme: Scheme = Field(description="Scheme id, e.g. secnumcloud, hds, iso27001, gaia-x.")
    version: str | None = Field(
        default=None, description="Version of the scheme's referential, e.g. \"3.2\" or \"v2\"."
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
    activities: list[Literal[1, 2, 3, 4, 5, 6]] = Field(
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
    certifications: list[Certification] = Field(
        default_factory=list, description="Certifications and qualifications of this service."
    )


class Register(Sourced):
    """A completeness statement: as of its source's date, every service of the provider that
    holds ``scheme`` is listed in ``services``, with that certification (e.g. from the ANSSI
    catalogue of qualified services, or a source naming all of them)."""

    scheme: Scheme = Field(description="Scheme whose holders are all listed.")


class Shareholder(Sourced):
    """A holder of capital or voting rights, direct or indirect (the chain flattened)."""

    name: str = Field(description="Name of the holder.")
    country: Country = Field(description="Country of its registered office.")
    capital_share: float | None = Field(
        default=None, ge=0, le=100, description="Share of capital held, in percent."
    )
    voting_share: float | None = Field(
        default=None, ge=0, le=100, description="Share of voting rights held, in percent."
    )
    veto_right: bool | None = Field(
        default=None, description="Holds a veto right (by contract or by-laws)."
    )
    appoints_board_majority: bool | None = Field(
        default=None, description="Can appoint the majority of the board or management."
    )


class Subcontractor(Sourced):
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


class Parent(Sourced):
    """The company at the top of the ownership and control chain."""

    name: str = Field(description="Name of the ultimate parent company.")
    country: Country = Field(description="Country of its registered office.")


class Organisation(Model):
    """The provider as a company: who it is, where it is established, who owns and controls it."""

    legal_entity: TextFact | None = Field(
        default=None, description="The company that provides the service."
    )
    registered_office: CountryFact | None = Field(
        default=None, description="Country of the registered office (siège statutaire)."
    )
    central_administration: CountryFact | None = Field(
        default=None, description="Country of the central administration."
    )
    principal_establishment: CountryFact | None = Field(
        default=None, description="Country of the principal establishment."
    )
    ultimate_parent: Parent | None = Field(
        default=None, description="Top of the ownership chain; absent when unknown."
    )
    listed: BoolFact | None = Field(
        default=None, description="Shares listed on a regulated market."
    )
    shareholders: list[Shareholder] = Field(
        default_factory=list, description="Holders of capital or votes (indirect holders too)."
    )
    shareholders_complete: BoolFact | None = Field(
        default=None,
        description="true when 'shareholders' lists every holder that counts (for a listed "
        "company, every declared threshold crossing); totals are unknown otherwise.",
    )
    subcontractors: list[Subcontractor] = Field(
        default_factory=list, description="Third parties involved in delivering the services."
    )
    subcontractors_complete: BoolFact | None = Field(
        default=None,
        description="true when 'subcontractors' is the complete list; a rule about every "
        "subcontractor can only be met when it is.",
    )
    foreign_government_links: BoolFact | None = Field(
        default=None, description="Links with a non-EU government or public body are known."
    )


class Operations(Model):
    """Where data, administration and support are located and reachable from."""

    data_locations: CountriesFact | None = Field(
        default=None, description="Countries where customer data is stored and processed."
    )
    technical_data_locations: CountriesFact | None = Field(
        default=None, description="Countries where technical data (identities, logs...) live."
    )
    administration_locations: CountriesFact | None = Field(
        default=None, description="Countries from which the service is administered."
    )
    support_locations: CountriesFact | None = Field(
        default=None, description="Countries from which customer support is provided."
    )
    remote_access_outside_eea: BoolFact | None = Field(
        default=None, description="Health or customer data can be reached from outside the EEA."
    )
    remote_access_safeguard: TextFact | None = Field(
        default=None,
        description="Legal basis of remote access from outside the EEA: 'adequacy' (GDPR art. "
        "45), 'safeguards' (art. 46), or a description.",
    )
    relies_on_data_privacy_framework: BoolFact | None = Field(
        default=None, description="Transfers rely on the EU-US Data Privacy Framework."
    )
    third_country_law_disclosed: BoolFact | None = Field(
        default=None,
        description="The contract lists the non-EU laws that could force access, the "
        "mitigations and the residual risks (HDS EXI 30).",
    )
    transfer_map_url: TextFact | None = Field(
        default=None, description="Public page mapping health-data transfers (HDS EXI 31)."
    )


class Contract(Model):
    """Terms of the service agreement."""

    governing_law: CountryFact | None = Field(
        default=None, description="Country whose law governs the service agreement."
    )
    change_notice_days: DaysFact | None = Field(
        default=None,
        description="Days within which the customer is told of a change affecting protection "
        "against non-EU law.",
    )
    termination_on_qualification_loss: BoolFact | None = Field(
        default=None, description="Termination without penalty if the qualification is lost."
    )
    reversibility_clause: BoolFact | None = Field(
        default=None, description="Reversibility: data returned in documented formats or APIs."
    )
    data_erasure_notice_days: DaysFact | None = Field(
        default=None, description="Days after contract end before customer data is erased."
    )
    french_language_support: BoolFact | None = Field(
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
