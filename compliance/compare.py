"""The procurement table: providers side by side, per rule set and category, per horizon."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from pydantic import Field

from compliance.models.common import Model
from compliance.results import Report, Result, score


class Cell(Model):
    provider: str
    scores: list[float] = Field(description="Weighted score at each horizon, 0 to 1.")
    met: list[int] = Field(description="Rules met at each horizon.")
    applicable: int
    blocking_gaps: int = Field(description="Blocking gaps now.")


class Row(Model):
    ruleset: str
    category: str | None = Field(description="None for the rule set as a whole.")
    cells: list[Cell]
    best: list[str] = Field(description="Providers with the best weighted score now (ties).")


class Comparison(Model):
    evaluated_at: dt.date
    horizons: list[int]
    providers: list[dict[str, str]]
    rows: list[Row]


def _status_at(result: Result, index: int) -> str:
    return result.horizons[index].status if result.horizons else result.status


def _cell(report: Report, results: list[Result], months: list[int]) -> Cell:
    scores, met = [], []
    for i in range(len(months)):
        at_h = [r.model_copy(update={"status": _status_at(r, i)}) for r in results]
        s = score(at_h)
        scores.append(s.weighted_score)
        met.append(s.counts.met)
    return Cell(provider=report.provider.id, scores=scores, met=met,
                applicable=score(results).applicable,
                blocking_gaps=sum(r.severity == "blocking" and r.status == "gap"
                                  for r in results))


def compare(reports: Sequence[Report]) -> Comparison:
    months = reports[0].horizons or [0]
    keys: list[tuple[str, str | None]] = []
    for report in reports:
        for r in report.results:
            for key in ((r.ruleset, None), (r.ruleset, r.category)):
                if key not in keys:
                    keys.append(key)
    keys.sort(key=lambda k: (k[0], k[1] or ""))
    rows = []
    for ruleset, category in keys:
        cells = [_cell(rep, [r for r in rep.results if r.ruleset == ruleset
                             and (category is None or r.category == category)], months)
                 for rep in reports]
        top = max(c.scores[0] for c in cells)
        best = [c.provider for c in cells if c.scores[0] == top and top > 0]
        rows.append(Row(ruleset=ruleset, category=category, cells=cells, best=best))
    return Comparison(
        evaluated_at=reports[0].evaluated_at, horizons=months,
        providers=[{"id": r.provider.id, "name": r.provider.name,
                    "as_of": str(r.provider.as_of)} for r in reports],
        rows=rows)
