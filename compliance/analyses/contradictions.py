"""Logical analysis of rule sets: requirements that no possible profile can meet together
(contradictions), that none can meet at all (dead), and that others already imply (redundant).

A requirement is *met* as the evaluator says it is: its condition true, in three-valued logic,
for the provider — for a per-service rule, on one of its services; for a per-offer rule, on one
of its offers. ``logic`` translates the conditions; z3 decides. The minimal sets are found by
MARCO-style enumeration (Liffiton et al.): every minimal unsatisfiable subset, up to a limit.

The symbolic profile has a bounded number of items per collection. "Satisfiable" is then a real
profile and settles that no contradiction exists; "unsatisfiable" is re-checked on the minimal
set alone with more items, and the bound it holds for is reported with the finding.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import z3

from compliance import i18n
from compliance.analyses.findings import (
    Analysis,
    Clash,
    Declared,
    Finding,
    Implication,
    RuleBrief,
)
from compliance.engine.evaluate import verdict
from compliance.engine.results import RuleSetRef, reconstructed
from compliance.engine.revisions import active_rules
from compliance.language.catalogue import SCOPES, Collection, Scope
from compliance.language.conditions import Group, shown
from compliance.language.logic import (
    DERIVED_FROM,
    FALSE,
    Bounds,
    Context,
    Encoder,
    Unit,
    Universe,
    children,
    condition,
    conj,
    disj,
    neg,
    normalised,
    walk_leaves,
)
from compliance.models.ruleset import FirstKnown, Leaf, NotOf, RuleRef, Some, Use
from compliance.reading.load import CompiledRule, LoadedRuleSet

RuleSets = Sequence[tuple[LoadedRuleSet, str | None]]

SEARCH_ITEMS = 4  # item slots per collection while searching (a satisfiable answer is final)
CONFIRM_ITEMS = 16  # at most, item slots per collection when a finding is re-checked
IMPLY_ITEMS = 6  # at most, item slots per collection when implications are settled
LIMIT = 25  # minimal sets reported at most


# --- rules as formulas ----------------------------------------------------------------------


@dataclass
class Subject:
    ruleset: str
    compiled: CompiledRule
    definitions: dict[str, Any]

    @property
    def id(self) -> str:
        return self.compiled.rule.id

    def brief(self) -> RuleBrief:
        rule = self.compiled.rule
        title, untranslated = i18n.title(rule)
        return RuleBrief(
            ruleset=self.ruleset,
            rule=rule.id,
            title=title,
            clauses=rule.clauses,
            scope=self.compiled.scope,
            untranslated=untranslated,
        )

    def nodes(self) -> list[Any]:
        rule = self.compiled.rule
        return [n for n in (rule.condition, rule.partial) if n is not None]


def _occurrences(subjects: Sequence[Subject]) -> dict[str, int]:
    """Quantifiers per item scope, and per-unit rules: how many items a witness may need."""
    counts: dict[str, int] = {}

    def visit(node: Any, scope: str, defs: dict[str, Any], seen: frozenset[str]) -> None:
        if isinstance(node, Use):
            if node.use in defs and node.use not in seen:
                visit(defs[node.use], scope, defs, seen | {node.use})
            return
        if isinstance(node, Some) or hasattr(node, "every"):
            name = node.collection
            spec = SCOPES[scope].get(name)
            if spec is None:
                return
            counts[spec.items] = counts.get(spec.items, 0) + 1
            for child in children(node):
                visit(child, spec.items, defs, seen)
            return
        if (
            isinstance(node, Leaf)
            and scope == "service"
            and node.fact in ("secnumcloud", "secnumcloud_3_2", "hds")
        ):
            counts["certification"] = counts.get("certification", 0) + 1
        for child in children(node):
            visit(child, scope, defs, seen)

    for s in subjects:
        if s.compiled.scope != "provider":
            counts["service"] = counts.get("service", 0) + 1
        for node in s.nodes():
            visit(node, "profile", s.definitions, frozenset())
    return counts


def bounds_for(subjects: Sequence[Subject], cap: int) -> Bounds:
    return Bounds({scope: max(1, min(cap, n)) for scope, n in _occurrences(subjects).items()})


class Formulas:
    """Each subject's status as formulas over one symbolic profile: ``status(id, pol)`` is the
    formula "met" (pol t/T) or "a gap" (f/F) — see ``logic`` for polarities and modes."""

    def __init__(
        self,
        subjects: Sequence[Subject],
        universe: Universe,
        bounds: Bounds,
        mode: str,
        shared: bool = False,
    ) -> None:
        self.enc = Encoder(universe, bounds, mode)
        self.by_id = {s.id: s for s in subjects}
        self._memo: dict[tuple[str, str], z3.BoolRef] = {}
        self.offers: dict[str, Unit] = {}  # witness mode: the services each offer rule took
        # Witness mode may judge every per-service rule on one and the same service: a
        # narrower search (still a real profile when satisfiable), far smaller.
        self._shared: Unit | None = None
        if shared and mode == "witness":
            self._shared = Unit("service:shared", [])
            self.enc.witness("", "services", "service", self._shared.slots)

    def status(self, rule_id: str, pol: str) -> z3.BoolRef:
        key = (rule_id, pol)
        if key not in self._memo:
            subject = self.by_id.get(rule_id)
            if subject is None:  # a rule outside the analysis: unknown, or anything
                self._memo[key] = (
                    FALSE
                    if self.enc.mode == "witness"
                    else self.enc.fresh(f"status:{rule_id}:{pol}")
                )
            else:
                self._memo[key] = self._rule(subject, pol)
        return self._memo[key]

    def _on(self, subject: Subject, unit: Unit | None, pol: str) -> z3.BoolRef:
        ctx = Context(subject.definitions, f"@{subject.id}:", self.status, unit)
        rule = subject.compiled.rule
        out = condition(self.enc, rule.condition, "", "profile", ctx, pol)
        if pol in "fF" and rule.partial is not None:  # a gap: false, and not partly met
            out = conj(out, neg(condition(self.enc, rule.partial, "", "profile", ctx, "T")))
        return out

    def _rule(self, subject: Subject, pol: str) -> z3.BoolRef:
        enc = self.enc
        scope = subject.compiled.scope
        if scope == "provider":
            return self._on(subject, None, pol)
        if scope == "service":
            if enc.mode == "witness" and pol == "t":  # a service of its own that meets it
                unit = self._shared or Unit(f"service:{subject.id}", [])
                if not unit.slots:
                    enc.witness("", "services", "service", unit.slots)
                return conj(enc.present(unit.slots[0]), self._on(subject, unit, "t"))
            exact = "T" if pol in "tT" else "F"

            def judged() -> z3.BoolRef:  # met on one of the services; a gap on every one
                slots = enc.slots("", "services", "service")
                on = [
                    (enc.present(s), self._on(subject, Unit(f"service:{s}", [s]), exact))
                    for s in slots
                ]
                if exact == "T":
                    return disj([conj(p, m) for p, m in on])
                return conj(disj([p for p, _ in on]), *[z3.Implies(p, g) for p, g in on])

            return enc.later("", judged)
        # per offer: met on some set of services
        if enc.mode == "witness":
            if pol == "f":
                return FALSE
            if pol != "t":
                enc.inexact = True
            unit = self.offers[subject.id] = Unit(f"offer:{subject.id}", [], grows=True)
            slot = enc.witness("", "services", "service", unit.slots)
            return conj(enc.present(slot), self._on(subject, unit, "t"))
        if pol in "fF":  # "a gap on every possible offer": left free
            return enc.fresh(f"gap:{subject.id}")
        slots = enc.slots("", "services", "service")
        chosen = [enc.fresh(f"offer:{subject.id}") for _ in slots]
        met = self._on(subject, Unit(f"offer:{subject.id}", slots, chosen=chosen), "T")
        return conj(
            disj(chosen),
            *[z3.Implies(c, enc.present(s)) for c, s in zip(chosen, slots, strict=True)],
            met,
        )


class Checker:
    """One solver holding every subject as ``indicator -> met``; questions are assumptions."""

    def __init__(
        self,
        subjects: Sequence[Subject],
        universe: Universe,
        bounds: Bounds,
        helpers: Sequence[Subject] = (),
        mode: str = "exact",
        shared: bool = False,
    ) -> None:
        self.subjects = list(subjects)
        self.formulas = Formulas([*subjects, *helpers], universe, bounds, mode, shared)
        self.solver = z3.Solver()
        self.met = [self.formulas.status(s.id, "t") for s in self.subjects]
        self.on = [z3.Bool(f"require:{s.id}") for s in self.subjects]
        self.off: dict[int, z3.BoolRef] = {}
        for on, met in zip(self.on, self.met, strict=True):
            self.solver.add(z3.Implies(on, met))
        self._flush()
        self._index = {str(b): i for i, b in enumerate(self.on)}

    @property
    def final(self) -> bool:
        """Whether a satisfiable answer is a real profile (see logic.Encoder)."""
        return not self.formulas.enc.inexact

    def _flush(self) -> None:
        enc = self.formulas.enc
        enc.finish()
        self.solver.add(*enc.axioms)
        enc.axioms.clear()

    def exactly(self, indices: Sequence[int]) -> None:
        """Defines ``self.off[i]``, "rule i is met", exactly (not only implied), for each i."""
        for i in indices:
            if i not in self.off:
                self.off[i] = z3.Bool(f"met:{self.subjects[i].id}")
                self.solver.add(self.off[i] == self.formulas.status(self.subjects[i].id, "T"))
        self._flush()

    def sat(
        self, indices: Sequence[int], refute: int | None = None, extra: Sequence[z3.BoolRef] = ()
    ) -> bool:
        assumptions = [self.on[i] for i in indices] + list(extra)
        if refute is not None:
            self.exactly([refute])
            assumptions.append(neg(self.off[refute]))
        return self.solver.check(*assumptions) == z3.sat

    def met_in_model(self, indices: Sequence[int]) -> set[int]:
        """Which of ``indices`` (defined by ``exactly``) the last model meets."""
        model = self.solver.model()
        return {i for i in indices if z3.is_true(model[self.off[i]])}

    def settle(self, candidates: dict[int, list[int]]) -> dict[int, list[int]]:
        """For each q, the candidates r that no profile within this checker's bounds meets q
        and fails r: asked at once for all of q's candidates, each model ruling some out."""
        out = {}
        self.exactly(sorted({r for rs in candidates.values() for r in rs}))
        for q, rs in sorted(candidates.items()):
            if not self.sat([q]):
                continue
            left = sorted(self.met_in_model(rs))
            while left:
                self.exactly(left)
                probe = self.formulas.enc.fresh("probe")
                self.solver.add(z3.Implies(probe, disj([neg(self.off[i]) for i in left])))
                if not self.sat([q], extra=[probe]):
                    break
                left = sorted(self.met_in_model(left))
            if left:
                out[q] = left
        return out

    def core(self) -> list[int]:
        return sorted(
            self._index[str(b)] for b in self.solver.unsat_core() if str(b) in self._index
        )

    def shrink(self, indices: Sequence[int], refute: int | None = None) -> list[int]:
        """A minimal unsatisfiable subset of ``indices`` (which must be unsatisfiable)."""
        wanted = set(indices)
        core = [i for i in self.core() if i in wanted]
        k = 0
        while k < len(core):
            trial = core[:k] + core[k + 1 :]
            if self.sat(trial, refute):
                k += 1
            else:
                kept = set(self.core())
                core = [i for i in trial if i in kept]
        return core

    def grow(self, seed: list[int], among: Sequence[int]) -> set[int]:
        """A maximal satisfiable superset of ``seed`` (satisfiable) within ``among``."""
        mss = set(seed)
        for i in among:
            if i in mss:
                continue
            model = self.solver.model()
            if z3.is_true(model.eval(self.met[i], model_completion=True)) or self.sat(
                sorted(mss | {i})
            ):
                mss.add(i)
            else:
                self.sat(sorted(mss))  # restore a model of the set kept
        return mss


