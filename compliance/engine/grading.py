"""Graded rules (answer ladders, as in the EU Cloud Sovereignty Framework) and their summaries.

A graded rule lists answers from worst to best, each with points, an assurance level (SEAL) and a
condition over facts. The outcome is the best answer whose condition holds. Three-valued, like
everything else: an answer whose condition is unknown may or may not hold, so the outcome is an
interval — from the best answer known to hold (or the worst still possible) to the best answer
still possible — and so are its points and its level. An objective's points add up; its level is
the minimum over its rules; the overall level is the minimum over all rules, the overall score
the weighted sum of the objectives' shares. Every figure is a ``[low, high]`` interval in exact
decimals, with the rules that hold the level down and those whose answer is still open.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from compliance import i18n
from compliance.engine.results import (
    Gate,
    Grade,
    GradingHorizon,
    GradingSummary,
    ObjectiveGrade,
    Result,
    Span,
    Verdict,
)
from compliance.language.catalogue import Scope
from compliance.language.conditions import Compiled, Step
from compliance.models.ruleset import Answer, Grading


def grade(
    answers: Sequence[tuple[Answer, Compiled | None]], scope: Scope, trace: list[Step] | None
) -> Grade:
    """The interval of outcomes of one graded rule on ``scope``."""
    # Answers often share a condition (one that no fact of ours tells apart from the next one
    # up): each distinct condition is evaluated, and traced, once (answers sharing a condition
    # share its compiled form, load._graded).
    seen: dict[int, bool | None] = {}
    holds: list[bool | None] = []
    keys: list[int | None] = []
    for _, compiled in answers:
        if compiled is None:
            holds.append(None)
            keys.append(None)
            continue
        key = id(compiled)
        if key not in seen:
            seen[key] = compiled(scope, trace)
        holds.append(seen[key])
        keys.append(key)
    possible = [i for i, h in enumerate(holds) if h is not False]
    if not possible:
        return Grade(
            answer=None,
            worst=None,
            best=None,
            points=Span(low=Decimal(0), high=Decimal(0)),
            seal=None,
            note=i18n._("no answer's condition holds"),
        )
    certain = [i for i in possible if holds[i] is True]
    low = max(certain) if certain else possible[0]
    # Answers that share the condition of the best certain one cannot be told apart from it:
    # the worst case is the lowest of them.
    while certain and low > 0 and keys[low - 1] is not None and keys[low - 1] == keys[low]:
        low -= 1
    high = max(possible)
    lo, hi = answers[low][0], answers[high][0]
    return Grade(
        answer=lo.label if low == high else None,
        worst=low,
        best=high,
        points=Span(low=lo.points, high=hi.points),
        seal=Span(low=lo.seal, high=hi.seal),
        note=""
        if low == high
        else i18n._(
            "between '%(worst)s' and '%(best)s': the facts that would tell are missing",
            worst=lo.label,
            best=hi.label,
        ),
    )


def status_of(g: Grade) -> str:
    return "answered" if g.worst is not None and g.worst == g.best else "unknown"


def reason_of(g: Grade) -> str:
    if g.worst is None:
        return g.note
    level = _span(g.seal)
    if g.worst == g.best:
        return i18n._(
            "answer %(n)s: %(answer)s (SEAL %(level)s, %(points)s points)",
            n=g.worst + 1,
            answer=g.answer,
            level=level,
            points=_num(g.points.low),
        )
    return i18n._(
        "%(note)s (SEAL %(level)s, %(low)s to %(high)s points)",
        note=g.note,
        level=level,
        low=_num(g.points.low),
        high=_num(g.points.high),
    )


def _num(value: Any) -> str:
    return i18n.exact(Decimal(str(value)).normalize())


def _span(span: Span | None) -> str:
    if span is None:
        return i18n._("none")
    if span.low == span.high:
        return f"{span.low}"
    return i18n._("%(low)s to %(high)s", low=span.low, high=span.high)


Minimum = tuple[int | None, dict[str, int]]  # overall minimum level, and per objective


def _verdict(seal: Span | None, minimum: int) -> Verdict:
    if seal is None:
        return "unknown"
    if seal.low >= minimum:
        return "pass"
    return "fail" if seal.high < minimum else "unknown"


def gate(seal: Span | None, per: list[ObjectiveGrade] | None, minimum: Minimum) -> Gate | None:
    """The buyer's minimum levels, overall and per objective: fail if one is missed even in the
    best case, pass if every one is met even in the worst case, unknown otherwise."""
    overall, objectives = minimum
    if overall is None and not objectives:
        return None
    verdicts = {"overall": _verdict(seal, overall)} if overall is not None else {}
    levels = {o.id: o.seal for o in per or []}
    verdicts.update({oid: _verdict(levels.get(oid), level) for oid, level in objectives.items()})
    failing = [k for k, v in verdicts.items() if v == "fail"]
    verdict: Verdict = (
        "fail" if failing else "pass" if all(v == "pass" for v in verdicts.values()) else "unknown"
    )
    return Gate(min_seal=overall, objectives=dict(objectives), verdict=verdict, failing=failing)


def _min(spans: list[Span]) -> Span | None:
    if not spans:
        return None
    return Span(low=min(s.low for s in spans), high=min(s.high for s in spans))


def _holding_down(grades: dict[str, Grade], level: Span | None) -> list[str]:
    """The rules whose best case is the level's best case: what holds the level down."""
    if level is None or level.high >= 4:
        return []
    return sorted(r for r, g in grades.items() if g.seal is not None and g.seal.high == level.high)


