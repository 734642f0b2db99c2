"""Time: horizons after the evaluation date, and the provider's dated commitments.

A horizon is a date ``months`` after ``at``. At a horizon, a certification commitment (planned or
in progress) whose target date falls between ``at`` and the horizon counts as delivered — a
projection, marked as such — while one whose target passed before ``at`` without evidence of
delivery is *slipped* and never counts.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import NamedTuple

from compliance.i18n import _
from compliance.models.profile import ProviderProfile


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def parse_horizons(text: str) -> list[int]:
    """'0,6,12,18' -> [0, 6, 12, 18]; raises ValueError with a readable message."""
    try:
        months = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError:
        raise ValueError(
            f"--horizons expects months as numbers, e.g. 0,6,12,18; got {text!r}"
        ) from None
    if not months or months[0] < 0:
        raise ValueError(f"--horizons expects months >= 0, e.g. 0,6,12,18; got {text!r}")
    return months if months[0] == 0 else [0, *months]


class Commitment(NamedTuple):  # not a frozen dataclass: see errors.Problem
    """A certification the provider has committed to, for one service."""

    service: str
    scheme: str
    version: str | None
    status: str
    target: dt.date
    source: str

    @property
    def label(self) -> str:
        version = f" {self.version}" if self.version else ""
        return _(
            "%(service)s: %(scheme)s by %(date)s",
            service=self.service,
            scheme=self.scheme + version,
            date=self.target,
        )

    def slipped(self, at: dt.date) -> bool:
        return self.target < at


def commitments(profile: ProviderProfile) -> list[Commitment]:
    """Every dated commitment of the profile, by target date."""
    found = [
        Commitment(service.id, cert.scheme, cert.version, cert.status, cert.target, cert.source)
        for service in profile.services
        for cert in service.certifications
        if cert.status in ("planned", "in_progress") and cert.target is not None
    ]
    return sorted(found, key=lambda c: (c.target, c.service, c.scheme))