class Witness:
    """A profile a model describes, judged by the real evaluator (compiled conditions), not
    by the translation: which rules it meets."""

    def __init__(self, checker: Checker) -> None:
        self.enc = checker.formulas.enc
        self.model = checker.solver.model()
        self.scope = self.enc.scope(self.model)
        self.by_id = {s.id: s.compiled for s in checker.formulas.by_id.values()}
        self.offers = checker.formulas.offers
        self._memo: dict[str, str] = {}
        self._units: dict[tuple[str, int], str] = {}
        self._attested = self.enc.attestations(self.model)
        self.scope.rule_status = self.status

    def met(self, rule_id: str) -> bool | None:
        """Whether the profile meets the rule; None when it cannot tell (an offer rule on too
        many services to try every offer)."""
        status = self.status(rule_id)
        return None if status == "undecided" else status == "met"

    def status(self, rule_id: str, unit: Scope | None = None) -> str:
        compiled = self.by_id.get(rule_id)
        if compiled is None:
            return "unknown"
        if unit is not None and compiled.scope != "provider":  # judged on the same unit
            key = (rule_id, id(unit))
            if key not in self._units:
                self._units[key] = "unknown"
                self._units[key] = self._plain(compiled, unit)
            return self._units[key]
        if rule_id not in self._memo:
            self._memo[rule_id] = "unknown"  # cycles are load errors: only a guard
            self._memo[rule_id] = self._judged(compiled)
        return self._memo[rule_id]

    def _plain(self, compiled: CompiledRule, scope: Scope) -> str:
        scope.facts["attestation"] = self._attested.get(f"@{compiled.rule.id}:")
        return verdict(compiled, scope, None)

    def _unit(self, services: list[Scope]) -> Scope:
        whole = self.scope.collections["services"]
        unit = Scope(
            self.scope.prefix,
            dict(self.scope.facts),
            {
                **self.scope.collections,
                "services": Collection(services, whole.complete, whole.complete_for),
            },
            self.scope.day,
        )
        unit.rule_status = lambda rid: self.status(rid, unit)
        return unit

    def _judged(self, compiled: CompiledRule) -> str:
        if compiled.scope == "provider":
            return self._plain(compiled, self.scope)
        services = self.scope.collections["services"].items
        offer = self.offers.get(compiled.rule.id)
        if compiled.scope == "service":
            units = [[s] for s in services]
        elif (
            offer is not None
            and self._plain(compiled, self._unit([s for s in services if s.prefix in offer.slots]))
            == "met"
        ):
            return "met"  # the services the search took for this offer
        elif len(services) <= 8:  # every offer: every non-empty set of services
            units = [
                [s for k, s in enumerate(services) if mask >> k & 1]
                for mask in range(1, 1 << len(services))
            ]
        else:
            return "undecided"
        found = {self._plain(compiled, self._unit(u)) for u in units}
        for status in ("met", "unknown", "partial", "gap"):
            if status in found:
                return status
        return "not_applicable"


