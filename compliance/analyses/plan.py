"""What it would take: for each rule a provider does not meet, the fewest fact changes or pieces
of missing evidence that would make it met, grouped into actions; and, from the provider's dated
commitments, when each rule set would be fully met.

The fixes are read from the condition tree, in the engine's three-valued logic: a node already
evaluating to what is wanted needs nothing; ``all`` needs the union of its children's fixes,
``any`` its cheapest child's, ``not`` what makes its child false; a leaf needs its fact changed
(known, wrong value) or evidenced (unknown); ``some``/``every`` need an item fixed, an item added
or the list recorded as complete (the open-world rule). Each node keeps its few cheapest options
(not only one), so that a rule can pick, among equally small fix sets, the one that shares most
fixes with other rules: that is what makes one action close many requirements.

Projections count commitments as delivered at their target date: promises, not facts.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from compliance import i18n
from compliance.engine.evaluate import Moment, Plan, RuleSets, _set_attestation, statuses
from compliance.engine.results import (
    CommitmentNote,
    Context,
    ProviderRef,
    RuleSetRef,
    Status,
    describe,
    reconstructed,
)
from compliance.engine.timeline import commitments
from compliance.i18n import N_, _
from compliance.language.catalogue import SCOPES, Bound, Collection, Scope
from compliance.language.conditions import Compiled, Compiler, Group, _closed, _scheme_tested
from compliance.models.base import Field, Model
from compliance.models.common import Source, UntranslatedTitle, json_number
from compliance.models.profile import ProviderProfile
from compliance.models.ruleset import (
    AllOf,
    AnyOf,
    Every,
    FirstKnown,
    Leaf,
    NotOf,
    RuleRef,
    Some,
    Use,
)
from compliance.reading.load import CompiledRule, LoadedRuleSet

FixKind = Literal["change", "evidence", "complete", "add"]
# Options kept per node: enough for a rule to prefer fixes shared with other rules (one service
# qualified closes hundreds of SecNumCloud rules), few enough that `all` over n children costs
# n * KEEP**2 combinations.
KEEP = 8


# --- output models: the JSON contract (plan.schema.json) -------------------------------------


class Fix(Model):
    """One fact to change, one piece of evidence to provide, one item to add or one list to
    record as complete."""

    kind: FixKind = Field(
        description="change: the fact is known with a value that fails; "
        "evidence: the fact is unknown; add: a collection lacks an item; "
        "complete: a list must be recorded as complete (open-world rule)."
    )
    fact: str = Field(
        description="Fact path, items in brackets (services[hpc].secnumcloud); "
        "attestations[RULE] for a rule's own attestation."
    )
    wanted: str = Field(description="What the fact must be, in words.")
    current: str | None = Field(description="Its value now (null: unknown).")
    sources: list[str] = Field(description="Sources of the current value.")
    note: str | None = Field(default=None, description="Why the value is what it is.")


class Action(Model):
    """One distinct fix, with the requirements it helps and those it closes by itself."""

    id: str = Field(description="A1, A2...: by requirements closed, then contributed to.")
    fix: Fix
    closes: list[str] = Field(description="Rules this action alone makes met.")
    contributes: list[str] = Field(description="Rules whose smallest fix set includes it.")


class RulePlan(Model):
    """A rule not met now: what would make it met, and when commitments would."""

    ruleset: str
    rule: str
    title: str
    untranslated: UntranslatedTitle
    severity: str
    status: Status = Field(description="Status now: gap, partial or unknown.")
    unit: str | None = Field(
        description="Per-service (per-offer) rule: the service (offer) whose fixes are the fewest."
    )
    actions: list[str] = Field(
        description="Ids of the actions that together make it met; "
        "empty when no change of facts can."
    )
    impossible: str | None = Field(
        description="Why no change of the provider's facts can make it met, if so."
    )
    projected: dt.date | None = Field(
        description="First date at which the provider's "
        "commitments would make it met (a projection)."
    )


class Projection(Model):
    """When a rule set would be fully met, counting commitments as delivered at their target."""

    ruleset: str
    applicable: int = Field(description="Rules with a met/gap verdict that apply now.")
    met_now: int
    met_on: dt.date | None = Field(
        description="First date every applicable rule is met; null: never, on current commitments."
    )
    commitments: list[str] = Field(description="Commitments counted as delivered by met_on.")
    graded: int = Field(description="Graded rules (levels, not met/gap): outside the plan.")


class PlanReport(Model):
    """`compliance plan`: what it would take for a provider to meet the rule sets."""

    notice: str | None = Field(
        description="Set when a rule set used is a reconstruction or "
        "an illustration: the plan is a demonstration, not a finding."
    )
    provider: ProviderRef
    evaluated_at: dt.date
    reconstructed: list[str] = Field(
        description="Rule sets used that are reconstructions or illustrations (not findings)."
    )
    rulesets: list[RuleSetRef]
    dates_checked: list[dt.date] = Field(
        description="Dates after evaluated_at at which a commitment or a dated fact takes "
        "effect: where projections are evaluated."
    )
    projections: list[Projection]
    actions: list[Action]
    rules: list[RulePlan] = Field(description="Blocking gaps first, then gaps, partial, unknown.")
    commitments: list[CommitmentNote]
    sources: dict[str, Source]


# --- fixes -----------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Need:
    """A fix while searching; identity is (kind, fact, wanted): the same fix found for two
    rules is one action."""

    kind: FixKind
    fact: str
    wanted: str
    current: str | None = field(default=None, compare=False)
    sources: tuple[str, ...] = field(default=(), compare=False)
    note: str = field(default="", compare=False)


# Facts that say what an item is, not how it is: a service's category is never "changed" to
# meet a rule; another service (certificate, holder...) is added instead.
_IDENTITY = {
    "service": {"id", "name", "layer", "category"},
    "certification": {"scheme", "version"},
    "dependency": {"component", "product", "vendor"},
    "shareholder": {"name"},
    "subcontractor": {"name", "role"},
}

Option = tuple[Need, ...]  # sorted, no duplicates: fixes that together make a node what is wanted
_DONE: list[Option] = [()]


@dataclass
class Ways:
    """The cheapest options found for a node (empty: none), and why there is none."""

    options: list[Option]
    why: str = ""


def _adds(option: Option) -> tuple[int, int]:
    """Items to add, and among them new top-level items (a new service rather than a new
    certificate of an existing one)."""
    return (
        sum(f.kind == "add" for f in option),
        sum(f.kind == "add" and "[" not in f.fact for f in option),
    )


def _cost(option: Option) -> tuple[int, tuple[int, int], int, Option]:
    """Fewest fixes; then fewer items to add, fewer facts to change (evidence is cheaper than
    changing what is); then the fixes themselves, for a deterministic order."""
    return (len(option), _adds(option), sum(f.kind == "change" for f in option), option)


def _best(options: Iterable[Option]) -> list[Option]:
    return sorted(set(options), key=_cost)[:KEEP]


def _all(parts: Sequence[Ways]) -> Ways:
    for part in parts:
        if not part.options:
            return part
    combined = _DONE
    for part in parts:
        combined = _best(
            tuple(sorted(set(a) | set(b))) for a, b in itertools.product(combined, part.options)
        )
    return Ways(combined)


def _any(parts: Sequence[Ways]) -> Ways:
    options = _best(o for p in parts for o in p.options)
    why = "; ".join(dict.fromkeys(p.why for p in parts if p.why))
    return Ways(options, "" if options else why)


_NEGATED = {
    "equals": "not_equals",
    "not_equals": "equals",
    "in": "not_in",
    "not_in": "in",
    "lt": "ge",
    "ge": "lt",
    "le": "gt",
    "gt": "le",
    "contains": "not_contains",
    "not_contains": "contains",
}
# Each operator in words, wanted true: "%(value)s" is the value tested.
_OP_WORDS = {
    "equals": N_("equal to %(value)s"),
    "not_equals": N_("other than %(value)s"),
    "in": N_("in %(value)s"),
    "not_in": N_("not in %(value)s"),
    "lt": N_("below %(value)s"),
    "le": N_("at most %(value)s"),
    "gt": N_("above %(value)s"),
    "ge": N_("at least %(value)s"),
    "contains": N_("including %(value)s"),
    "not_contains": N_("not including %(value)s"),
    "subset_of": N_("all within %(value)s"),
    "intersects": N_("including one of %(value)s"),
}


def _value_words(value: Any) -> str:
    if value == "":
        return '""'
    if isinstance(value, Group):
        return value.name
    if isinstance(value, list | tuple | set | frozenset):
        return "[" + ", ".join(sorted(map(_value_words, value))) + "]"
    return describe(value)


def _leaf_words(node: Leaf, want: bool) -> str:
    """``{fact: x, op: in, value: EU}`` wanted true: 'in EU'; wanted false: 'not in EU'."""
    if node.op == "exists":
        return _("recorded") if want else _("not recorded")
    op = node.op if want else _NEGATED.get(node.op, "")
    value = _value_words(node.value)
    if op:
        return _(_OP_WORDS[op], value=value)
    return _("not %(test)s", test=_(_OP_WORDS[node.op], value=value))


def words(node: Any, definitions: dict[str, Any]) -> str:
    """A condition in one line of words, for items to add."""
    if isinstance(node, Leaf):
        return f"{node.fact} {_leaf_words(node, True)}"
    if isinstance(node, AllOf | AnyOf | FirstKnown):
        parts, joint = (
            (node.all, " " + _("and") + " ")
            if isinstance(node, AllOf)
            else (node.any, " " + _("or") + " ")
            if isinstance(node, AnyOf)
            else (node.first_known, ", " + _("else") + " ")
        )
        return "(" + joint.join(words(p, definitions) for p in parts) + ")"
    if isinstance(node, NotOf):
        return _("not %(test)s", test=words(node.negated, definitions))
    if isinstance(node, Some | Every):
        name = node.collection
        where = " " + _("with %(test)s", test=words(node.where, definitions)) if node.where else ""
        text = (
            N_("some %(items)s%(where)s satisfying %(test)s")
            if isinstance(node, Some)
            else N_("every %(items)s%(where)s satisfying %(test)s")
        )
        return _(text, items=name, where=where, test=words(node.satisfies, definitions))
    if isinstance(node, Use):  # spelt out when short enough to read in a table
        spelt = words(definitions[node.use], definitions)
        return spelt if len(spelt) <= 120 else node.use
    return _("rule %(rule)s met", rule=node.rule)


def _plain(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, Bound):
        return str(value)
    if isinstance(value, Decimal):
        return str(json_number(value))
    return describe(sorted(value) if isinstance(value, tuple | frozenset) else value)


class Walker:
    """Finds the options of every rule of one moment (profile at a date)."""

    def __init__(self, moment: Moment, pool: Sequence[LoadedRuleSet]) -> None:
        self.moment = moment
        self.definitions = {c.rule.id: r.model.definitions for r in pool for c in r.rules}
        self._compilers = {id(r.model.definitions): Compiler(r.model.definitions) for r in pool}
        self._compiled: dict[tuple[int, str], Compiled] = {}
        self._rules: dict[str, Ways] = {}
        self._units: dict[tuple[str, Option], str] = {}  # (rule, option) -> unit it fixes
        self._stack: list[str] = []  # rules being walked: their attestation, cycle guard

    # A node's current value, by the engine's own compiled closure: two paths, one answer.
    def value(self, node: Any, kind: str, scope: Scope) -> bool | None:
        key = (id(node), kind)
        if key not in self._compiled:
            defs = self.definitions[self._stack[-1]]
            self._compiled[key] = self._compilers[id(defs)].compile(node, kind, ())
        return self._compiled[key](scope, None)

    def rule(self, compiled: CompiledRule) -> Ways:
        """The rule's options (per-unit rules: the union over units, each sufficient alone)."""
        rule_id = compiled.rule.id
        if rule_id in self._stack:  # a reference cycle: nothing to offer
            return Ways([], _("rule %(rule)s refers to itself", rule=rule_id))
        if rule_id not in self._rules:
            self._stack.append(rule_id)
            moment, units = self.moment, self.moment.units.get(compiled.scope)
            if compiled.scope != "provider" and units:
                found = []
                for uid, services in units:
                    scope, profile = moment.unit_scope(compiled.scope, uid, services)
                    found.append((uid, self._condition(compiled, scope, profile)))
                ways = _any([w for _, w in found])
                by_option = {o: uid for uid, w in reversed(found) for o in w.options}
                self._units.update({(rule_id, o): by_option[o] for o in ways.options})
            else:
                ways = self._condition(compiled, moment.scope, moment.profile)
            self._stack.pop()
            self._rules[rule_id] = ways
        return self._rules[rule_id]

    def unit_of(self, rule_id: str, option: Option) -> str | None:
        return self._units.get((rule_id, option))

    def _condition(self, compiled: CompiledRule, scope: Scope, profile: ProviderProfile) -> Ways:
        saved = scope.facts.get("attestation")
        _set_attestation(scope, profile, compiled.rule.id)
        ways = self.walk(compiled.rule.condition, "profile", scope, True)
        scope.facts["attestation"] = saved
        return ways

    def walk(self, node: Any, kind: str, scope: Scope, want: bool) -> Ways:
        """Options making ``node`` evaluate to ``want`` on ``scope`` (a scope of ``kind``)."""
        if self.value(node, kind, scope) is want:
            return Ways(_DONE)
        defs = self.definitions[self._stack[-1]]
        if isinstance(node, Leaf):
            return self._leaf(node, kind, scope, want)
        if isinstance(node, AllOf | AnyOf):
            parts = [
                self.walk(c, kind, scope, want)
                for c in (node.all if isinstance(node, AllOf) else node.any)
            ]
            # all wanted true, or any wanted false: every child; otherwise the cheapest.
            return _all(parts) if isinstance(node, AllOf) == want else _any(parts)
        if isinstance(node, FirstKnown):
            # The first known child decides: fix it, or an unknown child before it.
            parts = []
            for child in node.first_known:
                parts.append(self.walk(child, kind, scope, want))
                if self.value(child, kind, scope) is not None:
                    break
            return _any(parts)
        if isinstance(node, NotOf):
            return self.walk(node.negated, kind, scope, not want)
        if isinstance(node, Use):
            return self.walk(defs[node.use], kind, scope, want)
        if isinstance(node, RuleRef):
            referenced = self.moment.plan.by_id.get(node.rule)
            if referenced is None or referenced.answers is not None:
                return Ways(
                    [], _("rule %(rule)s is not a met/gap rule of the loaded sets", rule=node.rule)
                )
            if not want:
                return Ways([], _("needs rule %(rule)s not to be met", rule=node.rule))
            return self.rule(referenced)
        return self._quantifier(node, kind, scope, want, defs)

    def _leaf(self, node: Leaf, kind: str, scope: Scope, want: bool) -> Ways:
        if node.fact == "evaluation_date":
            return Ways(
                [],
                _(
                    "holds only when the date evaluated is %(test)s: no fact of the "
                    "provider changes that",
                    test=_leaf_words(node, want),
                ),
            )
        known = scope.facts.get(node.fact)
        fact = (
            f"attestations[{self._stack[-1]}]"
            if node.fact == "attestation"
            else scope.prefix + node.fact
        )
        wrong = known is not None and known.value is not None and not isinstance(known.value, Bound)
        if wrong and node.fact in _IDENTITY.get(kind, ()):
            return Ways([], _("%(fact)s says what the item is: another item is needed", fact=fact))
        note = "" if known is None else known.note
        if wrong and SCOPES[kind][node.fact].derived:
            note = "; ".join(
                x for x in (note, _("derived: change the facts it is computed from")) if x
            )
        return Ways(
            [
                (
                    Need(
                        "change" if wrong else "evidence",
                        fact,
                        _leaf_words(node, want),
                        None if known is None else _plain(known.value),
                        () if known is None else tuple(known.sources),
                        note,
                    ),
                )
            ]
        )

    def _quantifier(
        self, node: Some | Every, kind: str, scope: Scope, want: bool, defs: dict[str, Any]
    ) -> Ways:
        is_some = isinstance(node, Some)
        name = node.collection
        item_kind = SCOPES[kind][name].items
        collection: Collection = scope.collections[name]
        path = scope.prefix + name
        parts: list[Ways] = []
        for item in collection.items:
            w = True if node.where is None else self.value(node.where, item_kind, item)
            if w is False:  # the filter says which items are concerned: never changed
                continue
            s = self.value(node.satisfies, item_kind, item)
            in_filter = Ways(_DONE) if w is True else self.walk(node.where, item_kind, item, True)
            out_of_filter = [] if w is True else [self.walk(node.where, item_kind, item, False)]
            if is_some == want:  # some wanted true, every wanted false: one item will do
                parts.append(_all([in_filter, self.walk(node.satisfies, item_kind, item, want)]))
            elif s is not want:  # every wanted true, some wanted false: each item must
                parts.append(
                    _any([self.walk(node.satisfies, item_kind, item, want), *out_of_filter])
                )
        where = (
            " " + _("with %(test)s", test=words(node.where, defs)) if node.where is not None else ""
        )
        test = words(node.satisfies, defs)
        if is_some == want:
            wanted = _(
                N_("an item%(where)s that satisfies: %(test)s")
                if want
                else N_("an item%(where)s that fails: %(test)s"),
                where=where,
                test=test,
            )
            return _any([*parts, Ways([(Need("add", path, wanted),)])])
        closing = _closed(collection, _scheme_tested(node.satisfies) if is_some else None)
        if closing is None:
            scheme = _scheme_tested(node.satisfies) if is_some else None
            register = (
                " " + _("(or a dated register of %(scheme)s holders)", scheme=scheme)
                if scheme
                else ""
            )
            current = collection.complete
            parts.append(
                Ways(
                    [
                        (
                            Need(
                                "complete",
                                path,
                                _("recorded as complete, with a source") + register,
                                _("open") if current is None else _plain(current.value),
                                () if current is None else current.sources,
                                _("unlisted items could fail it")
                                if is_some is False
                                else _("an unlisted item could satisfy it"),
                            ),
                        )
                    ]
                )
            )
        return _all(parts)


