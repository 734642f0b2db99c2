"""Moving goalposts: each provider's score and blocking gaps at every revision of a rule set."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from compliance.engine.evaluate import RuleSets, evaluate
from compliance.engine.revisions import revision_ids
from compliance.models.base import Field, Model
from compliance.models.profile import ProviderProfile
from compliance.models.ruleset import Provenance
from compliance.reading.load import LoadedRuleSet


class Point(Model):
    revision: str
    rules: int
    applicable: int = Field(description="Rules that apply (met, partial, gap or unknown).")
    met: int
    partial: int
    gap: int
    unknown: int
    blocking_gaps: int
    score: float
    weighted_score: float


class ProviderHistory(Model):
    provider: str
    name: str
    points: list[Point]


class History(Model):
    ruleset: str
    provenance: Provenance = Field(description="published, reconstruction or illustrative.")
    title: str
    version: str
    evaluated_at: dt.date
    revisions: list[str]
    providers: list[ProviderHistory]


def history(
    target: LoadedRuleSet, profiles: Sequence[ProviderProfile], at: dt.date, support: RuleSets = ()
) -> History:
    """``support`` rule sets resolve {rule: ...} references without being reported."""
    revisions: list[str | None] = [*revision_ids(target)] or [None]
    out = []
    for profile in profiles:
        points = []
        for revision in revisions:
            report = evaluate([(target, revision)], profile, at, support=support)
            total = report.summary.rulesets[0].total
            points.append(
                Point(
                    revision=revision or target.model.version,
                    rules=len(report.results),
                    applicable=total.applicable,
                    met=total.counts.met,
                    partial=total.counts.partial,
                    gap=total.counts.gap,
                    unknown=total.counts.unknown,
                    blocking_gaps=len(report.summary.blocking_gaps),
                    score=total.score,
                    weighted_score=total.weighted_score,
                )
            )
        out.append(ProviderHistory(provider=profile.id, name=profile.name, points=points))
    return History(
        ruleset=target.model.id,
        provenance=target.model.provenance,
        title=target.model.title,
        version=target.model.version,
        evaluated_at=at,
        revisions=[r or target.model.version for r in revisions],
        providers=out,
    )