def _muses(
    checker: Checker, among: list[int], limit: int, deadline: float
) -> tuple[list[list[int]], bool]:
    """Minimal unsatisfiable subsets of ``among`` (MARCO); and whether the list is complete."""
    if checker.sat(among):
        return [], True
    mapper = z3.Solver()
    pick = {i: z3.Bool(f"pick:{i}") for i in among}
    found: list[list[int]] = []
    while mapper.check() == z3.sat:
        if len(found) >= limit or time.monotonic() > deadline:
            return found, False
        model = mapper.model()
        seed = [i for i in among if not z3.is_false(model.eval(pick[i]))]
        if checker.sat(seed):
            mss = checker.grow(seed, among)
            mapper.add(z3.Or([pick[i] for i in among if i not in mss] or [FALSE]))
        else:
            mus = checker.shrink(seed)
            found.append(mus)
            mapper.add(z3.Or([z3.Not(pick[i]) for i in mus]))
    return found, True


# --- words ----------------------------------------------------------------------------------


def _clashes(subjects: Sequence[Subject]) -> list[Clash]:
    """The facts two or more of the subjects test (all of them, for a single subject); a
    derived fact counts as the facts it is computed from (logic.DERIVED_FROM)."""
    per_root: dict[str, list[str]] = {}
    users: dict[str, set[str]] = {}
    for s in subjects:
        for test in _leaves_of(s, attestation=True):
            for root in DERIVED_FROM.get(test.path, (test.path,)):
                per_root.setdefault(root, []).append(f"{s.id}: {test.path} {test}")
                users.setdefault(root, set()).add(s.id)
    wanted = 1 if len(subjects) == 1 else 2
    return [
        Clash(fact=f, tests=sorted(dict.fromkeys(per_root[f])))
        for f in sorted(per_root)
        if len(users[f]) >= wanted
    ]


