"""Certifications in time: whether a certification record is valid at a date, and whether a
service holds a scheme given all its records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from compliance.i18n import _, term
from compliance.language.catalogue import Known
from compliance.models.profile import SCHEMES, Certification, ProviderProfile, Service


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
                return False, _("obtained only on %(date)s", date=cert.obtained)
            return None, _("attested from %(date)s only; date obtained unknown", date=source_date)
        if cert.expires:
            if when < cert.expires:
                return True, _("valid until %(date)s", date=cert.expires)
            return False, _("ended on %(date)s", date=cert.expires)
        end = _add_years(start, SCHEMES[cert.scheme][1])
        if when < end:
            since = (
                _("obtained %(date)s", date=cert.obtained)
                if cert.obtained
                else _("attested %(date)s", date=source_date)
            )
            return True, _(
                "%(since)s; expiry unknown, standard validity runs to %(date)s",
                since=since,
                date=end,
            )
        return None, _(
            "expiry unknown and standard validity ended %(date)s: needs re-attestation", date=end
        )
    status = term("certification", cert.status)
    if cert.status != "not_held" and cert.target:
        if when > at and at <= cert.target <= when:
            return True, _(
                "projected: commitment for %(date)s counted as delivered", date=cert.target
            )
        if cert.target < at:
            status = _(
                "slipped (target %(date)s passed, no evidence of delivery); %(status)s",
                date=cert.target,
                status=status,
            )
    if when <= source_date:
        return False, _("%(status)s as of %(date)s", status=status, date=source_date)
    return None, _("%(status)s as of %(date)s; unknown since", status=status, date=source_date)


def counts_commitment(cert: Certification, valid: bool | None) -> bool:
    """Whether ``valid`` (from ``certification_validity``) counts a commitment as delivered: a
    certification not held is valid only in a projection to a future horizon."""
    return valid is True and cert.status in _NEGATIVE


def _valid_certs(
    service: Service, profile: ProviderProfile, at: dt.date, when: dt.date
) -> list[tuple[Certification, bool | None, str]]:
    out = []
    for cert in service.certifications:
        source_date = profile.sources[cert.source].date if cert.source in profile.sources else at
        valid, note = certification_validity(cert, source_date, at, when)
        out.append((cert, valid, note))
    return out


_NEGATIVE = ("planned", "in_progress", "not_held")


def _holds(
    certs: list[tuple[Certification, bool | None, str]],
    match: Callable[[Certification], bool],
    fallback: tuple[str, ...],
    service: str,
) -> Known:
    """True if a matching certification is valid at the date; False if none is and a record
    says so at that date; otherwise unknown — including when nothing is recorded at all, since
    an unmentioned certification is unknown, never assumed absent (nor present)."""
    relevant = [(c, v, n) for c, v, n in certs if match(c)]
    for cert, valid, note in relevant:
        if valid:
            return Known(
                True, (cert.source,), note, service if counts_commitment(cert, valid) else ""
            )
    if not relevant:
        return Known(None, fallback, _("none recorded for this service"))
    # A dated negative record ("not obtained as of S") settles every date up to S, even where
    # a later record, attested only from its own date, cannot say when it was obtained.
    negative = [(c, n) for c, v, n in relevant if v is False and c.status in _NEGATIVE]
    unsure = [(c, n) for c, v, n in relevant if v is None]
    if unsure and not negative:
        return Known(None, tuple(c.source for c, _ in unsure), unsure[0][1])
    return Known(
        False,
        tuple(c.source for c, v, _ in relevant if v is False),
        "; ".join(n for _, v, n in relevant if v is False),
    )
