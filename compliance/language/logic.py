"""Conditions as solver formulas: every rule's condition translated into z3, faithfully and in
three-valued logic, over a *symbolic* profile — any profile the fact catalogue admits.

Each fact of a scope becomes a pair of solver variables: whether it is known, and its value in
the fact's type and domain (a country among the countries conditions can tell apart, a date as
a day number, a percentage as an exact rational between 0 and 100...). A condition becomes two
formulas, *true* and *false*; where neither holds it is unknown, exactly as the evaluator's
``None``. Collections (services, certifications, shareholders...) get a bounded number of item
*slots*, each present or not, with a "the list is complete" flag, so the open-world rule of the
quantifiers is kept. Derived facts of the catalogue are tied to the facts they come from by the
axioms below, each one true of every real profile (``scopes`` computes them); a derived fact with
no axiom is free, which can only hide a contradiction, never invent one.

The solver is the optional extra ``compliance[analysis]`` (z3-solver); importing this module
without it raises ``ImportError``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import z3

from compliance import i18n
from compliance.countries import COUNTRIES, GROUPS, members
from compliance.language.catalogue import SCOPES, Collection, Known, Scope, Spec
from compliance.language.conditions import Group, _check_value, _Problems
from compliance.models import profile as pm
from compliance.models.base import Model
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

Pair = tuple[z3.BoolRef, z3.BoolRef]  # (true, false); neither: unknown
TRUE, FALSE = z3.BoolVal(True), z3.BoolVal(False)


# And, Or and Not folded over the constants above (compared by identity) and built through
# z3's C API: z3.And/z3.Or re-check every argument's sort, which made translating SecNumCloud
# three times slower than solving it.
def _build(maker: Any, parts: list[z3.BoolRef]) -> z3.BoolRef:
    ctx = parts[0].ctx
    args = (z3.Ast * len(parts))(*[p.as_ast() for p in parts])
    return z3.BoolRef(maker(ctx.ref(), len(parts), args), ctx)


def conj(*parts: Any) -> z3.BoolRef:
    kept = []
    for p in parts[0] if len(parts) == 1 and isinstance(parts[0], list) else parts:
        if p is FALSE:
            return FALSE
        if p is not TRUE:
            kept.append(p)
    return TRUE if not kept else kept[0] if len(kept) == 1 else _build(z3.Z3_mk_and, kept)


def disj(*parts: Any) -> z3.BoolRef:
    kept = []
    for p in parts[0] if len(parts) == 1 and isinstance(parts[0], list) else parts:
        if p is TRUE:
            return TRUE
        if p is not FALSE:
            kept.append(p)
    return FALSE if not kept else kept[0] if len(kept) == 1 else _build(z3.Z3_mk_or, kept)


_INTS: dict[int, z3.IntNumRef] = {}


def equal(var: z3.ArithRef, number: int) -> z3.BoolRef:
    """``var == number`` for an integer variable, without z3's coercions (the hot path of
    every country, text and enum test)."""
    value = _INTS.get(number)
    if value is None:
        value = _INTS[number] = z3.IntVal(number)
    return z3.BoolRef(z3.Z3_mk_eq(var.ctx.ref(), var.as_ast(), value.as_ast()), var.ctx)


def neg(p: z3.BoolRef) -> z3.BoolRef:
    return (
        FALSE
        if p is TRUE
        else TRUE
        if p is FALSE
        else z3.BoolRef(z3.Z3_mk_not(p.ctx.ref(), p.as_ast()), p.ctx)
    )


# Item facts that a valid profile always records (required fields of the item's model), so
# they are never unknown. Derived from the models, not listed by hand.
_ITEM_MODELS: dict[str, type[Model]] = {
    "service": pm.Service,
    "certification": pm.Certification,
    "shareholder": pm.Shareholder,
    "subcontractor": pm.Subcontractor,
    "dependency": pm.Dependency,
}
ALWAYS_KNOWN = {
    scope: {
        name for name, f in model.model_fields.items() if f.is_required() and name in SCOPES[scope]
    }
    for scope, model in _ITEM_MODELS.items()
}
ALWAYS_KNOWN["shareholder"].add("in_eu")  # derived from the (required) country
SHARE_FACTS = {
    "capital_share",
    "voting_share",
    "renewable_energy_share",
    *(f"{k}_non_eu_{w}_share" for k in ("largest", "total") for w in ("capital", "voting")),
}
_OTHER = "\x00other"  # stands for every text no condition names

# The facts each derived fact with an axiom below is computed from, as analysts write paths:
# what ties two requirements testing different facts together (in explanations).
_HOLDERS = "organisation.shareholders[*]."
DERIVED_FROM: dict[str, tuple[str, ...]] = {
    **{
        f"organisation.{k}_non_eu_{w}_share": (f"{_HOLDERS}{w}_share", f"{_HOLDERS}country")
        for k in ("largest", "total")
        for w in ("capital", "voting")
    },
    f"{_HOLDERS}in_eu": (f"{_HOLDERS}country",),
    "organisation.established_in_eu": tuple(
        f"organisation.{p}"
        for p in ("registered_office", "central_administration", "principal_establishment")
    ),
    "organisation.ultimate_parent.in_eu": ("organisation.ultimate_parent.country",),
    **{
        f"services[*].{f}": (
            "services[*].certifications[*].scheme",
            "services[*].certifications[*].valid",
        )
        for f in ("secnumcloud", "secnumcloud_3_2", "hds")
    },
}


def children(node: Any) -> list[Any]:
    if isinstance(node, AllOf):
        return list(node.all)
    if isinstance(node, AnyOf):
        return list(node.any)
    if isinstance(node, FirstKnown):
        return list(node.first_known)
    if isinstance(node, NotOf):
        return [node.negated]
    if isinstance(node, Some | Every):
        return [c for c in (node.where, node.satisfies) if c is not None]
    return []


def walk_leaves(
    node: Any, scope: str, definitions: dict[str, Any], seen: frozenset[str] = frozenset()
) -> Iterator[tuple[str, Leaf]]:
    """Every leaf under ``node`` with the scope it is read in (definitions expanded)."""
    if isinstance(node, Leaf):
        yield scope, node
    elif isinstance(node, Use):
        if node.use in definitions and node.use not in seen:
            yield from walk_leaves(definitions[node.use], scope, definitions, seen | {node.use})
    elif isinstance(node, Some | Every):
        name = node.collection
        spec = SCOPES[scope].get(name)
        if spec is not None and spec.type == "collection":
            for child in children(node):
                yield from walk_leaves(child, spec.items, definitions, seen)
    else:
        for child in children(node):
            yield from walk_leaves(child, scope, definitions, seen)


def normalised(spec: Spec, leaf: Leaf) -> Any:
    """The leaf's comparison value as the evaluator reads it (a Group for EU/EEA, frozensets)."""
    return _check_value(spec, leaf.op, leaf.value, (), _Problems())