def _bound(bounds: Bounds) -> str:
    """The symbolic profiles a finding was checked on."""
    if bounds.items:
        return i18n._("no profile with up to %(items)s", items=bounds.describe())
    return i18n._("no profile at all")


def _why(subjects: Sequence[Subject], clashes: list[Clash]) -> str:
    names = [s.id for s in subjects]
    ids = (
        names[0]
        if len(names) == 1
        else i18n._("%(items)s and %(last)s", items=", ".join(names[:-1]), last=names[-1])
    )
    asks = "; ".join(f"{c.fact}: " + ", ".join(c.tests) for c in clashes)
    if len(subjects) == 1:
        return i18n._(
            "%(ids)s can be met by no profile: its own tests exclude each other (%(asks)s)",
            ids=ids,
            asks=asks,
        )
    return i18n._(
        "%(ids)s cannot all be met: %(asks)s",
        ids=ids,
        asks=asks or i18n._("the facts they test are tied together"),
    )


# --- the analysis ---------------------------------------------------------------------------


def subjects_of(rulesets: RuleSets) -> tuple[list[Subject], list[str]]:
    subjects, graded = [], []
    for loaded, revision in rulesets:
        for compiled in active_rules(loaded, revision):
            if compiled.answers is not None:
                graded.append(compiled.rule.id)
            else:
                subjects.append(Subject(loaded.model.id, compiled, loaded.model.definitions))
    return subjects, graded


