"""Vocabulary shared by rule sets and profiles: the base model, countries, sources and facts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

from compliance.countries import COUNTRIES
from compliance.models.base import (
    AfterValidator,
    BeforeValidator,
    Discriminator,
    Field,
    Model,
    PlainSerializer,
    Tag,
    WithJsonSchema,
    model_validator,
)
from compliance.vocabulary import CONFIDENCES

# A report's field saying that its title is shown in English for want of a translation: one
# definition for every report model that carries a rule's or a rule set's title.
UntranslatedTitle = Annotated[
    list[Literal["title"]],
    Field(
        default_factory=list,
        description="title: shown in English, as written, for want of a "
        "translation into the report's language.",
    ),
]


def _country(code: str) -> str:
    if code not in COUNTRIES:
        from compliance.countries import suggest_country  # only on the error path

        raise ValueError(
            f"'{code}' is not an ISO 3166-1 alpha-2 country code" + suggest_country(code)
        )
    return code


Country = Annotated[
    str,
    AfterValidator(_country),
    Field(description='ISO 3166-1 alpha-2 country code, upper case (write "NO" for Norway).'),
    # The editor flags "France" or "fr" too: the schema lists the codes.
    WithJsonSchema(
        {
            "type": "string",
            "enum": sorted(COUNTRIES),
            "description": "ISO 3166-1 alpha-2 country code, upper case.",
        }
    ),
]


def _exact(value: Any) -> Any:
    """Whole numbers become exact decimals (the YAML reader already reads 12.5 as one)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, float):
        raise ValueError(f"expected a finite number, got {value!r}")
    return value


def json_number(value: Decimal | int) -> int | float:
    """An exact number in JSON: an integer, or the shortest float that reads back as it."""
    if isinstance(value, int):  # results are built unvalidated: 0 may stay an int
        return value
    return int(value) if value == value.to_integral_value() else float(value)


Exact = Annotated[
    Decimal,
    BeforeValidator(_exact),
    PlainSerializer(json_number, when_used="json"),
    WithJsonSchema({"type": "number", "description": "A number, read exactly as written."}),
]
Percent = Annotated[
    Decimal,
    BeforeValidator(_exact),
    Field(ge=0, le=100),
    WithJsonSchema(
        {
            "type": "number",
            "minimum": 0,
            "maximum": 100,
            "description": "Percent, 0 to 100, read exactly as written.",
        }
    ),
]
Slug = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9][a-z0-9.-]*$", description="Lower-case identifier: a-z, 0-9, '-', '.'."
    ),
]

CONFIDENCE_ORDER: tuple[str, ...] = tuple(CONFIDENCES)
# Like every Literal derived from a vocabulary, Any to mypy (it reads only literal values).
Confidence = Literal[CONFIDENCE_ORDER]  # type: ignore[valid-type]
CONFIDENCE_HELP = (
    "How far the source can be trusted, strongest first: "
    + ", ".join(f"{k} ({v})" for k, v in CONFIDENCES.items())
    + "."
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


class Dated(Model):
    """A period of validity: a record of how things were between two dates (both optional)."""

    valid_from: dt.date | None = Field(
        default=None, description="First day this holds (absent: since before any date asked)."
    )
    valid_until: dt.date | None = Field(
        default=None, description="Day it stopped holding (it holds strictly before it)."
    )

    @model_validator(mode="after")
    def _period(self) -> Dated:
        if self.valid_from and self.valid_until and self.valid_until <= self.valid_from:
            raise ValueError("'valid_until' must come after 'valid_from'")
        return self

    def holds_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day < self.valid_until
        )


class _Fact(Dated):
    """A value with provenance: the source it comes from, and optionally a narrower confidence;
    a fact that changed is written as a list of such values, each with its period."""

    source: str = Field(description="Id of an entry of the profile's 'sources'.")
    confidence: Confidence | None = Field(
        default=None,
        description="Overrides the source's confidence for this fact. " + CONFIDENCE_HELP,
    )
    note: str | None = Field(default=None, description="Context for a reviewer, in our own words.")
    if TYPE_CHECKING:
        value: Any  # each kind of fact declares its own


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


class NumberFact(_Fact):
    value: Exact = Field(description="A number, read exactly as written (1.25).")


class DateFact(_Fact):
    value: dt.date = Field(description="A date (YYYY-MM-DD).")


def _one_or_many(data: object) -> str:
    return "<many>" if isinstance(data, list) else "<one>"


# A fact that may have changed over time: one value, or a list of values with their periods.
# The tags keep pydantic's errors to the branch the YAML actually wrote (a mapping or a list).
TIMED = Discriminator(_one_or_many)
_F = TypeVar("_F")
TIMED_TAGS = ("<one>", "<many>")


# The type of a fact that may have changed over time: one fact, or a list of them
# (``Timed[BoolFact]``). To the type checker it is the single fact: the engine reads profiles
# through ``snapshot.profile_on``, which resolves every list to the fact in force at a date, and
# the few places that see the lists (snapshot, checks) handle them generically, untyped.
if TYPE_CHECKING:
    Timed = Annotated[_F, TIMED]
else:
    Timed = Annotated[Annotated[_F, Tag("<one>")] | Annotated[list[_F], Tag("<many>")], TIMED]


class Sourced(Model):
    """A record of a collection (service, shareholder...) that carries its own provenance."""

    source: str = Field(description="Id of an entry of the profile's 'sources'.")
    confidence: Confidence | None = Field(
        default=None, description="Overrides the source's confidence for this record."
    )
    note: str | None = Field(default=None, description="Context for a reviewer, in our own words.")