@dataclass
class Universe:
    """The values conditions can tell apart: each constant they name, plus one stand-in per
    class of values none of them names (a country of the EU, of the EEA only, of neither;
    any other text). Two values no condition distinguishes need not both be represented."""

    countries: list[str]
    texts: list[str]
    day: dt.date
    groups: dict[str, frozenset[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, leaves: list[tuple[str, Leaf]], day: dt.date) -> Universe:
        countries: set[str] = set()
        texts: set[str] = set()
        for scope, leaf in leaves:
            spec = SCOPES[scope].get(leaf.fact)
            if spec is None:
                continue
            value = normalised(spec, leaf)
            values = value if isinstance(value, frozenset) else {value}
            if spec.type in ("country", "countries"):
                countries |= {v for v in values if isinstance(v, str) and v in COUNTRIES}
            elif spec.type in ("text", "texts"):
                texts |= {v for v in values if isinstance(v, str)}
        eu, eea = members("EU", day), members("EEA", day)
        for cls_ in (eu, eea - eu, COUNTRIES - eea):  # one unnamed stand-in per class
            spare = sorted(cls_ - countries)
            if spare:
                countries.add(spare[0])
        listed = sorted(countries)
        groups = {
            g: frozenset(i for i, c in enumerate(listed) if c in members(g, day)) for g in GROUPS
        }
        return cls(listed, sorted(texts) + [_OTHER], day, groups)


@dataclass
class Bounds:
    """How many item slots each collection gets."""

    items: dict[str, int]

    def of(self, scope: str) -> int:
        return self.items.get(scope, 1)

    def describe(self) -> str:
        return ", ".join(ITEMS[scope](n) for scope, n in sorted(self.items.items()))


# The items of each kind of the catalogue (catalogue.SCOPES), counted.
ITEMS = {
    "profile": lambda n: i18n.ngettext("%(num)d profile", "%(num)d profiles", n),
    "service": lambda n: i18n.ngettext("%(num)d service", "%(num)d services", n),
    "dependency": lambda n: i18n.ngettext("%(num)d dependency", "%(num)d dependencies", n),
    "certification": lambda n: i18n.ngettext("%(num)d certification", "%(num)d certifications", n),
    "shareholder": lambda n: i18n.ngettext("%(num)d shareholder", "%(num)d shareholders", n),
    "subcontractor": lambda n: i18n.ngettext("%(num)d subcontractor", "%(num)d subcontractors", n),
}


class Encoder:
    """One symbolic profile: its facts as solver variables, its collections as item slots.

    Two modes. ``exact``: each collection has a fixed number of slots (``bounds``) and every
    formula means exactly what the evaluator computes on a profile with at most that many
    items, so "unsatisfiable" is a finding, stated with the bound. ``witness``: each
    ``some`` that must hold (and each ``every`` that must fail) gets an item of its own, and
    only the formulas that range over every item see them all: each formula then implies
    what it translates, so "satisfiable" is a real profile, however many items it needs,
    and the search stays linear in the rules instead of quadratic.
    """

    def __init__(self, universe: Universe, bounds: Bounds, mode: str = "exact") -> None:
        self.u = universe
        self.bounds = bounds
        self.mode = mode
        self.axioms: list[z3.BoolRef] = []
        self._vars: dict[str, tuple[z3.ExprRef, z3.ExprRef]] = {}
        self._slots: dict[tuple[str, str], list[str]] = {}
        self._where: dict[str, list[tuple[str, str]]] = {}  # prefix -> (scope, fact) created
        self._fresh = 0
        self.memo: dict[tuple[Any, ...], z3.BoolRef] = {}
        self.personal: dict[int, bool] = {}
        self._shapes: dict[int, tuple[str, int]] = {}
        self._later: list[tuple[int, int, z3.BoolRef, Any]] = []
        # Set when a witness-mode formula could not be made to imply what it translates; the
        # analysis then searches in exact mode instead.
        self.inexact = False

    # --- variables -------------------------------------------------------------------------

    def shape(self, node: Any, definitions: dict[str, Any]) -> tuple[str, int]:
        """What identifies a sub-condition: its text (equal sub-conditions of different rules
        are one formula, and a ``some`` one witness), and the definitions it may use."""
        key = id(node)
        if key not in self._shapes:
            self._shapes[key] = (node.model_dump_json(by_alias=True), id(definitions))
        return self._shapes[key]

    def fresh(self, name: str) -> z3.BoolRef:
        self._fresh += 1
        return z3.Bool(f"{name}#{self._fresh}")

    def fact(self, prefix: str, scope: str, name: str) -> tuple[z3.ExprRef, z3.ExprRef]:
        """(known, value) of fact ``name`` of the scope at ``prefix``, with its domain."""
        key = prefix + name
        if key in self._vars:
            return self._vars[key]
        spec = SCOPES[scope][name]
        known = TRUE if name in ALWAYS_KNOWN.get(scope, ()) else z3.Bool("k:" + key)
        value = self._value(key, spec, name)
        self._vars[key] = (known, value)
        self._where.setdefault(prefix, []).append((scope, name))
        self._derive(prefix, scope, name)
        return known, value

    def _value(self, key: str, spec: Spec, name: str) -> Any:
        t = spec.type
        if t == "bool":
            return z3.Bool("v:" + key)
        if t == "number":
            v = z3.Real("v:" + key)
            self.axioms.append(v >= 0)
            if name in SHARE_FACTS:
                self.axioms.append(v <= 100)
            if name == "pue":
                self.axioms.append(v >= 1)
            return v
        if t in ("days", "date"):
            v = z3.Int("v:" + key)
            # days are counts; dates day numbers a Python date can hold
            self.axioms.append(v >= 0 if t == "days" else z3.And(v >= 1, v <= 3652059))
            return v
        if t in ("country", "text", "enum"):
            v = z3.Int("v:" + key)
            self.axioms.append(z3.And(v >= 0, v < len(self._domain(spec))))
            return v
        # a list: one membership flag per value of the domain
        return tuple(z3.Bool(f"v:{key}[{i}]") for i in range(len(self._domain(spec))))

    def _domain(self, spec: Spec) -> list[Any]:
        if spec.type in ("country", "countries"):
            return self.u.countries
        if spec.type in ("text", "texts"):
            return self.u.texts
        return list(spec.choices)

    def index(self, spec: Spec, value: Any) -> int | None:
        domain = self._domain(spec)
        return domain.index(value) if value in domain else None

    def position(self, spec: Spec, value: Any) -> int:
        """The index of a value the domain holds by construction (a scheme, one of its versions)."""
        return self._domain(spec).index(value)

    # --- items ------------------------------------------------------------------------------

    def slots(self, prefix: str, name: str, item_scope: str) -> list[str]:
        """The item slots of a collection: fixed in exact mode, growing in witness mode (read
        them in a ``later`` formula to see them all)."""
        key = (prefix, name)
        if key not in self._slots:
            self._slots[key] = []
            if self.mode == "exact":
                for _ in range(self.bounds.of(item_scope)):
                    self.witness(prefix, name, item_scope)
        return self._slots[key]

    def witness(
        self, prefix: str, name: str, item_scope: str, unit: list[str] | None = None
    ) -> str:
        """A new item slot of the collection (and of ``unit``, if given)."""
        listed = self._slots.setdefault((prefix, name), [])
        slot = f"{prefix}{name}#{len(listed)}."
        listed.append(slot)
        if unit is not None:
            unit.append(slot)
        self._item_axioms(slot, item_scope)
        return slot

    def present(self, slot: str) -> z3.BoolRef:
        return z3.Bool("present:" + slot)

    def complete(self, prefix: str, name: str, scheme: str | None = None) -> z3.BoolRef:
        flag = z3.Bool(f"complete:{prefix}{name}")
        if scheme is None:
            return flag
        return disj(flag, z3.Bool(f"register:{prefix}{name}:{scheme}"))

    def later(self, prefix: str, build: Any, axiom: bool = False) -> z3.BoolRef:
        """A formula over every item of a collection at ``prefix``, built once all its items
        exist (``finish``): a placeholder now. With ``axiom``, asserted instead."""
        placeholder = TRUE if axiom else self.fresh("every")
        self._later.append((prefix.count("#"), len(self._later), placeholder, build))
        return placeholder

    def finish(self) -> None:
        """Builds the deferred formulas, outer collections first: building those of the
        profile's collections creates the items' own (certifications of a service...)."""
        while self._later:
            self._later.sort(key=lambda x: (x[0], x[1]))
            depth = self._later[0][0]
            batch = [x for x in self._later if x[0] == depth]
            self._later = [x for x in self._later if x[0] != depth]
            for _, _, placeholder, build in batch:
                formula = build()
                self.axioms.append(formula if placeholder is TRUE else placeholder == formula)

    # --- axioms: derived facts tied to their bases -----------------------------------------

    def _in(self, value: z3.ExprRef, indices: frozenset[int] | set[int]) -> z3.BoolRef:
        return disj([equal(value, i) for i in sorted(indices)])

    def _country_in_eu(self, prefix: str, scope: str, name: str) -> tuple[z3.BoolRef, z3.BoolRef]:
        k, v = self.fact(prefix, scope, name)
        return k, self._in(v, self.u.groups["EU"])

    def _derive(self, prefix: str, scope: str, name: str) -> None:
        """Axioms tying a derived fact (just created) to the facts it is computed from."""
        add = self.axioms.append
        k, v = self._vars[prefix + name]
        if scope == "shareholder" and name == "in_eu":
            add(v == self._country_in_eu(prefix, scope, "country")[1])
        elif scope in ("subcontractor", "dependency") and name == "eu_controlled":
            _, c_eu = self._country_in_eu(prefix, scope, "country")
            fk, f_eu = self._country_in_eu(prefix, scope, "controlled_from")
            add(
                z3.If(
                    z3.Not(c_eu), z3.And(k, z3.Not(v)), z3.And(k == fk, z3.Implies(fk, v == f_eu))
                )
            )
        elif scope == "subcontractor" and name == "data_access":
            ck, cv = self.fact(prefix, scope, "customer_data_access")
            tk, tv = self.fact(prefix, scope, "technical_data_access")
            yes = z3.Or(z3.And(ck, cv), z3.And(tk, tv))
            no = z3.And(ck, z3.Not(cv), tk, z3.Not(tv))
            add(z3.And(z3.And(k, v) == yes, z3.And(k, z3.Not(v)) == no))
        elif scope == "profile" and name == "organisation.ultimate_parent.in_eu":
            ck, c_eu = self._country_in_eu(prefix, scope, "organisation.ultimate_parent.country")
            add(z3.And(k == ck, z3.Implies(ck, v == c_eu)))
        elif scope == "profile" and name == "organisation.established_in_eu":
            parts = [
                self._country_in_eu(prefix, scope, f"organisation.{p}")
                for p in ("registered_office", "central_administration", "principal_establishment")
            ]
            outside = z3.Or([z3.And(pk, z3.Not(pe)) for pk, pe in parts])
            inside = z3.And([z3.And(pk, pe) for pk, pe in parts])
            add(z3.And(z3.And(k, z3.Not(v)) == outside, z3.And(k, v) == inside))
        elif scope == "profile" and name.startswith(
            ("organisation.largest_non_eu_", "organisation.total_non_eu_")
        ):
            # At least every listed non-EU holder's share; the total at least the largest.
            attr = name.rsplit("_non_eu_", 1)[1]  # capital_share or voting_share
            holders = "organisation.shareholders"

            def at_least() -> z3.BoolRef:
                out = []
                for slot in self.slots("", holders, "shareholder"):
                    _, in_eu = self.fact(slot, "shareholder", "in_eu")
                    sk, sv = self.fact(slot, "shareholder", attr)
                    out.append(
                        z3.Implies(z3.And(k, self.present(slot), z3.Not(in_eu), sk), v >= sv)
                    )
                return conj(out)

            self.later("", at_least, axiom=True)
            if name.startswith("organisation.total"):
                lk, lv = self.fact(prefix, scope, name.replace("total", "largest"))
                add(z3.Implies(z3.And(k, lk), v >= lv))
        elif scope == "profile" and name == "organisation.us_law_exposure":
            us = self.index(SCOPES[scope]["organisation.registered_office"], "US")
            if us is not None:
                for base in (
                    "organisation.registered_office",
                    "organisation.central_administration",
                    "organisation.principal_establishment",
                    "organisation.ultimate_parent.country",
                ):
                    bk, bv = self.fact(prefix, scope, base)
                    add(z3.Implies(z3.And(bk, bv == us), z3.And(k, v)))
        elif scope == "service" and name in ("secnumcloud", "secnumcloud_3_2", "hds"):
            self._held(prefix, name, k, v)

    def _held(self, prefix: str, name: str, k: z3.BoolRef, v: z3.BoolRef) -> None:
        """A service holds a scheme exactly when one of its certifications of that scheme
        (and version) is valid."""
        cert = SCOPES["certification"]
        scheme = "hds" if name == "hds" else "secnumcloud"
        if self.mode == "witness":  # the certification that would make it hold
            self.witness(prefix, "certifications", "certification")

        def held() -> z3.BoolRef:
            matches = []
            for slot in self.slots(prefix, "certifications", "certification"):
                _, sv = self.fact(slot, "certification", "scheme")
                vk, vv = self.fact(slot, "certification", "valid")
                match = [
                    self.present(slot),
                    equal(sv, self.position(cert["scheme"], scheme)),
                    vk,
                    vv,
                ]
                if name == "secnumcloud_3_2":
                    rk, rv = self.fact(slot, "certification", "version")
                    match += [rk, equal(rv, self.position(cert["version"], "3.2"))]
                matches.append(conj(match))
            return conj(k, v) == disj(matches)

        self.later(prefix, held, axiom=True)

    def _item_axioms(self, slot: str, scope: str) -> None:
        if scope == "certification":  # a version belongs to its scheme
            sspec, vspec = SCOPES[scope]["scheme"], SCOPES[scope]["version"]
            _, sv = self.fact(slot, scope, "scheme")
            vk, vv = self.fact(slot, scope, "version")
            for scheme, definition in pm.SCHEMES.items():
                allowed = {self.position(vspec, v) for v in definition.versions}
                self.axioms.append(
                    disj(
                        neg(equal(sv, self.position(sspec, scheme))), neg(vk), self._in(vv, allowed)
                    )
                )

    # --- leaves -----------------------------------------------------------------------------

    def leaf(self, node: Leaf, prefix: str, scope: str, positive: bool) -> z3.BoolRef:
        """The leaf is true (``positive``) or false: never while its fact is unknown."""
        spec = SCOPES[scope][node.fact]
        k, v = self.fact(prefix, scope, node.fact)
        if node.op == "exists":
            return k if positive else neg(k)
        test = self._test(spec, node.op, v, normalised(spec, node))
        return conj(k, test if positive else neg(test))

    def _members(self, spec: Spec, value: Any) -> set[int]:
        if isinstance(value, Group):
            return set(self.u.groups[value.name])
        return {i for x in value if (i := self.index(spec, x)) is not None}

    def _test(self, spec: Spec, op: str, v: Any, value: Any) -> z3.BoolRef:
        t = spec.type
        if t in ("countries", "texts", "enums"):  # v: membership flags
            if op in ("contains", "not_contains"):
                i = self.index(spec, value)
                has = v[i] if i is not None else FALSE
                return has if op == "contains" else neg(has)
            chosen = self._members(spec, value)
            if op == "subset_of":
                return conj([neg(f) for i, f in enumerate(v) if i not in chosen])
            return disj([v[i] for i in sorted(chosen)])  # intersects
        if t == "bool":
            return v == value if op == "equals" else v != value
        if t in ("number", "days", "date"):
            c = (
                z3.RealVal(str(value))
                if t == "number"
                else value.toordinal()
                if t == "date"
                else value
            )
            return {
                "equals": v == c,
                "not_equals": v != c,
                "lt": v < c,
                "le": v <= c,
                "gt": v > c,
                "ge": v >= c,
            }[op]
        # country, text, enum: an index into the domain
        if op in ("equals", "not_equals"):
            i = self.index(spec, value)
            eq = equal(v, i) if i is not None else FALSE
            return eq if op == "equals" else neg(eq)
        if op in ("in", "not_in"):
            inside = self._in(v, self._members(spec, value))
            return inside if op == "in" else neg(inside)
        # text contains a substring: the named texts that contain it (the stand-in for other
        # texts contains none of the substrings conditions name)
        return self._in(v, {i for i, x in enumerate(self.u.texts) if x != _OTHER and value in x})

    # --- reading a model back ---------------------------------------------------------------

    def scope(self, model: z3.ModelRef, prefix: str = "", scope: str = "profile") -> Scope:
        """The profile a model describes, as the evaluator's ``Scope`` (each item's prefix is
        its slot): so that the real engine, not the translation, says which rules it meets."""
        facts: dict[str, Known | None] = {}
        for item_scope, name in self._where.get(prefix, ()):
            known, value = self._vars[prefix + name]
            if z3.is_true(model.eval(known, model_completion=True)):
                facts[name] = Known(
                    self._decode(model, SCOPES[item_scope][name], value), ("witness",)
                )
        collections = {}
        for (where, name), slots in self._slots.items():
            if where != prefix:
                continue
            items_scope = SCOPES[scope][name].items
            items = [
                self.scope(model, slot, items_scope)
                for slot in slots
                if z3.is_true(model.eval(self.present(slot), model_completion=True))
            ]
            flag = z3.is_true(model.eval(self.complete(prefix, name), model_completion=True))
            registers = {
                scheme: Known(True, ("witness",))
                for scheme in ("secnumcloud", "hds")
                if z3.is_true(
                    model.eval(z3.Bool(f"register:{prefix}{name}:{scheme}"), model_completion=True)
                )
            }
            collections[name] = Collection(
                items, Known(True, ("witness",)) if flag else None, registers
            )
        for name, spec in SCOPES[scope].items():  # collections no condition reached: empty
            if spec.type == "collection" and name not in collections:
                collections[name] = Collection([], None)
        return Scope(prefix, facts, collections, self.u.day)

    def attestations(self, model: z3.ModelRef) -> dict[str, Known]:
        """Each rule's own attestation the model records, by the rule's prefix."""
        out = {}
        for prefix, facts in self._where.items():
            if prefix.startswith("@") and ("profile", "attestation") in facts:
                known, value = self._vars[prefix + "attestation"]
                if z3.is_true(model.eval(known, model_completion=True)):
                    out[prefix] = Known(
                        z3.is_true(model.eval(value, model_completion=True)), ("witness",)
                    )
        return out

    def _decode(self, model: z3.ModelRef, spec: Spec, value: Any) -> Any:
        t = spec.type
        if isinstance(value, tuple):  # a list: the members whose flag is set
            domain = self._domain(spec)
            return tuple(
                domain[i]
                for i, flag in enumerate(value)
                if z3.is_true(model.eval(flag, model_completion=True))
            )
        got = model.eval(value, model_completion=True)
        if t == "bool":
            return z3.is_true(got)
        if t == "number":
            fraction = got.as_fraction()
            return Decimal(fraction.numerator) / Decimal(fraction.denominator)
        if t == "date":
            return dt.date.fromordinal(got.as_long())
        if t == "days":
            return got.as_long()
        return self._domain(spec)[got.as_long()]


# --- conditions -----------------------------------------------------------------------------
#
# A polarity says which formula is wanted: "t" (the condition is true) or "f" (false); upper
# case, "T" or "F", asks for the exact formula even in witness mode — first_known needs to know
# that a part is *undecided*, which a formula that only implies its condition cannot tell.

Polarity = str


@dataclass
class Unit:
    """The services a per-service or per-offer rule is judged on (the profile restricted to
    them): their slots, whether new witnesses join them (an offer, in witness mode), and, for
    an offer in exact mode, which of the slots it takes."""

    key: str
    slots: list[str]
    grows: bool = False
    chosen: list[z3.BoolRef] | None = None


@dataclass
class Context:
    """What a condition is read against besides its scope: the rule set's definitions, the
    prefix of the rule's own facts (its attestation), how {rule: ...} references resolve
    (rule id, polarity -> formula), and the unit it is judged on."""

    definitions: dict[str, Any]
    own: str
    reference: Any
    unit: Unit | None = None


def _personal(node: Any, definitions: dict[str, Any], memo: dict[int, bool]) -> bool:
    """Whether ``node`` reads the rule's own facts (its attestation, other rules' statuses)."""
    key = id(node)
    if key not in memo:
        memo[key] = False  # definitions cannot be cyclic (a load error): this only guards
        if isinstance(node, Leaf):
            memo[key] = node.fact == "attestation"
        elif isinstance(node, RuleRef):
            memo[key] = True
        elif isinstance(node, Use):
            memo[key] = node.use in definitions and _personal(
                definitions[node.use], definitions, memo
            )
        else:
            memo[key] = any(_personal(c, definitions, memo) for c in children(node))
    return memo[key]


def condition(
    enc: Encoder, node: Any, prefix: str, scope: str, ctx: Context, pol: Polarity
) -> z3.BoolRef:
    """The formula saying that ``node``, read in the scope at ``prefix``, is true ("t") or
    false ("f"). A sub-condition that does not read the rule's own facts is translated once and
    shared between rules (most SecNumCloud rules share one definition)."""
    personal = _personal(node, ctx.definitions, enc.personal)
    key = (
        enc.shape(node, ctx.definitions),
        prefix,
        ctx.unit.key if ctx.unit else "",
        ctx.own if personal else "",
        pol,
    )
    found = enc.memo.get(key)
    if found is None:
        found = enc.memo[key] = _condition(enc, node, prefix, scope, ctx, pol)
    return found


_FLIP = {"t": "f", "f": "t", "T": "F", "F": "T"}


def _condition(
    enc: Encoder, node: Any, prefix: str, scope: str, ctx: Context, pol: Polarity
) -> z3.BoolRef:
    positive = pol in "tT"
    if isinstance(node, Leaf):
        if node.fact == "attestation" and scope == "profile":  # each rule has its own
            return enc.leaf(node, ctx.own, scope, positive)
        return enc.leaf(node, prefix, scope, positive)
    if isinstance(node, AllOf | AnyOf):
        parts = [condition(enc, c, prefix, scope, ctx, pol) for c in children(node)]
        return conj(parts) if isinstance(node, AllOf) == positive else disj(parts)
    if isinstance(node, NotOf):
        return condition(enc, node.negated, prefix, scope, ctx, _FLIP[pol])
    if isinstance(node, FirstKnown):  # the first part that is not unknown decides
        out: z3.BoolRef | None = None
        for part in reversed(node.first_known):
            decided = condition(enc, part, prefix, scope, ctx, pol)
            if out is None:
                out = decided
                continue
            undecided = conj(
                neg(condition(enc, part, prefix, scope, ctx, "T")),
                neg(condition(enc, part, prefix, scope, ctx, "F")),
            )
            out = disj(decided, conj(undecided, out))
        return out
    if isinstance(node, Use):
        return condition(enc, ctx.definitions[node.use], prefix, scope, ctx, pol)
    if isinstance(node, RuleRef):
        return ctx.reference(node.rule, pol)
    return _quantifier(enc, node, prefix, scope, ctx, pol)


def _quantifier(
    enc: Encoder, node: Some | Every, prefix: str, scope: str, ctx: Context, pol: Polarity
) -> z3.BoolRef:
    is_some = isinstance(node, Some)
    name = node.collection
    item_scope = SCOPES[scope][name].items
    unit = ctx.unit if (prefix == "" and name == "services") else None
    positive = pol in "tT"
    inner = "T" if pol in "TF" else "t"
    inner_f = "F" if pol in "TF" else "f"

    def item(slot: str, i: int, where_pol: str, sat_pol: str) -> list[z3.BoolRef]:
        member = enc.present(slot)
        if unit is not None and unit.chosen is not None:
            member = conj(member, unit.chosen[i])
        if node.where is None:  # every item is considered: "excluded" never holds
            where = TRUE if where_pol in "tT" else FALSE
        else:
            where = condition(enc, node.where, slot, item_scope, ctx, where_pol)
        return [member, where, condition(enc, node.satisfies, slot, item_scope, ctx, sat_pol)]

    def every_slot() -> list[str]:
        return unit.slots if unit is not None else enc.slots(prefix, name, item_scope)

    # some true / every false: a witness item — its own new item in witness mode
    if is_some == positive:
        sat_pol = inner if is_some else inner_f
        if enc.mode == "witness" and pol in "tf" and (unit is None or unit.grows):
            slot = enc.witness(prefix, name, item_scope, unit.slots if unit else None)
            return conj(item(slot, 0, "t", sat_pol))
        return enc.later(
            prefix,
            lambda: disj([conj(item(s, i, inner, sat_pol)) for i, s in enumerate(every_slot())]),
        )
    # some false / every true: the list is closed and no item is a witness / counter-example
    if is_some:
        from compliance.language.conditions import _scheme_tested

        closed = enc.complete(prefix, name, _scheme_tested(node.satisfies))
    else:
        closed = enc.complete(prefix, name)
    sat_pol = inner_f if is_some else inner

    def none() -> z3.BoolRef:
        out = []
        for i, s in enumerate(every_slot()):
            member, where, test = item(s, i, inner_f, sat_pol)
            out.append(disj(neg(member), where, test))
        return conj(out)

    return conj(closed, enc.later(prefix, none))
