"""Conditions: type-checked against the fact catalogue, compiled to closures, evaluated in
three-valued logic (True, False, None = unknown), recording a trace of the facts examined.

Open-world rule: a collection that is not known to be complete may hide items, so a quantifier
answer that an unlisted item could overturn is unknown: ``some`` that finds nothing, ``every``
that finds no counter-example. A collection is closed by a sourced completeness fact, or, for
``some: services`` testing a certification (``secnumcloud``, ``secnumcloud_3_2``, ``hds``), by a
dated register of that scheme's holders.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, NamedTuple

from compliance import i18n
from compliance.countries import COUNTRIES, GROUPS
from compliance.errors import did_you_mean
from compliance.language.catalogue import SCOPES, Bound, Collection, Known, Scope, Spec
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

Path = tuple[str | int, ...]
Tri = bool | None


class Step(NamedTuple):
    """One fact examined: where, the test applied, the value found, the outcome and sources.
    A plain tuple: a traced evaluation records several per rule, and a frozen dataclass cost
    as much to build as the evaluation itself."""

    fact: str
    op: str
    expected: Any
    actual: Any
    outcome: Tri
    sources: tuple[str, ...]
    note: str = ""
    commitment_of: str = ""  # the value counts this service's commitment as delivered


Trace = list[Step] | None
Compiled = Callable[[Scope, Trace], Tri]


class Group:
    """A group of countries (EU, EEA) in a condition, read at the date evaluated. (Not a frozen
    dataclass, which writes and compiles its methods on every start, nor a tuple, which the
    values of facts are.)"""

    __slots__ = ("name",)
    name: str

    def __init__(self, name: str) -> None:
        object.__setattr__(self, "name", name)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a group is frozen")

    def __eq__(self, other: object) -> bool:
        return type(other) is Group and other.name == self.name

    def __hash__(self) -> int:
        return hash((Group, self.name))

    def __repr__(self) -> str:
        return f"Group(name={self.name!r})"

    def __reduce__(self) -> tuple[type[Group], tuple[str]]:  # copies and pickles
        return (Group, (self.name,))

    def __str__(self) -> str:
        return self.name


class _Problems(list):  # list of (path, message)
    def add(self, path: Path, message: str) -> None:
        self.append((path, message))


# Which operators each fact type accepts, and what kind of value each expects.
_SCALAR_OPS = {"equals": "one", "not_equals": "one"}
_SET_OPS = {"in": "many", "not_in": "many"}
_ORDER_OPS = {"lt": "one", "le": "one", "gt": "one", "ge": "one"}
_LIST_OPS = {"contains": "one", "not_contains": "one", "subset_of": "many", "intersects": "many"}
OPS_BY_TYPE: dict[str, dict[str, str]] = {
    "country": _SCALAR_OPS | _SET_OPS,
    "countries": _LIST_OPS,
    "bool": _SCALAR_OPS,
    "number": _SCALAR_OPS | _ORDER_OPS,
    "days": _SCALAR_OPS | _ORDER_OPS,
    "date": _SCALAR_OPS | _ORDER_OPS,
    "text": _SCALAR_OPS | _SET_OPS | {"contains": "one"},
    "texts": _LIST_OPS,
    "enum": _SCALAR_OPS | _SET_OPS,
    "enums": _LIST_OPS,
}
for _ops in OPS_BY_TYPE.values():
    _ops["exists"] = "none"

_TESTS: dict[str, Callable[[Any, Any], bool]] = {
    "equals": lambda a, v: a == v,
    "not_equals": lambda a, v: a != v,
    "in": lambda a, v: a in v,
    "not_in": lambda a, v: a not in v,
    "lt": lambda a, v: a < v,
    "le": lambda a, v: a <= v,
    "gt": lambda a, v: a > v,
    "ge": lambda a, v: a >= v,
    "contains": lambda a, v: v in a,
    "not_contains": lambda a, v: v not in a,
    "subset_of": lambda a, v: set(a) <= v,
    "intersects": lambda a, v: not v.isdisjoint(a),
}


def _bound_test(op: str, bound: Bound, v: Any) -> Tri:
    """A comparison of a number known within bounds: decided when every value in them agrees."""
    lo, hi = bound
    if op in ("le", "lt"):
        if (hi is not None) and (hi <= v if op == "le" else hi < v):
            return True
        return False if (lo > v if op == "le" else lo >= v) else None
    if op in ("ge", "gt"):
        if lo >= v if op == "ge" else lo > v:
            return True
        return False if hi is not None and (hi < v if op == "ge" else hi <= v) else None
    inside = lo <= v and (hi is None or v <= hi)
    if op == "equals":
        return True if lo == hi == v else (None if inside else False)
    if op == "not_equals":
        return False if lo == hi == v else (None if inside else True)
    return None


def _check_one(spec: Spec, value: Any, path: Path, problems: _Problems) -> Any:
    """Validate one comparison value against the fact's type; return it normalised."""
    kind = {"countries": "country", "texts": "text", "enums": "enum"}.get(spec.type, spec.type)
    if kind == "country":
        if isinstance(value, str) and value in GROUPS:
            problems.add(
                path,
                f"'{value}' is a group of countries: use in, not_in, subset_of "
                "or intersects to compare with it",
            )
        elif not isinstance(value, str) or value not in COUNTRIES:
            from compliance.countries import suggest_country  # the error path only

            problems.add(
                path,
                f"{value!r} is not an ISO 3166-1 alpha-2 country code"
                + suggest_country(str(value)),
            )
        return value
    if kind == "enum":
        if isinstance(value, list | dict) or value not in spec.choices:
            listed = ", ".join(map(str, spec.choices))
            hint = (
                f" (did you mean '{spec.aliases[value.lower()]}'?)"
                if isinstance(value, str) and value.lower() in spec.aliases
                else did_you_mean(str(value), map(str, spec.choices))
            )
            problems.add(path, f"{value!r} is not one of: {listed}{hint}")
        return value
    expected: dict[str, tuple[type, ...]] = {
        "bool": (bool,),
        "number": (int, Decimal),
        "days": (int,),
        "date": (dt.date,),
        "text": (str,),
    }
    ok = isinstance(value, expected[kind]) and not (
        kind in ("number", "days") and isinstance(value, bool)
    )
    if not ok:
        hint = " (write it without quotes)" if isinstance(value, str) and kind != "text" else ""
        if isinstance(value, bool) and kind == "text":
            hint = " (YAML read it as true/false: quote it)"
        problems.add(path, f"expected a {kind} value, got {value!r}{hint}")
    return value


