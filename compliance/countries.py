"""Countries and the groups EU and EEA, each defined once and dated.

Codes are ISO 3166-1 alpha-2 (``COUNTRIES``; a test checks them against pycountry's
copy of the standard). Membership of the EU and the EEA changes in time — the United
Kingdom left both on 1 February 2020 — so a group is read at a date: ``members("EU", day)``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import lru_cache

# ISO 3166-1 alpha-2 (checked against pycountry by a test). "EU" and "EEA" are absent: they
# name groups, not countries.
COUNTRIES = frozenset(
    """
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT
BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH
ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT
HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS
LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI
NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG
SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG
UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
""".split()
)

_D = dt.date
# Member states with the day they joined and, where it applies, the day they left. Before the
# Maastricht treaty (1993-11-01) these are the European Communities, which the EU continued.
EU_MEMBERSHIP: dict[str, tuple[dt.date, dt.date | None]] = {
    **{c: (_D(1958, 1, 1), None) for c in ("BE", "DE", "FR", "IT", "LU", "NL")},
    **{c: (_D(1973, 1, 1), None) for c in ("DK", "IE")},
    "GB": (_D(1973, 1, 1), _D(2020, 2, 1)),
    "GR": (_D(1981, 1, 1), None),
    **{c: (_D(1986, 1, 1), None) for c in ("ES", "PT")},
    **{c: (_D(1995, 1, 1), None) for c in ("AT", "FI", "SE")},
    **{
        c: (_D(2004, 5, 1), None)
        for c in ("CY", "CZ", "EE", "HU", "LT", "LV", "MT", "PL", "SI", "SK")
    },
    **{c: (_D(2007, 1, 1), None) for c in ("BG", "RO")},
    "HR": (_D(2013, 7, 1), None),
}
# The EEA (in force 1994-01-01): the EU's members plus these, for as long as they take part.
EEA_ONLY: dict[str, tuple[dt.date, dt.date | None]] = {
    "IS": (_D(1994, 1, 1), None),
    "NO": (_D(1994, 1, 1), None),
    "LI": (_D(1995, 5, 1), None),
}
GROUPS = ("EU", "EEA")


@lru_cache(maxsize=64)
@lru_cache(maxsize=1024)
def members(group: str, day: dt.date) -> frozenset[str]:
    """The countries of ``group`` (EU or EEA) on ``day``."""

    def current(table: dict[str, tuple[dt.date, dt.date | None]]) -> set[str]:
        return {
            c
            for c, (joined, left) in table.items()
            if joined <= day and (left is None or day < left)
        }

    eu = current(EU_MEMBERSHIP)
    if group == "EU":
        return frozenset(eu)
    if group == "EEA":
        return frozenset(eu | current(EEA_ONLY)) if day >= _D(1994, 1, 1) else frozenset()
    raise KeyError(group)


def suggest_country(text: str) -> str:
    """A did-you-mean for a country written as a name or in lower case: 'France' -> FR."""
    import difflib

    import pycountry  # loaded only to word an error

    if text.upper() in COUNTRIES:
        return f" (did you mean '{text.upper()}'?)"
    names: dict[str, str] = {
        "uk": "GB",
        "great britain": "GB",
        "england": "GB",
        "usa": "US",
        "america": "US",
    }
    french = _french()
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            name = getattr(country, attr, None)
            if name:
                names[name.lower()] = country.alpha_2
                names[french(name).lower()] = country.alpha_2
        if len(text) == 3 and text.upper() == country.alpha_3:
            return f" (did you mean '{country.alpha_2}'?)"
    close = difflib.get_close_matches(text.lower(), list(names), n=1, cutoff=0.75)
    return f" (did you mean '{names[close[0]]}'?)" if close else ""


def _french() -> Callable[[str], str]:
    import gettext

    import pycountry

    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"]).gettext
    except OSError:
        return lambda name: name
