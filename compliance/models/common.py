"""Vocabulary shared by rule sets and profiles: the base model, countries, sources and facts."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator


class Model(BaseModel):
    """Frozen, strict, and no unknown keys: a typo in a hand-edited file is an error, not a no-op."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


# ISO 3166-1 alpha-2. "EU" and "EEA" are deliberately absent: they name groups, not countries.
COUNTRIES = frozenset("""
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT
BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH
ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT
HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS
LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI
NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG
SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG
UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
""".split())

# Member states of the European Union since 1 February 2020 (the United Kingdom left then).
EU = frozenset("AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split())
# The European Economic Area: the EU plus Iceland, Liechtenstein and Norway.
EEA = EU | {"IS", "LI", "NO"}
COUNTRY_GROUPS = {"EU": EU, "EEA": EEA}


def _country(code: str) -> str:
    if code not in COUNTRIES:
        hint = f" (did you mean '{code.upper()}'?)" if code.upper() in COUNTRIES else ""
        raise ValueError(f"'{code}' is not an ISO 3166-1 alpha-2 country code{hint}")
    return code


Country = Annotated[
    str,
    AfterValidator(_country),
    Field(description="ISO 3166-1 alpha-2 country code, upper case (write \"NO\" for Norway)."),
]
Slug = Annotated[
    str,
    Field(pattern=r"^[a-z0-9][a-z0-9.-]*$", description="Lower-case identifier: a-z, 0-9, '-', '.'."),
]

Confidence = Literal["official", "audited", "vendor_claim", "press", "third_party"]
CONFIDENCE_ORDER: tuple[Confidence, ...] = (
    "official", "audited", "vendor_claim", "press", "third_party"
)
CONFIDENCE_HELP = (
    "How far the source can be trusted, strongest first: official (official register, law, "
    "regulator or court decision), audited (certificate or audit report), vendor_claim (the "
    "provider's own documents), press (journalism), third_party (other secondary or "
    "machine-generated pages)."
)


class Source(Model):
    """A document that facts rely on, with its date and how much it can be trusted."""

    title: str = Field(description="Title of the document, article or register entry.")
    url: str | None = Field(
        default=None, pattern=r"^https?://\S+$", description="Where the source can be read."
    )
    document: str | None = Field(
        default=None, description="Reference of an offline document when there is no URL."
    )
    date: dt.date = Field(description="Date of the source (publication, or 'as of' for a page).")
    confidence: Confidence = Field(description=CONFIDENCE_HELP)

    @model_validator(mode="after")
    def _located(self) -> Source:
        if not (self.url or self.document):
            raise ValueError("a source needs a 'url' or a 'document'")
        return self


class _Fact(Model):
    """A value with provenance: the source it comes from, and optionally a narrower confidence."""

    source: str = Field(description="Id of an entry of the profile's 'sources'.")
    confidence: Confidence | None = Field(
        default=None, description="Overrides the source's confidence for this fact. " + CONFIDENCE_HELP
    )
    note: str | None = Field(default=None, description="Context for a reviewer, in our own words.")


class TextFact(_Fact):
    value: str = Field(description="The value.")


class CountryFact(_Fact):
    value: Country


class CountriesFact(_Fact):
    value: list[Country] = Field(min_length=1, description="ISO 3166-1 alpha-2 country codes.")


class BoolFact(_Fact):
    value: bool = Field(description="true or false.")


class DaysFact(_Fact):
    value: int = Field(ge=0, description="A number of calendar days.")


class Sourced(Model):
    """A record of a collection (service, shareholder...) that carries its own provenance."""

    source: str = Field(description="Id of an entry of the profile's 'sources'.")
    confidence: Confidence | None = Field(
        default=None, description="Overrides the source's confidence for this record."
    )
    note: str | None = Field(default=None, description="Context for a reviewer, in our own words.")