def _check_value(spec: Spec, op: str, value: Any, path: Path, problems: _Problems) -> Any:
    arity = OPS_BY_TYPE[spec.type].get(op)
    if arity is None:
        allowed = ", ".join(OPS_BY_TYPE[spec.type])
        problems.add(
            path[:-1] + ("op",),
            f"operator '{op}' does not apply to a {spec.type} fact (use one of: {allowed})",
        )
        return value
    if arity == "none":
        if value is not None:
            problems.add(path, "'exists' takes no value")
        return None
    if arity == "one":
        if value is None:
            problems.add(path[:-1], f"operator '{op}' needs a 'value'")
        return _check_one(spec, value, path, problems) if value is not None else None
    # many: a list, or for countries a group name
    if spec.type in ("country", "countries") and isinstance(value, str) and value in GROUPS:
        return Group(value)
    if not isinstance(value, list) or not value:
        problems.add(
            path,
            f"operator '{op}' needs a non-empty list"
            + (" or a group (EU, EEA)" if "countr" in spec.type else ""),
        )
        return frozenset()
    return frozenset(_check_one(spec, item, path + (i,), problems) for i, item in enumerate(value))


def _unknown_fact(name: str, scope: str, path: Path, problems: _Problems) -> None:
    elsewhere = [s for s, facts in SCOPES.items() if s != scope and name in facts]
    hint = did_you_mean(name, SCOPES[scope])
    if elsewhere and not hint:
        hint = f" (it is a fact of {elsewhere[0]} items: test it inside some/every)"
    problems.add(
        path,
        f"unknown fact '{name}' for {scope} items{hint}; `compliance facts` lists them"
        if scope != "profile"
        else f"unknown fact '{name}'{hint}; `compliance facts` lists them",
    )