@dataclass(frozen=True)
class Test:
    """One leaf of a rule, where it is read, and what it must be for the rule to be met:
    ``want`` is "t", "f" or "ft" (either: under first_known), with "?" when the leaf only
    filters the items of a quantifier."""

    scope: str
    leaf: Leaf
    want: str
    path: str  # as analysts write it: services[*].countries

    def __str__(self) -> str:
        spec = SCOPES[self.scope].get(self.leaf.fact)
        value = (
            ""
            if self.leaf.op == "exists" or spec is None
            else " " + shown(normalised(spec, self.leaf))
        )
        test = f"{self.leaf.op}{value}"
        wanted = self.want.rstrip("?")
        return test if wanted == "t" else f"not {test}" if wanted == "f" else f"{test} (or not)"


def _leaves_of(subject: Subject, attestation: bool = False) -> list[Test]:
    """The subject's tests (but its own attestation, unless asked)."""
    out: list[Test] = []

    def visit(node: Any, scope: str, want: str, path: str, seen: frozenset[str]) -> None:
        if isinstance(node, Leaf):
            if attestation or node.fact != "attestation":
                out.append(Test(scope, node, want, path + node.fact))
        elif isinstance(node, Use):
            if node.use in subject.definitions and node.use not in seen:
                visit(subject.definitions[node.use], scope, want, path, seen | {node.use})
        elif isinstance(node, RuleRef):
            return
        elif isinstance(node, NotOf):
            flip = {"t": "f", "f": "t"}
            visit(
                node.negated,
                scope,
                "".join(sorted(flip[w] for w in want if w != "?")) + ("?" if "?" in want else ""),
                path,
                seen,
            )
        elif isinstance(node, FirstKnown):
            for child in node.first_known:
                visit(child, scope, "ft", path, seen)
        elif isinstance(node, Some) or hasattr(node, "every"):
            name = node.collection
            spec = SCOPES[scope].get(name)
            if spec is not None:
                inner = f"{path}{name}[*]."
                # A filter is what selects the items, not what is required of them: it only
                # counts when nothing else does (see decided()).
                if node.where is not None:
                    definite = "t" if want == ("t" if isinstance(node, Some) else "f") else "ft"
                    visit(node.where, spec.items, definite + "?", inner, seen)
                visit(node.satisfies, spec.items, want, inner, seen)
        else:
            for child in children(node):
                visit(child, scope, want, path, seen)

    if subject.compiled.rule.condition is not None:
        visit(subject.compiled.rule.condition, "profile", "t", "", frozenset())
    return out


