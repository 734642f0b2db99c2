"""The procurement table: providers side by side, per rule set and category, per horizon."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from compliance.engine.results import Report, Result, Span, score
from compliance.models.base import Field, Model


class Cell(Model):
    provider: str
    scores: list[float] = Field(description="Weighted score at each horizon, 0 to 1.")
    met: list[int] = Field(description="Rules met at each horizon.")
    partial: list[int] = Field(description="Rules partially met at each horizon.")
    gap: list[int] = Field(description="Gaps at each horizon.")
    unknown: list[int] = Field(
        description="Rules unknown (a needed fact is missing) at each "
        "horizon: evidence gaps, not gaps."
    )
    applicable: int
    blocking_gaps: int = Field(description="Blocking gaps now.")


class Row(Model):
    ruleset: str
    category: str | None = Field(description="None for the rule set as a whole.")
    cells: list[Cell]
    best: list[str] = Field(description="Providers with the best weighted score now (ties).")


class BestOffer(Model):
    """A provider's offer that meets the most per-offer rules (the stack asked)."""

    provider: str
    offer: str
    met: int
    rules: int


class Ranked(Model):
    provider: str
    gate: str | None = Field(description="pass, unknown or fail against --min-seal; null: none.")
    seal: Span | None
    score: Span


class Ranking(Model):
    """A graded rule set's providers at one horizon, ranked as a buyer does: those that reach
    the minimum level first (pass, then unknown, then fail), then by score (worst case first)."""

    ruleset: str
    months: int
    entries: list[Ranked]


class Comparison(Model):
    evaluated_at: dt.date
    reconstructed: list[str] = Field(
        description="Rule sets used that are reconstructions or illustrations (not findings)."
    )
    rankings: list[Ranking] = Field(
        default_factory=list, description="Graded rule sets: providers ranked per horizon."
    )
    best_offers: list[BestOffer] = Field(
        description="Per provider declaring offers: the offer meeting the most per-offer rules."
    )
    horizons: list[int]
    providers: list[dict[str, str]]
    rows: list[Row]


def _status_at(result: Result, index: int) -> str:
    return result.horizons[index].status if result.horizons else result.status


def _cell(report: Report, results: list[Result], months: list[int]) -> Cell:
    counts = []
    for i in range(len(months)):
        at_h = [r.model_copy(update={"status": _status_at(r, i)}) for r in results]
        counts.append(score(at_h))
    return Cell(
        provider=report.provider.id,
        scores=[s.weighted_score for s in counts],
        met=[s.counts.met for s in counts],
        partial=[s.counts.partial for s in counts],
        gap=[s.counts.gap for s in counts],
        unknown=[s.counts.unknown for s in counts],
        applicable=score(results).applicable,
        blocking_gaps=sum(r.severity == "blocking" and r.status == "gap" for r in results),
    )


def _best_offer(report: Report) -> BestOffer | None:
    per: dict[str, int] = {}
    rules = [r for r in report.results if r.offers]
    for r in rules:
        for unit in r.offers or []:
            per[unit.id] = per.get(unit.id, 0) + (unit.status == "met")
    if not per:
        return None
    offer = min(per, key=lambda o: (-per[o], o))
    return BestOffer(provider=report.provider.id, offer=offer, met=per[offer], rules=len(rules))


_GATE_ORDER = {"pass": 0, None: 0, "unknown": 1, "fail": 2}


def _rankings(reports: Sequence[Report], months: list[int]) -> list[Ranking]:
    out = []
    graded = [s.ruleset for s in reports[0].summary.rulesets if s.grading is not None]
    for ruleset in graded:
        for i, m in enumerate(months):
            entries = []
            for report in reports:
                g = next(s.grading for s in report.summary.rulesets if s.ruleset == ruleset)
                assert g is not None
                if g.horizons:
                    h = g.horizons[i]
                    entries.append(
                        Ranked(provider=report.provider.id, gate=h.gate, seal=h.seal, score=h.score)
                    )
                else:
                    entries.append(
                        Ranked(
                            provider=report.provider.id,
                            gate=g.gate.verdict if g.gate else None,
                            seal=g.seal,
                            score=g.score,
                        )
                    )
            entries.sort(
                key=lambda e: (_GATE_ORDER[e.gate], -e.score.low, -e.score.high, e.provider)
            )
            out.append(Ranking(ruleset=ruleset, months=m, entries=entries))
    return out


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
        cells = [
            _cell(
                rep,
                [
                    r
                    for r in rep.results
                    if r.ruleset == ruleset and (category is None or r.category == category)
                ],
                months,
            )
            for rep in reports
        ]
        top = max(c.scores[0] for c in cells)
        best = [c.provider for c in cells if c.scores[0] == top and top > 0]
        rows.append(Row(ruleset=ruleset, category=category, cells=cells, best=best))
    return Comparison(
        evaluated_at=reports[0].evaluated_at,
        horizons=months,
        reconstructed=sorted({n for r in reports for n in r.reconstructed}),
        best_offers=[b for r in reports if (b := _best_offer(r)) is not None],
        rankings=_rankings(reports, months),
        providers=[
            {"id": r.provider.id, "name": r.provider.name, "as_of": str(r.provider.as_of)}
            for r in reports
        ],
        rows=rows,
    )