class Compiler:
    """Compiles the conditions of one rule set, collecting every problem with its data path."""

    def __init__(self, definitions: dict[str, Any], invalid: Iterable[str] = ()) -> None:
        """``invalid``: names of definitions that failed validation (reported by the schema):
        their uses read unknown, without a second problem."""
        self.definitions = definitions
        self.invalid = frozenset(invalid)
        self.problems = _Problems()
        self._cache: dict[tuple[str, str], Compiled] = {}  # (definition, scope)
        self._active: set[str] = set()
        self.references: list[tuple[Path, str]] = []

    @property
    def used(self) -> set[str]:
        """Names of the definitions compiled so far."""
        return {name for name, _ in self._cache}

    def compile(self, node: Any, scope: str, path: Path) -> Compiled:
        if isinstance(node, Leaf):
            return self._leaf(node, scope, path)
        if isinstance(node, AllOf):
            parts = [self.compile(c, scope, path + ("all", i)) for i, c in enumerate(node.all)]
            return _all(parts)
        if isinstance(node, AnyOf):
            parts = [self.compile(c, scope, path + ("any", i)) for i, c in enumerate(node.any)]
            return _any(parts)
        if isinstance(node, FirstKnown):
            parts = [
                self.compile(c, scope, path + ("first_known", i))
                for i, c in enumerate(node.first_known)
            ]
            return _first_known(parts)
        if isinstance(node, NotOf):
            inner = self.compile(node.negated, scope, path + ("not",))
            return lambda s, t: None if (r := inner(s, t)) is None else not r
        if isinstance(node, Some | Every):
            return self._quantifier(node, scope, path)
        if isinstance(node, Use):
            return self._use(node, scope, path)
        if isinstance(node, RuleRef):
            return self._rule_ref(node, scope, path)
        raise TypeError(node)  # pragma: no cover - the model admits nothing else

    def _use(self, node: Use, scope: str, path: Path) -> Compiled:
        name = node.use
        if name in self.invalid:
            return lambda s, t: None
        if name not in self.definitions:
            self.problems.add(
                path + ("use",),
                f"unknown definition '{name}'" + did_you_mean(name, self.definitions),
            )
            return lambda s, t: None
        key = (name, scope)
        if key not in self._cache:
            if name in self._active:
                self.problems.add(path + ("use",), f"definition '{name}' uses itself")
                return lambda s, t: None
            self._active.add(name)
            self._cache[key] = self.compile(self.definitions[name], scope, ("definitions", name))
            self._active.discard(name)
        return self._cache[key]

    def _rule_ref(self, node: RuleRef, scope: str, path: Path) -> Compiled:
        if scope != "profile":
            self.problems.add(path + ("rule",), "a rule reference cannot be used inside some/every")
            return lambda s, t: None
        self.references.append((path + ("rule",), node.rule))
        rule_id = node.rule

        def ref(scope_: Scope, trace: Trace) -> Tri:
            status = scope_.rule_status(rule_id) if scope_.rule_status else None
            out = {"met": True, "gap": False}.get(status or "")
            if trace is not None:
                trace.append(
                    Step(
                        f"rule {rule_id}",
                        "met",
                        None,
                        status,
                        out,
                        (),
                        i18n._("status of the referenced rule"),
                    )
                )
            return out

        return ref

    def _leaf(self, node: Leaf, scope: str, path: Path) -> Compiled:
        spec = SCOPES[scope].get(node.fact)
        if spec is None:
            _unknown_fact(node.fact, scope, path + ("fact",), self.problems)
            return lambda s, t: None
        if spec.type == "collection":
            self.problems.add(
                path + ("fact",), f"'{node.fact}' is a collection: test its items with some/every"
            )
            return lambda s, t: None
        value = _check_value(spec, node.op, node.value, path + ("value",), self.problems)
        fact, op, shown = node.fact, node.op, node.value
        if op == "exists":

            def leaf(scope_: Scope, trace: Trace) -> Tri:
                known = scope_.facts.get(fact)
                out = known is not None and known.value is not None
                if trace is not None:
                    _record(trace, scope_, fact, op, None, known, out)
                return out

            return leaf
        test = _TESTS.get(op)
        if test is None:
            return lambda s, t: None

        # One closure per kind of comparison, so that the common one stays as lean as before.
        if isinstance(value, Group):  # EU or EEA, read at the scope's date
            group = value.name

            def leaf(scope_: Scope, trace: Trace) -> Tri:
                known = scope_.facts.get(fact)
                out = (
                    None
                    if known is None or known.value is None
                    else test(known.value, scope_.groups[group])
                )
                if trace is not None:
                    _record(trace, scope_, fact, op, shown, known, out)
                return out
        elif spec.type == "number":  # may be known only within bounds

            def leaf(scope_: Scope, trace: Trace) -> Tri:
                known = scope_.facts.get(fact)
                if known is None or known.value is None:
                    out = None
                elif isinstance(known.value, Bound):
                    out = _bound_test(op, known.value, value)
                else:
                    out = test(known.value, value)
                if trace is not None:
                    _record(trace, scope_, fact, op, shown, known, out)
                return out
        else:

            def leaf(scope_: Scope, trace: Trace) -> Tri:
                known = scope_.facts.get(fact)
                out = None if known is None or known.value is None else test(known.value, value)
                if trace is not None:
                    _record(trace, scope_, fact, op, shown, known, out)
                return out

        return leaf

    def _quantifier(self, node: Some | Every, scope: str, path: Path) -> Compiled:
        is_some = isinstance(node, Some)
        name = node.collection
        key = "some" if is_some else "every"
        spec = SCOPES[scope].get(name)
        if spec is None or spec.type != "collection":
            collections = [n for n, s in SCOPES[scope].items() if s.type == "collection"]
            self.problems.add(
                path + (key,),
                f"'{name}' is not a collection (use one of: "
                f"{', '.join(collections)})" + did_you_mean(name, collections),
            )
            return lambda s, t: None
        item_scope = spec.items
        where = (
            self.compile(node.where, item_scope, path + ("where",))
            if node.where is not None
            else None
        )
        satisfies = self.compile(node.satisfies, item_scope, path + ("satisfies",))
        scheme = _scheme_tested(node.satisfies) if is_some else None
        return _some(name, where, satisfies, scheme) if is_some else _every(name, where, satisfies)


