"""The CSV report: one row per result, for spreadsheets. Every cell that a spreadsheet would
read as a formula is neutralised (OWASP, CSV injection): text from YAML files is data, never
code."""

from __future__ import annotations

import csv
import io

from compliance.engine.results import Report
from compliance.formats.text import marked
from compliance.i18n import _

COLUMNS = (
    "provider",
    "evaluated_at",
    "ruleset",
    "provenance",
    "rule",
    "title",
    "clauses",
    "category",
    "severity",
    "status",
    "confidence",
    "reason",
    "services",
    "waiver",
    "closing",
    "remediation",
)
# A leading =, +, - or @ starts a formula, and so can a tab or carriage return before one.
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    """A value as an inert cell: a leading single quote before anything a spreadsheet would
    evaluate (the quote shows, the formula does not run)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def render(report: Report) -> str:
    """UTF-8 with a byte-order mark (so that Excel reads accents right), CRLF line ends (RFC
    4180), rows in the report's order."""
    provenance = {r.id: r.provenance for r in report.rulesets}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for r in report.results:
        services = "; ".join(f"{u.id}: {u.status}" for u in r.services or r.offers or [])
        waiver = (
            _(
                "%(id)s (%(decision)s, until %(expires)s; underlying %(status)s)",
                id=r.waiver.derogation,
                decision=r.waiver.decision,
                expires=r.waiver.expires,
                status=r.waiver.underlying,
            )
            if r.waiver
            else ""
        )
        closing = f"{r.closing.date}: {'; '.join(r.closing.commitments)}" if r.closing else ""
        writer.writerow(
            [
                cell(v)
                for v in (
                    report.provider.id,
                    report.evaluated_at,
                    r.ruleset,
                    provenance.get(r.ruleset),
                    r.rule,
                    marked(r, "title"),
                    "; ".join(r.clauses),
                    r.category,
                    r.severity,
                    r.status,
                    r.confidence,
                    r.reason,
                    services,
                    waiver,
                    closing,
                    marked(r, "remediation"),
                )
            ]
        )
    return "\ufeff" + out.getvalue()
