"""The language of a run: the words of reports and messages in English (the source language,
written in the code) or French (the gettext catalogue ``locale/fr/LC_MESSAGES/compliance.po``,
kept with Babel, compiled to the ``.mo`` shipped beside it).

A command chooses the language once (``use``), before evaluating: the engine writes reasons and
notes into the results, and the formats their own words. English costs nothing: ``_`` fills in
the English text itself, no catalogue is read and Babel is not imported. In French, gettext
reads the .mo once and Babel formats the numbers (decimal comma, grouped thousands).

Conventions, which the catalogue tests rely on:

* ``_("... %(name)s ...", name=value)``: named placeholders, so that a translation can move
  them; a literal percent sign is ``%%`` when there are placeholders. Never an f-string inside
  ``_()``: it cannot be looked up.
* ``ngettext(singular, plural, n)``: counted words, ``%(num)d`` is ``n``.
* ``N_(text)`` marks a text where it is defined (a table built at import, before the language
  is chosen) and ``_(text)`` translates it where it is shown.
* ``term(kind, value)``: the label of a value of a closed vocabulary (``TERMS``, derived from
  ``vocabulary``); their catalogue entries are derived from those lists, the kind as context.
* Rule texts come from the rule sets: ``localise`` picks their ``translations`` in the run's
  language and names the texts left in English, which every format marks.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # imported where a French number needs it: `--help` has no use for decimal
    from decimal import Decimal

from compliance.vocabulary import (
    CERTIFICATION_STATUSES,
    CONFIDENCES,
    DATA_KINDS,
    LANGUAGES,
    LAYERS,
    PROVENANCES,
    RULE_CATEGORIES,
    RULE_SCOPES,
    SEVERITIES,
    STATUSES,
)

DOMAIN = "compliance"
LOCALES = Path(__file__).with_name("locale")
SOURCE = "en"  # the language rule texts and the code's words are written in
# The closed vocabularies shown in reports, by kind (the catalogue's context of their labels).
TERMS: dict[str, tuple[str, ...]] = {
    "status": STATUSES,
    "severity": SEVERITIES,
    "category": RULE_CATEGORIES,
    "confidence": tuple(CONFIDENCES),
    "layer": LAYERS,
    "data": DATA_KINDS,
    "scope": RULE_SCOPES,
    "certification": CERTIFICATION_STATUSES,
    "provenance": PROVENANCES,
}
# Rule and rule set texts that have translations (models.ruleset.Texts), in display order.
TEXTS = ("title", "summary", "remediation")


class _Run:
    """The run's language, and its catalogue (gettext.GNUTranslations; None in English)."""

    language: str = SOURCE
    catalogue: Any = None


_run = _Run()


def use(language: str) -> str:
    """Make ``language`` the run's language; returns the one it replaces."""
    if language not in LANGUAGES:
        raise ValueError(f"no language {language!r} (languages: {', '.join(LANGUAGES)})")
    previous, _run.language = _run.language, language
    if language == SOURCE:
        _run.catalogue = None
    else:
        import gettext

        _run.catalogue = gettext.translation(DOMAIN, LOCALES, languages=[language])
    return previous


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """The run's language is ``language`` within the block (tests, and callers rendering in
    several languages in one process)."""
    previous = use(language)
    try:
        yield
    finally:
        use(previous)


def language() -> str:
    return _run.language


def _(text: str, /, **values: Any) -> str:
    """``text`` in the run's language, its ``%(name)s`` placeholders filled with ``values``."""
    catalogue = _run.catalogue
    if catalogue is not None:
        text = catalogue.gettext(text)
    return text % values if values else text


def ngettext(singular: str, plural: str, n: int, /, **values: Any) -> str:
    """The form of ``n`` (``%(num)d`` in the texts) in the run's language."""
    catalogue = _run.catalogue
    if catalogue is not None:
        text = catalogue.ngettext(singular, plural, n)
    else:
        text = singular if n == 1 else plural
    return text % {"num": n, **values}


def pgettext(context: str, text: str, /, **values: Any) -> str:
    """``text`` as used in ``context`` (one English word, two French ones: "Waived" heads a
    column of counts, dérogées, and labels one requirement, dérogée)."""
    catalogue = _run.catalogue
    if catalogue is not None:
        text = catalogue.pgettext(context, text)
    return text % values if values else text


def N_(text: str) -> str:
    """Marks ``text`` for the catalogue without translating it (translated where shown)."""
    return text


def term(kind: str, value: str) -> str:
    """The label of ``value`` of the vocabulary ``kind`` (TERMS): in English the value with
    spaces for underscores (not_applicable: not applicable)."""
    label = value.replace("_", " ")
    catalogue = _run.catalogue
    if catalogue is None:
        return label
    return catalogue.pgettext(kind, label)


def localise(
    original: Mapping[str, str | None],
    translations: Mapping[Any, Any],
    fields: tuple[str, ...] = TEXTS,
) -> tuple[dict[str, str | None], list[Any]]:
    """Texts of a rule (or rule set) in the run's language: each field of
    ``translations[language]`` that is given, else the original (English); with the names of
    the fields left in English although the run's language is not English (each format marks
    them: a missing translation shows, it is never passed off as one)."""
    chosen = translations.get(_run.language)
    texts, untranslated = dict(original), []
    for field in fields:
        given = getattr(chosen, field, None) if chosen is not None else None
        if given:
            texts[field] = given
        elif _run.language != SOURCE and original.get(field):
            untranslated.append(field)
    return texts, untranslated


def title(rule: Any) -> tuple[str, list[Literal["title"]]]:
    """A rule's (or rule set's) title in the run's language, and ["title"] when it is left in
    English."""
    texts, untranslated = localise({"title": rule.title}, rule.translations, ("title",))
    return texts["title"] or rule.title, ["title"] if untranslated else []


# --- numbers ----------------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def _babel(value: Decimal, pattern: str, quantize: bool, language: str) -> str:
    """Babel's formatting (CLDR), kept: the same scores recur throughout a report, and one call
    costs ~70 µs."""
    from babel.numbers import format_decimal

    return format_decimal(value, format=pattern, locale=language, decimal_quantization=quantize)


def fixed(value: float | Decimal | int, places: int) -> str:
    """``value`` with ``places`` decimals: 2.6 in English, 2,6 in French. Rounded as Python's
    format rounds it in every language, so both languages show the same digits."""
    text = f"{value:.{places}f}"
    if _run.catalogue is None:
        return text
    from decimal import Decimal

    return _babel(
        Decimal(text), "#,##0" + ("." + "0" * places if places else ""), True, _run.language
    )


def exact(value: object) -> str:
    """An exact number as written, every digit and none more: 41.67 and 1000 in English (never
    41.6700 or 1E+3), 41,67 and 1 000 in French."""
    text = format(value, "f") if not isinstance(value, int) else str(value)
    text = text.rstrip("0").rstrip(".") if "." in text else text
    if _run.catalogue is None:
        return text
    from decimal import Decimal

    return _babel(Decimal(text), "#,##0.###", False, _run.language)