def _record(
    trace: list[Step], scope: Scope, fact: str, op: str, expected: Any, known: Any, out: Tri
) -> None:
    actual = None if known is None else known.value
    if isinstance(actual, tuple) and not isinstance(actual, Bound):
        actual = list(actual)
    trace.append(
        Step(
            scope.prefix + fact,
            op,
            expected,
            actual,
            out,
            () if known is None else known.sources,
            "" if known is None else known.note,
            "" if known is None else known.commitment_of,
        )
    )


def _all(parts: list[Compiled]) -> Compiled:
    def run(scope: Scope, trace: Trace) -> Tri:
        result: Tri = True
        for part in parts:
            r = part(scope, trace)
            if r is False:
                return False
            if r is None:
                result = None
        return result

    return run


def _any(parts: list[Compiled]) -> Compiled:
    def run(scope: Scope, trace: Trace) -> Tri:
        result: Tri = False
        for part in parts:
            r = part(scope, trace)
            if r is True:
                return True
            if r is None:
                result = None
        return result

    return run


def _first_known(parts: list[Compiled]) -> Compiled:
    def run(scope: Scope, trace: Trace) -> Tri:
        for part in parts:
            r = part(scope, trace)
            if r is not None:
                return r
        return None

    return run


_SCHEME_FACTS = {"secnumcloud": "secnumcloud", "secnumcloud_3_2": "secnumcloud", "hds": "hds"}


def _scheme_tested(node: Any) -> str | None:
    """The scheme a `satisfies` tests, when it is exactly
    `{fact: secnumcloud|hds, equals: true}`."""
    if isinstance(node, Leaf) and node.op == "equals" and node.value is True:
        return _SCHEME_FACTS.get(node.fact)
    return None


def _closed(collection: Collection, scheme: str | None = None) -> Known | None:
    """The fact that closes the collection (for this scheme), if any."""
    if collection.complete is not None and collection.complete.value is True:
        return collection.complete
    return collection.complete_for.get(scheme) if scheme else None


def _considered(
    collection: Collection, where: Compiled | None, trace: Trace
) -> list[tuple[Scope, Tri]]:
    """Items the ``where`` filter does not exclude, with its verdict (True, or None if unsure)."""
    if where is None:
        return [(item, True) for item in collection.items]
    out: list[tuple[Scope, Tri]] = []
    for item in collection.items:
        w = where(item, None)
        if w is False:
            continue
        if trace is not None:
            where(item, trace)  # record the filter's facts only for items it let through
        out.append((item, w))
    return out