# --- the plan ---------------------------------------------------------------------------------


def _dates(profile: ProviderProfile, at: dt.date) -> list[dt.date]:
    """Dates after ``at`` where something may start to hold: a commitment's target, a dated
    fact or record's start, a service's opening, a certification's grant."""
    found: set[dt.date] = set()

    def visit(node: Any) -> None:
        if isinstance(node, Model):
            for name in ("valid_from", "available_from", "obtained", "target"):
                day = getattr(node, name, None)
                if isinstance(day, dt.date) and day > at:
                    found.add(day)
            for name in type(node).model_fields:
                visit(getattr(node, name))
        elif isinstance(node, list | tuple):
            for item in node:
                visit(item)
        elif isinstance(node, dict):
            for item in node.values():
                visit(item)

    visit(profile)
    return sorted(found)


_ORDER = {"gap": 1, "partial": 2, "unknown": 3}
_SEVERITY = {"blocking": 0, "high": 1, "medium": 2, "low": 3}


def plan(
    rulesets: RuleSets, profile: ProviderProfile, at: dt.date, support: RuleSets = ()
) -> PlanReport:
    """What it would take for ``profile`` to meet ``rulesets`` at ``at``; ``support`` rule sets
    only resolve {rule: ...} references."""
    context = Context()
    engine = Plan.build(rulesets, context, support)
    now = statuses(engine, profile, at, at)
    moment = Moment(engine, profile, at, at)
    walker = Walker(moment, [r for r, _ in (*rulesets, *support)])
    order = {c.rule.id: i for i, (_, c, _) in enumerate(engine.rules)}
    open_rules = [
        (rs_id, c)
        for rs_id, c, why in engine.rules
        if not why and c.answers is None and now[c.rule.id] in _ORDER
    ]
    open_rules.sort(
        key=lambda x: (
            not (x[1].rule.severity == "blocking" and now[x[1].rule.id] == "gap"),
            _ORDER[now[x[1].rule.id]],
            _SEVERITY[x[1].rule.severity],
            order[x[1].rule.id],
        )
    )
    found = {c.rule.id: walker.rule(c) for _, c in open_rules}

    # A rule picks, among its smallest options, the one sharing most fixes with other rules.
    shared = Counter(f for ways in found.values() for f in {f for o in ways.options for f in o})
    chosen: dict[str, Option] = {}
    for rule_id, ways in found.items():
        if ways.options:
            chosen[rule_id] = min(
                ways.options, key=lambda o: (len(o), -sum(shared[f] for f in o), _cost(o))
            )
    action_of, actions = _actions(chosen, [c.rule.id for _, c in open_rules])

    dates = _dates(profile, at)
    later = {day: statuses(engine, profile, at, day) for day in dates}
    projected = {
        rule_id: next((d for d in dates if later[d][rule_id] == "met"), None) for rule_id in found
    }
    promised = commitments(profile)
    rules_out = [
        RulePlan(
            ruleset=rs_id,
            rule=c.rule.id,
            title=i18n.title(c.rule)[0],
            untranslated=i18n.title(c.rule)[1],
            severity=c.rule.severity,
            status=now[c.rule.id],
            unit=walker.unit_of(c.rule.id, chosen[c.rule.id]) if c.rule.id in chosen else None,
            actions=sorted(
                (action_of[f] for f in chosen.get(c.rule.id, ())), key=lambda a: int(a[1:])
            ),
            impossible=None if c.rule.id in chosen else (found[c.rule.id].why or _("no fix found")),
            projected=projected[c.rule.id],
        )
        for rs_id, c in open_rules
    ]
    cited = sorted({s for a in actions for s in a.fix.sources} | {c.source for c in promised})
    rebuilt = reconstructed(rulesets)
    return PlanReport(
        notice=(
            _(
                "%(rulesets)s: reconstruction — a demonstration, not a finding (requirements "
                "rebuilt or invented, not a referential's text)",
                rulesets=", ".join(rebuilt),
            )
            if rebuilt
            else None
        ),
        provider=ProviderRef.of_profile(profile),
        evaluated_at=at,
        reconstructed=rebuilt,
        rulesets=RuleSetRef.all_of(rulesets),
        dates_checked=dates,
        projections=[
            _projection(loaded, engine, now, later, dates, promised, at) for loaded, _ in rulesets
        ],
        actions=actions,
        rules=rules_out,
        commitments=CommitmentNote.all_of(promised, at),
        sources={sid: profile.sources[sid] for sid in cited if sid in profile.sources},
    )