def _open(grades: dict[str, Grade]) -> list[str]:
    """Rules whose answer is still open, widest level interval first: what would narrow it."""
    undecided = [(r, g) for r, g in grades.items() if g.worst != g.best]
    undecided.sort(
        key=lambda x: (
            -(x[1].seal.high - x[1].seal.low) if x[1].seal else 0,
            -(Decimal(str(x[1].points.high)) - Decimal(str(x[1].points.low))),
            x[0],
        )
    )
    return [r for r, _ in undecided]


def totals(
    grading: Grading, weights_id: str, grades: dict[str, Grade], objective_of: dict[str, str]
) -> tuple[Span, Span | None, list[ObjectiveGrade]]:
    """(score in percent, overall level, per objective) from the rules' grades."""
    weights = next(w for w in grading.weights if w.id == weights_id).weights
    per: list[ObjectiveGrade] = []
    score_lo, score_hi = Decimal(0), Decimal(0)
    for objective in grading.objectives:
        mine = {r: g for r, g in grades.items() if objective_of[r] == objective.id}
        lo = sum((Decimal(str(g.points.low)) for g in mine.values()), Decimal(0))
        hi = sum((Decimal(str(g.points.high)) for g in mine.values()), Decimal(0))
        weight = weights[objective.id]
        score_lo += lo / grading.points_per_objective * weight
        score_hi += hi / grading.points_per_objective * weight
        level = _min([g.seal for g in mine.values() if g.seal is not None])
        per.append(
            ObjectiveGrade(
                id=objective.id,
                title=objective.title,
                weight=weight,
                points=Span(low=lo, high=hi),
                seal=level,
                holding_down=_holding_down(mine, level),
                open=_open(mine),
            )
        )
    overall = _min([g.seal for g in grades.values() if g.seal is not None])
    return (Span(low=_round(score_lo), high=_round(score_hi)), overall, per)


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"))


def summarise(
    grading: Grading, weights_id: str, results: list[Result], minimum: Minimum
) -> GradingSummary:
    grades = {r.rule: r.grade for r in results if r.grade is not None}
    # A graded rule always names its objective (the loader checks it).
    objective_of = {r.rule: r.objective or "" for r in results if r.grade is not None}
    score, seal, per = totals(grading, weights_id, grades, objective_of)
    return GradingSummary(
        weights=weights_id,
        note=grading.note,
        score=score,
        seal=seal,
        objectives=per,
        holding_down=_holding_down(grades, seal),
        open=_open(grades),
        gate=gate(seal, per, minimum),
        horizons=[],
    )


def horizon(
    grading: Grading,
    weights_id: str,
    grades: dict[str, Grade],
    objective_of: dict[str, str],
    months: int,
    day: dt.date,
    minimum: Minimum,
) -> GradingHorizon:
    score, seal, per = totals(grading, weights_id, grades, objective_of)
    verdict = gate(seal, per, minimum)
    return GradingHorizon(
        months=months, date=day, score=score, seal=seal, gate=verdict.verdict if verdict else None
    )
