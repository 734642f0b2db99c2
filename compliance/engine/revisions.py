"""Revisions of a rule set: which rules are in force at a given revision."""

from __future__ import annotations

from compliance.errors import did_you_mean
from compliance.reading.load import CompiledRule, LoadedRuleSet


def revision_ids(loaded: LoadedRuleSet) -> list[str]:
    return [r.id for r in loaded.model.revisions]


def check_revision(loaded: LoadedRuleSet, revision: str | None) -> str | None:
    """An error message when ``revision`` is not one of the rule set's, else None."""
    ids = revision_ids(loaded)
    if revision is None or revision in ids:
        return None
    declared = ", ".join(ids) if ids else "none"
    return (
        f"rule set '{loaded.model.id}' has no revision '{revision}' (declared: {declared})"
        + did_you_mean(revision, ids)
    )


def in_force(
    introduced: str | None, removed: str | None, revision: str | None, order: list[str]
) -> bool:
    """Whether an item introduced/removed at these revisions exists at ``revision``.

    Without a revision, the latest state counts: everything not removed.
    """
    if revision is None or not order:
        return removed is None
    at = order.index(revision)
    start = order.index(introduced) if introduced in order else 0
    end = order.index(removed) if removed in order else len(order)
    return start <= at < end


def active_rules(loaded: LoadedRuleSet, revision: str | None) -> list[CompiledRule]:
    order = revision_ids(loaded)
    return [c for c in loaded.rules if in_force(c.rule.introduced, c.rule.removed, revision, order)]