def _quantifier_step(
    trace: Trace,
    scope: Scope,
    name: str,
    op: str,
    collection: Collection,
    considered: int,
    out: Tri,
    closing: Known | None,
    note: str,
) -> None:
    if trace is None:
        return
    if closing is not None:
        note = "; ".join(x for x in (note, closing.note or i18n._("the list is complete")) if x)
    trace.append(
        Step(
            scope.prefix + name,
            op,
            None,
            i18n._(
                "%(considered)s of %(listed)s listed items considered",
                considered=considered,
                listed=len(collection.items),
            ),
            out,
            () if closing is None else closing.sources,
            note,
        )
    )


def _test_item(
    satisfies: Compiled, item: Scope, trace: Trace, keep_unless: bool, why: list[str]
) -> Tri:
    """Test one item; its facts enter the trace only when its outcome is evidence (not the
    uninformative ``keep_unless`` outcome: False for some, True for every). For the others,
    ``why`` gets one line: the item and the sub-condition that decided it, with its value."""
    if trace is None:
        return satisfies(item, None)
    steps: list[Step] = []
    r = satisfies(item, steps)
    if r is not keep_unless:
        trace.extend(steps)
    else:
        decisive = [s for s in steps if s.outcome is r and s.op not in ("some", "every")]
        if decisive:
            s = decisive[-1]
            test = s.op if s.expected is None else f"{s.op} {shown(s.expected)}"
            why.append(f"{s.fact} {test}: {shown(s.actual)}")
    return r


def shown(value: Any) -> str:
    if value is None:
        return i18n._("unknown")
    if isinstance(value, bool):
        return i18n._("true") if value else i18n._("false")
    if isinstance(value, list | tuple | frozenset | set) and not isinstance(value, Bound):
        return "[" + ", ".join(map(str, sorted(value, key=str))) + "]"
    return str(value)


def _scan(
    collection: Collection, where: Compiled | None, satisfies: Compiled, decisive: bool
) -> Tri:
    """The untraced quantifier: ``decisive`` is True for some (one success decides) and False
    for every (one failure decides); otherwise the other value, or unknown if one item might."""
    result: Tri = not decisive
    for item in collection.items:
        w = True if where is None else where(item, None)
        if w is False:
            continue
        r = satisfies(item, None)
        if r is decisive and w is True:
            return decisive
        if r is not (not decisive):
            result = None
    return result


def _some(name: str, where: Compiled | None, satisfies: Compiled, scheme: str | None) -> Compiled:
    def run(scope: Scope, trace: Trace) -> Tri:
        collection = scope.collections[name]
        if trace is None:  # the hot path: no lists, no notes
            result = _scan(collection, where, satisfies, True)
            if result is False and _closed(collection, scheme) is None:
                return None
            return result
        considered = _considered(collection, where, trace)
        result = False  # a Tri, as on the hot path above
        why: list[str] = []
        for item, w in considered:
            r = _test_item(satisfies, item, trace, False, why)
            if r is True and w is True:
                result = True
                break
            if r is not False:
                result = None
        closing = _closed(collection, scheme)
        note = ""
        if result is False:
            note = i18n._("none satisfies it") if considered else i18n._("none listed")
            if closing is None:
                result, note = None, note + i18n._(", and the list is not known to be complete")
        if why and result is not True:
            failed = i18n._("failed: %(why)s", why="; ".join(why))
            note = "; ".join(x for x in (note, failed) if x)
        _quantifier_step(
            trace, scope, name, "some", collection, len(considered), result, closing, note
        )
        return result

    return run


def _every(name: str, where: Compiled | None, satisfies: Compiled) -> Compiled:
    def run(scope: Scope, trace: Trace) -> Tri:
        collection = scope.collections[name]
        if trace is None:
            result = _scan(collection, where, satisfies, False)
            if result is True and _closed(collection) is None:
                return None
            return result
        considered = _considered(collection, where, trace)
        result = True  # a Tri, as on the hot path above
        for item, w in considered:
            r = _test_item(satisfies, item, trace, True, [])
            if r is False and w is True:
                result = False
                break
            if r is not True:
                result = None
        closing = _closed(collection)
        note = ""
        if result is True and closing is None:
            result, note = (
                None,
                i18n._("unlisted items may not satisfy it: the list is not complete"),
            )
        _quantifier_step(
            trace, scope, name, "every", collection, len(considered), result, closing, note
        )
        return result

    return run