class LeafLogic:
    """Whether one leaf test decides another on the same fact (true or false whenever the
    first holds): a candidate filter for implications, each found pair then settled whole."""

    def __init__(self, universe: Universe) -> None:
        self.enc = Encoder(universe, Bounds({}))
        self.solver = z3.Solver()
        self._memo: dict[tuple[Any, ...], bool] = {}
        self._leaves: dict[tuple[Any, ...], z3.BoolRef] = {}

    def _sets(self, scope: str, leaf: Leaf) -> frozenset[Any] | None:
        """The values a one-valued membership test (equals, in and their negations, on a
        country, text or enumeration) accepts, within the values conditions tell apart."""
        spec = SCOPES[scope][leaf.fact]
        if spec.type not in ("country", "text", "enum") or leaf.op not in (
            "equals",
            "not_equals",
            "in",
            "not_in",
        ):
            return None
        domain = frozenset(self.enc._domain(spec))
        value = normalised(spec, leaf)
        named = self.enc.u.groups[value.name] if isinstance(value, Group) else None
        if named is not None:
            chosen = frozenset(self.enc.u.countries[i] for i in named)
        else:
            chosen = frozenset(value) if isinstance(value, frozenset) else frozenset({value})
        return chosen & domain if leaf.op in ("equals", "in") else domain - chosen

    def _leaf(self, leaf: Leaf, scope: str, value: str) -> z3.BoolRef:
        key = (scope, self.enc.shape(leaf, {}), value)
        if key not in self._leaves:
            self._leaves[key] = self.enc.leaf(leaf, "x.", scope, value == "t")
        return self._leaves[key]

    def decides(self, scope: str, first: Leaf, given: str, second: Leaf, want: str) -> bool:
        """Whether ``first`` taking a value in ``given`` forces ``second`` to one in ``want``."""
        key = (scope, self.enc.shape(first, {}), given, self.enc.shape(second, {}), want)
        if key in self._memo:
            return self._memo[key]
        first_set, second_set = self._sets(scope, first), self._sets(scope, second)
        if first_set is not None and second_set is not None:  # two membership tests: set logic
            if "f" in given:  # given both ways, only "known" follows, which decides "ft" alone
                self._memo[key] = want == "ft"
            else:
                self._memo[key] = (
                    first_set <= second_set
                    if want == "t"
                    else not first_set & second_set
                    if want == "f"
                    else True
                )
            return self._memo[key]
        if key not in self._memo:
            a = disj([self._leaf(first, scope, w) for w in given])
            b = disj([self._leaf(second, scope, w) for w in want])
            self.solver.add(*self.enc.axioms)
            self.enc.axioms.clear()
            self._memo[key] = self.solver.check(a, neg(b)) == z3.unsat
        return self._memo[key]


def _facts_of(subject: Subject) -> set[str]:
    out: set[str] = set()
    for node in subject.nodes():
        out |= {
            f"{scope}:{leaf.fact}"
            for scope, leaf in walk_leaves(node, "profile", subject.definitions)
            if leaf.fact != "attestation"
        }  # each rule's own: shared by none
    return out


def _judge(checker: Checker) -> None:
    """The profile the solver built must meet every requirement by the evaluator's own
    verdicts; otherwise the translation is wrong, which is our bug, never a finding."""
    witness = Witness(checker)
    wrong = [s.id for s in checker.subjects if witness.met(s.id) is False]
    if wrong:
        raise RuntimeError(
            "the solver's profile fails, by the evaluator, "
            + ", ".join(wrong[:5])
            + (" ..." if len(wrong) > 5 else "")
        )


