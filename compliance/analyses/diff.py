"""What changed between two revisions of a referential (or two rule-set files)."""

from __future__ import annotations

from collections import Counter

from compliance import i18n
from compliance.engine.revisions import in_force, revision_ids
from compliance.models.base import Field, Model
from compliance.models.common import UntranslatedTitle
from compliance.models.ruleset import Rule
from compliance.reading.load import LoadedRuleSet


class RuleEntry(Model):
    rule: str
    title: str
    untranslated: UntranslatedTitle
    category: str
    severity: str
    note: str | None = Field(default=None, description="What changed, when recorded.")


class RevisionCounts(Model):
    ruleset: str
    provenance: str = Field(description="published, reconstruction or illustrative.")
    revision: str | None
    rules: int
    categories: dict[str, int] = Field(description="Rules in force per category (all listed).")
    use_cases: int


class Diff(Model):
    """Requirements added, removed and changed from ``a`` to ``b``, with counts per category."""

    a: RevisionCounts
    b: RevisionCounts
    added: list[RuleEntry]
    removed: list[RuleEntry]
    changed: list[RuleEntry]
    use_cases_added: list[str]
    use_cases_removed: list[str]


_CONTENT = {
    "title",
    "summary",
    "clauses",
    "category",
    "severity",
    "applies_to",
    "condition",
    "partial",
}


def _in_force(loaded: LoadedRuleSet, revision: str | None) -> dict[str, Rule]:
    order = revision_ids(loaded)
    return {
        c.rule.id: c.rule
        for c in loaded.rules
        if in_force(c.rule.introduced, c.rule.removed, revision, order)
    }


def _use_cases(loaded: LoadedRuleSet, revision: str | None) -> list[str]:
    order = revision_ids(loaded)
    return [
        u.id for u in loaded.model.use_cases if in_force(u.introduced, u.removed, revision, order)
    ]


def _counts(
    loaded: LoadedRuleSet, revision: str | None, rules: dict[str, Rule], categories: list[str]
) -> RevisionCounts:
    per = Counter(r.category for r in rules.values())
    return RevisionCounts(
        ruleset=loaded.model.id,
        provenance=loaded.model.provenance,
        revision=revision,
        rules=len(rules),
        categories={c: per.get(c, 0) for c in categories},
        use_cases=len(_use_cases(loaded, revision)),
    )


def _entry(rule: Rule, note: str | None = None) -> RuleEntry:
    title, untranslated = i18n.title(rule)
    return RuleEntry(
        rule=rule.id,
        title=title,
        category=rule.category,
        severity=rule.severity,
        note=note,
        untranslated=untranslated,
    )


def diff(a: LoadedRuleSet, rev_a: str | None, b: LoadedRuleSet, rev_b: str | None) -> Diff:
    old, new = _in_force(a, rev_a), _in_force(b, rev_b)
    categories = sorted({r.category for r in (*old.values(), *new.values())})
    order = revision_ids(b)
    same_file = a.model.id == b.model.id
    changed = []
    for rule_id in (i for i in new if i in old):
        before, after = old[rule_id], new[rule_id]
        notes = []
        if before.model_dump(include=_CONTENT) != after.model_dump(include=_CONTENT):
            fields = sorted(k for k in _CONTENT if getattr(before, k) != getattr(after, k))
            notes.append("changed: " + ", ".join(fields))
        if same_file and rev_a in order and rev_b in order:
            lo, hi = order.index(rev_a), order.index(rev_b)
            notes += [
                f"{c.revision}: {c.note}"
                for c in after.changed
                if c.revision in order and lo < order.index(c.revision) <= hi
            ]
        if notes:
            changed.append(_entry(after, "; ".join(notes)))
    uc_old, uc_new = set(_use_cases(a, rev_a)), set(_use_cases(b, rev_b))
    return Diff(
        a=_counts(a, rev_a, old, categories),
        b=_counts(b, rev_b, new, categories),
        added=[_entry(r) for i, r in new.items() if i not in old],
        removed=[_entry(r) for i, r in old.items() if i not in new],
        changed=changed,
        use_cases_added=sorted(uc_new - uc_old),
        use_cases_removed=sorted(uc_old - uc_new),
    )