def _out(fix: Need) -> Fix:
    return Fix(
        kind=fix.kind,
        fact=fix.fact,
        wanted=fix.wanted,
        current=fix.current,
        sources=list(fix.sources),
        note=fix.note or None,
    )


def _actions(chosen: dict[str, Option], order: list[str]) -> tuple[dict[Need, str], list[Action]]:
    """One action per distinct fix: by rules closed alone, then contributed to, then name."""
    contributes: dict[Need, list[str]] = {}
    for rule_id in order:
        for fix in chosen.get(rule_id, ()):
            contributes.setdefault(fix, []).append(rule_id)
    ranked = sorted(
        contributes,
        key=lambda f: (-sum(chosen[r] == (f,) for r in contributes[f]), -len(contributes[f]), f),
    )
    return {f: f"A{i}" for i, f in enumerate(ranked, 1)}, [
        Action(
            id=f"A{i}",
            fix=_out(f),
            closes=[r for r in contributes[f] if chosen[r] == (f,)],
            contributes=contributes[f],
        )
        for i, f in enumerate(ranked, 1)
    ]


def _projection(
    loaded: LoadedRuleSet,
    engine: Plan,
    now: dict[str, Status],
    later: dict[dt.date, dict[str, Status]],
    dates: list[dt.date],
    promised: list,
    at: dt.date,
) -> Projection:
    ids = [
        c.rule.id for rs_id, c, _ in engine.rules if rs_id == loaded.model.id and c.answers is None
    ]
    graded = sum(
        1 for rs_id, c, _ in engine.rules if rs_id == loaded.model.id and c.answers is not None
    )

    def full(day_statuses: dict[str, Status]) -> bool:
        return all(day_statuses[r] in ("met", "not_applicable") for r in ids)

    applicable = [r for r in ids if now[r] != "not_applicable"]
    met_on = at if ids and full(now) else next((d for d in dates if ids and full(later[d])), None)
    return Projection(
        ruleset=loaded.model.id,
        applicable=len(applicable),
        met_now=sum(now[r] == "met" for r in applicable),
        met_on=met_on,
        commitments=[c.label for c in promised if met_on and at <= c.target <= met_on],
        graded=graded,
    )