def _redundancy(
    subjects: list[Subject], calm: list[int], universe: Universe, helpers: Sequence[Subject]
) -> list[Implication]:
    """Requirements that another one implies, among ``calm`` (each satisfiable).

    Rules that differ only by their own attestation are alike: "q implies r" holds for one
    member of a class as for any, so one representative (and, within a class, a second
    member) is asked. Candidates are pairs where q decides one of r's required tests; each is
    settled in exact mode, within the bounds the report states."""
    enc = Encoder(universe, Bounds({}))

    def likeness(i: int) -> tuple[Any, ...]:
        rule, defs = subjects[i].compiled.rule, subjects[i].definitions
        return (
            enc.shape(rule.condition, defs),
            enc.shape(rule.partial, defs) if rule.partial else None,
            subjects[i].compiled.scope,
        )

    classes: dict[tuple[Any, ...], list[int]] = {}
    for i in calm:
        classes.setdefault(likeness(i), []).append(i)
    asked = sorted({i for members in classes.values() for i in members[:2]})
    leaves = {i: _leaves_of(subjects[i]) for i in asked}
    facts = {i: {f"{t.scope}:{t.leaf.fact}" for t in leaves[i]} for i in asked}
    logic = LeafLogic(universe)

    def decided(q: int, r: int) -> bool:  # only a rule q decides a test of can be forced
        required = [t for t in leaves[r] if not t.want.endswith("?")] or leaves[r]
        return any(
            a.scope == b.scope
            and a.leaf.fact == b.leaf.fact
            and logic.decides(a.scope, a.leaf, a.want.rstrip("?"), b.leaf, b.want.rstrip("?"))
            for b in required
            for a in leaves[q]
        )

    heads = [members[0] for members in classes.values()]
    candidates = {}
    for q in heads:
        mine = classes[likeness(q)]
        others = [r for r in heads if r != q] + mine[1:2]
        found = [r for r in others if facts[q] & facts[r] and decided(q, r)]
        if found:
            candidates[q] = found
    if not candidates:
        return []
    needs = [
        bounds_for([subjects[q], subjects[r]], IMPLY_ITEMS).items
        for q, rs in candidates.items()
        for r in rs
    ]
    bounds = Bounds(
        {
            scope: max(n.get(scope, 1) for n in needs)
            for scope in {scope for n in needs for scope in n}
        }
    )
    bound = _bound(bounds)
    chosen = sorted({i for q, rs in candidates.items() for i in (q, *rs)})
    position = {i: k for k, i in enumerate(chosen)}
    exact = Checker([subjects[i] for i in chosen], universe, bounds, helpers)
    settled = exact.settle({position[q]: [position[r] for r in rs] for q, rs in candidates.items()})
    implied_by: dict[int, set[int]] = {}
    for q, rs in settled.items():
        for r in rs:
            q_class, r_class = classes[likeness(chosen[q])], classes[likeness(chosen[r])]
            for member in r_class:  # a class implies every member of the other
                implied_by.setdefault(member, set()).update(x for x in q_class if x != member)
    return [
        Implication(
            rule=subjects[r].brief(),
            implied_by=[subjects[q].brief() for q in sorted(by)],
            why=i18n._(
                "every profile meeting any one of %(rules)s meets %(rule)s",
                rules=", ".join(subjects[q].id for q in sorted(by)),
                rule=subjects[r].id,
            ),
            bound=bound,
        )
        for r, by in sorted(implied_by.items())
        if by
    ]


def analyse(
    rulesets: RuleSets,
    day: dt.date,
    support: RuleSets = (),
    limit: int = LIMIT,
    budget: float = 60.0,
) -> Analysis:
    """Contradictions, dead and redundant requirements among ``rulesets``; ``support`` rule
    sets only give the rules that theirs reference ({rule: ...}) their conditions."""
    subjects, graded = subjects_of(rulesets)
    helpers = subjects_of(support)[0]
    leaves = [
        pair
        for s in subjects
        for node in s.nodes()
        for pair in walk_leaves(node, "profile", s.definitions)
    ]
    leaves += [
        pair
        for s in helpers
        for node in s.nodes()
        for pair in walk_leaves(node, "profile", s.definitions)
    ]
    universe = Universe.of(leaves, day)
    deadline = time.monotonic() + budget
    everyone = list(range(len(subjects)))
    # The search runs in witness mode, where "satisfiable" is a real profile: first with every
    # per-service rule judged on one shared service (small and fast), then on a service each.
    # Every "unsatisfiable" it finds is confirmed in exact mode, on the few rules concerned.
    search: Checker | None = None
    candidate: Checker | None = None
    per_service = sum(s.compiled.scope == "service" for s in subjects)
    for shared in (True, False) if per_service > 1 else (False,):
        candidate = Checker(subjects, universe, Bounds({}), helpers, "witness", shared)
        if candidate.final and candidate.sat(everyone):
            search = candidate
            _judge(search)
            break
    muses: list[list[int]] = []
    complete = True
    if search is None:
        if candidate is None or not candidate.final:
            candidate = Checker(subjects, universe, bounds_for(subjects, SEARCH_ITEMS), helpers)
        search = candidate
        muses, complete = _muses(search, everyone, limit, deadline)

    def confirmed(indices: list[int], refute: int | None = None) -> str | None:
        """The bound within which no profile meets ``indices`` (and fails ``refute``)."""
        chosen = [subjects[i] for i in indices]
        concerned = chosen + ([subjects[refute]] if refute is not None else [])
        bounds = bounds_for(concerned, CONFIRM_ITEMS)
        again = Checker(concerned, universe, bounds, helpers)
        if again.sat(range(len(chosen)), len(chosen) if refute is not None else None):
            return None  # an artefact of the search, not a finding
        # Within these bounds each smaller set must be satisfiable, or the bound, not the
        # requirements, is what excludes them.
        if len(chosen) > 1 and not all(
            again.sat([j for j in range(len(chosen)) if j != k]) for k in range(len(chosen))
        ):
            return None
        return _bound(bounds)

    def finding(indices: list[int]) -> Finding | None:
        bound = confirmed(indices)
        if bound is None:
            return None
        chosen = [subjects[i] for i in indices]
        clashes = _clashes(chosen)
        return Finding(
            rules=[s.brief() for s in chosen],
            why=_why(chosen, clashes),
            clashes=clashes,
            bound=bound,
        )

    dead = [f for m in muses if len(m) == 1 and (f := finding(m)) is not None]
    found = [f for m in muses if len(m) > 1 and (f := finding(m)) is not None]
    in_conflict = {i for m in muses for i in m}
    dead_ids = {m[0] for m in muses if len(m) == 1}
    redundant = _redundancy(subjects, [i for i in everyone if i not in dead_ids], universe, helpers)
    # The pairs a rule set itself declares opposed: does the logic bear them out?
    declared = []
    index = {s.id: i for i, s in enumerate(subjects)}
    pairs = sorted(
        {
            tuple(sorted((s.id, other)))
            for s in subjects
            for other in s.compiled.rule.metadata.get("contradicts", [])
            if other in index
        }
    )
    for a, b in pairs:
        pair = sorted((index[a], index[b]))
        # Met together in the search's real profile (or in none of its minimal sets): not
        # contradictory; otherwise confirmed in exact mode.
        bound = (
            confirmed(pair)
            if pair in muses or ({*pair} & in_conflict and not search.sat(pair))
            else None
        )
        declared.append(
            Declared(
                rules=[subjects[index[a]].brief(), subjects[index[b]].brief()],
                contradictory=bound is not None,
                why=(
                    i18n._("confirmed: %(bound)s meets both", bound=bound)
                    if bound is not None
                    else i18n._(
                        "not borne out by the conditions: a profile meets both, so the "
                        "opposition rests on something the conditions do not encode"
                    )
                ),
            )
        )
    note = i18n._(
        "Each requirement is read as the evaluator reads it: met when its condition "
        "holds (for a per-service rule, on one service; per-offer, on one offer), "
        "unknown facts included. Countries are told apart as the conditions name them, "
        "with EU membership read at %(date)s. Graded criteria are scored, not met: not "
        "analysed here.",
        date=day,
    )
    if not complete:
        note += " " + i18n._(
            "The search stopped at %(limit)s findings or its time budget: the "
            "lists may be incomplete.",
            limit=limit,
        )
    return Analysis(
        countries_read_at=day,
        rulesets=RuleSetRef.all_of(rulesets),
        reconstructed=reconstructed(rulesets),
        analysed=len(subjects),
        graded=graded,
        consistent=not dead and not found,
        contradictions=found,
        dead=dead,
        redundant=redundant,
        declared=declared,
        complete=complete,
        note=note,
    )
