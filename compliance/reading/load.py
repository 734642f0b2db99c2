"""Reading rule sets and provider profiles from YAML files, with every problem located.

The only module (with the CLI) that touches the file system. A file yields either a valid,
compiled model or an :class:`InvalidInput` listing all of its problems as ``file:line:col``.
"""

from __future__ import annotations

import datetime as dt
import os
import types
import typing
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from compliance.errors import InvalidInput, Problem, did_you_mean
from compliance.language.conditions import Compiled, Compiler
from compliance.models import ruleset as rs
from compliance.models.common import TIMED_TAGS
from compliance.models.mapping import MappingSet
from compliance.models.profile import SCHEMES, ProviderProfile, version_problem
from compliance.models.ruleset import Rule, RuleSet
from compliance.reading.document import Document, Path
from compliance.reading.files import STDIN_NAME, decode, read_bytes

# What only a file read afresh needs (the YAML parser, the consistency checks of a profile) is
# imported by the functions that read one: a run whose inputs all come from the cache of
# validated files (compliance.reading.cache) never loads them.
if TYPE_CHECKING:
    from pydantic import BaseModel
    from pydantic_core import ErrorDetails

_TAG_MODELS = {
    "<all>": rs.AllOf,
    "<any>": rs.AnyOf,
    "<first_known>": rs.FirstKnown,
    "<not>": rs.NotOf,
    "<fact>": rs.Leaf,
    "<some>": rs.Some,
    "<every>": rs.Every,
    "<use>": rs.Use,
    "<rule>": rs.RuleRef,
}


# Plain classes, not dataclasses (see errors.Problem).


class CompiledRule:
    __slots__ = ("answers", "condition", "partial", "rule", "scope")

    def __init__(
        self,
        rule: Rule,
        condition: Compiled,
        partial: Compiled | None,
        scope: str = "provider",  # the rule's, else its rule set's (provider, service or offer)
        # Graded rules: each answer with its compiled condition (None: no fact decides it).
        answers: list[tuple[rs.Answer, Compiled | None]] | None = None,
    ) -> None:
        self.rule, self.condition, self.partial = rule, condition, partial
        self.scope, self.answers = scope, answers


class LoadedRuleSet:
    def __init__(
        self,
        path: str,
        model: RuleSet,
        rules: list[CompiledRule],
        doc: Document,
        references: list[tuple[Path, str]],  # (where, rule id) of every {rule: ...} node
    ) -> None:
        self.path, self.model, self.rules, self.doc = path, model, rules, doc
        self.references = references


class LoadedProfile:
    def __init__(self, path: str, model: ProviderProfile, doc: Document) -> None:
        self.path, self.model, self.doc = path, model, doc


# --- pydantic errors as analyst messages -----------------------------------------------------


def _unwrap(tp: Any) -> list[Any]:
    """The concrete types a field annotation may hold (Optional, Annotated, unions flattened)."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(tp) for t in _unwrap(arg)]
    return [tp]


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The pydantic class that validates the mapping at ``loc`` (for did-you-mean on keys);
    ``model`` is a pydantic class (a twin: models.twins), whose fields carry their types."""
    from pydantic import BaseModel

    from compliance.models import twins

    current: Any = model
    for part in loc:
        if isinstance(part, str) and part in _TAG_MODELS:
            current = twins.twin(_TAG_MODELS[part])
            continue
        if part in TIMED_TAGS:  # one fact, or a list of dated ones
            many = [c for c in _unwrap(current) if typing.get_origin(c) is list]
            one = [c for c in _unwrap(current) if typing.get_origin(c) is not list]
            current = many[0] if part == "<many>" and many else one[0] if one else current
            continue
        candidates = _unwrap(current)
        nxt = None
        for cand in candidates:
            origin = typing.get_origin(cand)
            if isinstance(cand, type) and issubclass(cand, BaseModel) and isinstance(part, str):
                field = cand.model_fields.get(part) or next(
                    (f for f in cand.model_fields.values() if f.alias == part), None
                )
                if field is not None:
                    nxt = field.annotation
                    break
            elif origin is list and isinstance(part, int):
                nxt = typing.get_args(cand)[0]
                break
            elif origin is dict and isinstance(part, str):
                nxt = typing.get_args(cand)[1]
                break
        if nxt is None:
            return None
        current = nxt
    models = [c for c in _unwrap(current) if isinstance(c, type) and issubclass(c, BaseModel)]
    return models[0] if len(models) == 1 else None


def _field_names(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float | Decimal):
        return "a number"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def _message(error: ErrorDetails, model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    kind, value = error["type"], error.get("input")
    if kind == "extra_forbidden":
        parent = _model_at(model, loc[:-1])
        choices = _field_names(parent) if parent else []
        return f"unknown key '{loc[-1]}'" + did_you_mean(str(loc[-1]), choices)
    if kind == "missing":
        return f"missing required key '{loc[-1]}'"
    if kind in ("literal_error", "enum"):
        expected = error.get("ctx", {}).get("expected", "")
        options = [o.strip(" '") for o in expected.replace(" or ", ", ").split(", ")]
        return f"{value!r} is not one of: {', '.join(options)}" + did_you_mean(str(value), options)
    if kind == "string_type" and isinstance(value, bool | int | float | Decimal):
        shown = str(value).lower() if isinstance(value, bool) else value
        return f'expected text, but YAML read {shown} as {_describe(value)}: quote it ("{shown}")'
    if kind in ("bool_type", "int_type", "float_type", "date_type") and isinstance(value, str):
        wanted = {
            "bool_type": "true or false",
            "int_type": "a whole number",
            "float_type": "a number",
            "date_type": "a date (YYYY-MM-DD)",
        }[kind]
        return f"expected {wanted}, got the text {value!r} (remove the quotes?)"
    if kind in ("model_type", "dict_type", "list_type") and value is not None:
        wanted = "a list" if kind == "list_type" else "a mapping of keys"
        return f"expected {wanted}, got {_describe(value)}"
    if kind == "condition":
        present = [k for k in rs.CONDITION_KEYS if isinstance(value, dict) and k in value]
        if len(present) > 1:
            return f"a condition has exactly one of {', '.join(present)}: split it with all/any"
        keys = list(value) if isinstance(value, dict) else []
        hint = did_you_mean(keys[0], rs.CONDITION_KEYS) if keys else ""
        return error["msg"] + hint
    message = error["msg"]
    return message.removeprefix("Value error, ")


def validate_document(doc: Document, model: Any) -> Any:
    """The model validated from the document, or every problem located."""
    from pydantic import ValidationError

    from compliance.models import twins

    if not isinstance(doc.data, dict):
        raise InvalidInput([doc.problem((), "expected a mapping of keys at the top of the file")])
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc = tuple(error["loc"])
            path = tuple(
                p for p in loc if not (isinstance(p, str) and (p in _TAG_MODELS or p in TIMED_TAGS))
            )
            on_key = error["type"] == "extra_forbidden"
            if error["type"] == "missing":
                path = path[:-1]
            message = _message(error, twins.twin(model), loc)
            problems.append(doc.problem(path, message, key=on_key))
        raise InvalidInput(problems) from None


# --- semantic checks -------------------------------------------------------------------------


def _stem_is_id(doc: Document, model_id: str, problems: list[Problem]) -> None:
    if doc.file == STDIN_NAME:  # no file name to agree with
        return
    stem = os.path.splitext(os.path.basename(doc.file))[0]
    if stem != model_id:
        problems.append(doc.problem(("id",), f"id '{model_id}' must equal the file name '{stem}'"))


def _duplicates(
    doc: Document, ids: Iterable[tuple[Path, str]], what: str, problems: list[Problem]
) -> set[str]:
    seen: dict[str, Path] = {}
    for path, value in ids:
        if value in seen:
            line = doc.position(seen[value])[0]
            problems.append(doc.problem(path, f"duplicate {what} '{value}' (first on line {line})"))
        seen.setdefault(value, path)
    return set(seen)


def compile_ruleset(
    doc: Document, model: RuleSet
) -> tuple[list[CompiledRule], list[Problem], list[tuple[Path, str]]]:
    problems: list[Problem] = []
    _stem_is_id(doc, model.id, problems)
    rule_ids = _duplicates(
        doc, ((("rules", i, "id"), r.id) for i, r in enumerate(model.rules)), "rule id", problems
    )
    revisions = _duplicates(
        doc,
        ((("revisions", i, "id"), r.id) for i, r in enumerate(model.revisions)),
        "revision",
        problems,
    )
    _duplicates(
        doc,
        ((("use_cases", i, "id"), u.id) for i, u in enumerate(model.use_cases)),
        "use case",
        problems,
    )
    order = [r.id for r in model.revisions]

    def check_revision(path: Path, rev: str | None) -> None:
        if rev is not None and rev not in revisions:
            choices = ", ".join(order) or "none: add 'revisions' first"
            problems.append(
                doc.problem(
                    path,
                    f"unknown revision '{rev}' (declared: {choices})" + did_you_mean(rev, order),
                )
            )

    for i, rule in enumerate(model.rules):
        check_revision(("rules", i, "introduced"), rule.introduced)
        check_revision(("rules", i, "removed"), rule.removed)
        for j, change in enumerate(rule.changed):
            check_revision(("rules", i, "changed", j, "revision"), change.revision)
        if (
            rule.introduced
            and rule.removed
            and rule.introduced in order
            and rule.removed in order
            and order.index(rule.removed) <= order.index(rule.introduced)
        ):
            problems.append(
                doc.problem(
                    ("rules", i, "removed"), "a rule is removed after the revision introducing it"
                )
            )
    for i, case in enumerate(model.use_cases):
        check_revision(("use_cases", i, "introduced"), case.introduced)
        check_revision(("use_cases", i, "removed"), case.removed)
        for j, need in enumerate(case.needs):
            if need not in rule_ids:
                problems.append(
                    doc.problem(
                        ("use_cases", i, "needs", j),
                        f"unknown rule '{need}'" + did_you_mean(need, rule_ids),
                    )
                )
    compiler = Compiler(model.definitions)
    compiled = []
    for i, rule in enumerate(model.rules):
        if rule.answers is not None:
            compiled.append(_graded(compiler, rule, i, model, doc, problems))
            continue
        condition = compiler.compile(rule.condition, "profile", ("rules", i, "condition"))
        partial = (
            compiler.compile(rule.partial, "profile", ("rules", i, "partial"))
            if rule.partial is not None
            else None
        )
        compiled.append(CompiledRule(rule, condition, partial, rule.scope or model.scope))
    for name in model.definitions.keys() - compiler.used:
        problems.append(
            doc.problem(("definitions", name), f"definition '{name}' is never used", key=True)
        )
    problems.extend(doc.problem(path, message) for path, message in compiler.problems)
    return compiled, problems, compiler.references


def _graded(
    compiler: Compiler, rule: Rule, i: int, model: RuleSet, doc: Document, problems: list[Problem]
) -> CompiledRule:
    """A graded rule: its answers' conditions compiled; its objective must exist, its answers
    go from worst to best (levels never decrease)."""
    objectives = [o.id for o in model.grading.objectives] if model.grading else []
    if model.grading is None:
        problems.append(
            doc.problem(
                ("rules", i, "answers"), "graded answers need the rule set's 'grading'", key=True
            )
        )
    elif rule.objective not in objectives:
        problems.append(
            doc.problem(
                ("rules", i, "objective"),
                f"unknown objective '{rule.objective}'"
                + did_you_mean(str(rule.objective), objectives),
            )
        )
    answers = rule.answers or []
    for j in range(1, len(answers)):
        if answers[j].seal < answers[j - 1].seal or answers[j].points < answers[j - 1].points:
            problems.append(
                doc.problem(
                    ("rules", i, "answers", j),
                    "answers go from worst to best: neither points nor level may decrease",
                )
            )
    compiled: list[tuple[rs.Answer, Compiled | None]] = []
    for j, a in enumerate(answers):
        condition = (
            compiler.compile(a.condition, "profile", ("rules", i, "answers", j, "condition"))
            if a.condition is not None
            else None
        )
        # Answers sharing a condition share its compiled form: grading evaluates it once.
        same = next((c for b, c in compiled if b.condition == a.condition), None)
        compiled.append((a, same if same is not None and condition is not None else condition))
    return CompiledRule(rule, lambda s, t: None, None, rule.scope or model.scope, compiled)


def check_profile(doc: Document) -> list[Problem]:
    """Checks on the raw data, so that they run even when the schema finds problems too."""
    problems: list[Problem] = []
    data = doc.data if isinstance(doc.data, dict) else {}
    if isinstance(data.get("id"), str):
        _stem_is_id(doc, data["id"], problems)
    sources = set(data["sources"]) if isinstance(data.get("sources"), dict) else set()

    def walk(node: Any, path: Path) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "source" and isinstance(value, str) and path[:1] != ("sources",):
                    if value not in sources:
                        problems.append(
                            doc.problem(
                                path + (key,),
                                f"unknown source '{value}'" + did_you_mean(value, sources),
                            )
                        )
                else:
                    walk(value, path + (key,))
        elif isinstance(node, list):
            for i, item in enumerate(node):
                walk(item, path + (i,))

    walk(doc.data, ())
    services = found if isinstance(found := data.get("services"), list) else []
    for i, service in enumerate(services):
        certs = service.get("certifications") if isinstance(service, dict) else None
        for j, cert in enumerate(certs if isinstance(certs, list) else []):
            if not isinstance(cert, dict) or not isinstance(cert.get("version"), str):
                continue
            if cert.get("scheme") in SCHEMES:  # an unknown scheme is the schema's to report
                problem = version_problem(cert["scheme"], cert["version"])
                if problem:
                    problems.append(
                        doc.problem(("services", i, "certifications", j, "version"), problem)
                    )
    _duplicates(
        doc,
        (
            (("services", i, "id"), s["id"])
            for i, s in enumerate(services)
            if isinstance(s, dict) and isinstance(s.get("id"), str)
        ),
        "service id",
        problems,
    )
    return problems


# --- files -----------------------------------------------------------------------------------


def _rule_problems(doc: Document) -> list[Problem]:
    """When a rule set is invalid, the condition problems of its individually valid rules, so
    that one run reports everything (schema errors come from the whole-file validation)."""
    data = doc.data if isinstance(doc.data, dict) else {}
    raw_rules = found if isinstance(found := data.get("rules"), list) else []
    raw_defs = given if isinstance(given := data.get("definitions"), dict) else {}
    from pydantic import TypeAdapter, ValidationError

    from compliance.models import twins

    condition = TypeAdapter(twins.module(rs.__name__).Condition)
    definitions, invalid = {}, []
    for name, raw in raw_defs.items():
        try:
            definitions[name] = twins.to_plain(condition.validate_python(raw))
        except ValidationError:  # the schema reports it; its uses must not be called unknown
            invalid.append(name)
    compiler = Compiler(definitions, invalid)
    for i, raw in enumerate(raw_rules):
        try:
            rule = Rule.model_validate(raw)
        except ValidationError:
            continue
        if rule.condition is not None:
            compiler.compile(rule.condition, "profile", ("rules", i, "condition"))
        for j, answer in enumerate(rule.answers or []):
            if answer.condition is not None:
                compiler.compile(
                    answer.condition, "profile", ("rules", i, "answers", j, "condition")
                )
        if rule.partial is not None:
            compiler.compile(rule.partial, "profile", ("rules", i, "partial"))
    return [doc.problem(path, message) for path, message in compiler.problems]


def load_ruleset(path: str, doc: Document | None = None) -> LoadedRuleSet:
    from compliance.reading.yamlfile import read_file

    doc = doc or read_file(path)
    try:
        model = validate_document(doc, RuleSet)
    except InvalidInput as exc:
        raise InvalidInput(exc.problems + _rule_problems(doc)) from None
    rules, problems, references = compile_ruleset(doc, model)
    loaded = LoadedRuleSet(path, model, rules, doc, references)
    problems.extend(_reference_cycles([loaded], listed=not problems))
    if problems:
        raise InvalidInput(problems)
    return loaded


def load_profile(path: str, doc: Document | None = None) -> LoadedProfile:
    from compliance.reading.checks import profile_problems
    from compliance.reading.yamlfile import read_file

    doc = doc or read_file(path)
    problems = check_profile(doc)
    try:
        model = validate_document(doc, ProviderProfile)
    except InvalidInput as exc:
        raise InvalidInput(exc.problems + problems) from None
    problems.extend(profile_problems(doc, model, dt.date.today()))
    if problems:
        raise InvalidInput(problems)
    return LoadedProfile(path, model, doc)


def load_input(
    path: str, kinds: tuple[str, ...], published_only: bool = False
) -> LoadedRuleSet | LoadedProfile | LoadedMappings | None:
    """``path`` loaded as its kind when that kind is one of ``kinds`` ('ruleset', 'profile',
    'mappings'), else None; None too for a rule set that is not published (a reconstruction,
    an illustration) when ``published_only``. Through the cache of validated files
    (compliance.reading.cache): a file loaded before with the same bytes skips parsing and
    validation, and one that is not wanted is not even unpickled (the entry's label says its
    kind and provenance: the HDH reconstruction that the packaged directory holds was read
    whole, then skipped, at every run); its conditions are compiled again (closures are not
    stored). Problems raise :class:`InvalidInput`, as the loaders do."""
    from compliance.reading import cache

    def wanted(label: Any) -> bool:
        kind, provenance = label
        return kind in kinds and not (published_only and provenance not in (None, "published"))

    raw = read_bytes(path)
    entry = cache.key(path, raw)
    hit = cache.get(entry, wanted)  # a label that wanted cannot unpack is a miss
    if hit is not None:
        (kind, _), model = hit
        if model is None:  # not wanted: not unpickled
            return None
        expected = isinstance(model, _MODELS.get(kind, ()))  # else: another version's entry
        if expected:
            doc = Document(path, None, text=raw)  # positions parsed if needed
            if kind == "ruleset":
                rules, problems, references = compile_ruleset(doc, model)
                if not problems:
                    return LoadedRuleSet(path, model, rules, doc, references)
            else:
                return (LoadedProfile if kind == "profile" else LoadedMappings)(path, model, doc)
    from compliance.reading.yamlfile import read

    doc = read(decode(raw, path), path)
    kind = document_kind(doc)
    if kind not in kinds or kind not in _MODELS:
        return None
    loaders: dict[str, Callable[[str, Document], LoadedRuleSet | LoadedProfile | LoadedMappings]]
    loaders = {"ruleset": load_ruleset, "profile": load_profile, "mappings": load_mappings}
    loaded = loaders[kind](path, doc)
    label = (kind, getattr(loaded.model, "provenance", None))
    cache.put(entry, label, loaded.model)
    return loaded if wanted(label) else None


def yaml_files(paths: Iterable[str]) -> list[str]:
    """Files named on the command line, and the *.yaml files under named directories, sorted."""
    found: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs.sort()
                found.extend(
                    os.path.join(root, f) for f in sorted(files) if f.endswith((".yaml", ".yml"))
                )
        else:
            found.append(path)
    return found


def kind_of(path: str) -> str:
    """'ruleset', 'profile' or 'derogation', from the file's top-level keys."""
    from compliance.reading.yamlfile import read_file

    return document_kind(read_file(path))


def document_kind(doc: Document) -> str:
    if not isinstance(doc.data, dict):
        raise InvalidInput([doc.problem((), "expected a mapping of keys at the top of the file")])
    data = doc.data
    if "decision" in data:  # first: a derogation also lists 'rules'
        return "derogation"
    if "as_of" in data or "services" in data:
        return "profile"
    if "rules" in data:
        return "ruleset"
    if "mappings" in data:
        return "mappings"
    raise InvalidInput(
        [
            doc.problem(
                (),
                "not a rule set (no 'rules' key), a provider profile "
                "(no 'as_of' key), a derogation (no 'decision' key) or "
                "mappings (no 'mappings' key)",
            )
        ]
    )


class LoadedMappings:
    def __init__(self, path: str, model: MappingSet, doc: Document) -> None:
        self.path, self.model, self.doc = path, model, doc


# What the cache stores for each kind of file: its validated model.
_MODELS: dict[str, type] = {"ruleset": RuleSet, "profile": ProviderProfile, "mappings": MappingSet}


def load_mappings(path: str, doc: Document | None = None) -> LoadedMappings:
    from compliance.reading.yamlfile import read_file

    doc = doc or read_file(path)
    model = validate_document(doc, MappingSet)
    problems: list[Problem] = []
    _stem_is_id(doc, model.id, problems)
    if problems:
        raise InvalidInput(problems)
    return LoadedMappings(path, model, doc)


def check_mappings(mappings: list[LoadedMappings], rulesets: list[LoadedRuleSet]) -> list[Problem]:
    """Both ends of every mapping must be loaded rules of two different rule sets."""
    owner = {c.rule.id: r.model.id for r in rulesets for c in r.rules}
    problems = []
    for loaded in mappings:
        for i, m in enumerate(loaded.model.mappings):
            for end in ("source", "target"):
                rule_id = getattr(m, end)
                if rule_id not in owner:
                    problems.append(
                        loaded.doc.problem(
                            ("mappings", i, end),
                            f"unknown rule '{rule_id}'"
                            + did_you_mean(rule_id, owner)
                            + " (is its rule set loaded?)",
                        )
                    )
            if m.source in owner and owner.get(m.source) == owner.get(m.target):
                problems.append(
                    loaded.doc.problem(
                        ("mappings", i), "a mapping links two referentials, not two rules of one"
                    )
                )
    return problems


def cross_check(rulesets: list[LoadedRuleSet], profiles: list[LoadedProfile]) -> list[Problem]:
    """References between files: {rule: ...} nodes and attestations must name loaded rules."""
    problems: list[Problem] = []
    rule_ids = {c.rule.id for r in rulesets for c in r.rules}
    if not rule_ids:
        return problems
    for r in rulesets:
        for path, rule_id in r.references:
            if rule_id not in rule_ids:
                problems.append(
                    r.doc.problem(
                        path,
                        f"unknown rule '{rule_id}'"
                        + did_you_mean(rule_id, rule_ids)
                        + " (is its rule set loaded?)",
                    )
                )
    owners: dict[str, str] = {}
    for r in rulesets:
        for c in r.rules:
            if c.rule.id in owners and owners[c.rule.id] != r.model.id:
                problems.append(
                    r.doc.problem(
                        ("rules",),
                        f"rule id '{c.rule.id}' is also used by rule set '{owners[c.rule.id]}'",
                    )
                )
            owners.setdefault(c.rule.id, r.model.id)
    for profile in profiles:
        for rule_id in profile.model.attestations:
            if rule_id not in rule_ids:
                problems.append(
                    profile.doc.problem(
                        ("attestations", rule_id),
                        f"attestation for unknown rule '{rule_id}'"
                        + did_you_mean(rule_id, rule_ids),
                        key=True,
                    )
                )
    problems.extend(_reference_cycles(rulesets))
    ids: dict[str, str] = {}
    for r in rulesets:
        if r.model.id in ids:
            problems.append(
                r.doc.problem(
                    ("id",), f"rule set id '{r.model.id}' is also used by {ids[r.model.id]}"
                )
            )
        ids.setdefault(r.model.id, r.path)
    return problems


def _references(
    node: Any, definitions: dict[str, Any], seen: frozenset[str] = frozenset()
) -> set[str]:
    """Ids of the rules a condition cites, through named definitions too."""
    if isinstance(node, rs.RuleRef):
        return {node.rule}
    if isinstance(node, rs.Use):
        if node.use in seen or node.use not in definitions:
            return set()
        return _references(definitions[node.use], definitions, seen | {node.use})
    out: set[str] = set()
    for child in _children(node):
        out |= _references(child, definitions, seen)
    return out


def _children(node: Any) -> list[Any]:
    if isinstance(node, rs.AllOf):
        return list(node.all)
    if isinstance(node, rs.AnyOf):
        return list(node.any)
    if isinstance(node, rs.FirstKnown):
        return list(node.first_known)
    if isinstance(node, rs.NotOf):
        return [node.negated]
    if isinstance(node, rs.Some | rs.Every):
        return [c for c in (node.where, node.satisfies) if c is not None]
    return []


def _reference_cycles(rulesets: list[LoadedRuleSet], listed: bool = True) -> list[Problem]:
    """A rule whose verdict depends on itself, directly or through {rule: ...} references, has
    no verdict: each such cycle is reported once, on the condition of each rule in it.

    ``listed``: the rule sets compiled without a problem, so that the ``references`` of each
    lists every {rule: ...} node its rules reach, through definitions too (a rule set that
    failed may hold others, e.g. inside some/every, which the compiler refuses)."""
    graph: dict[str, set[str]] = {}
    where: dict[str, tuple[LoadedRuleSet, int]] = {}
    for r in rulesets:
        # Listed and none: no rule of it depends on another, its conditions need no walk.
        cites = bool(r.references) or not listed
        for i, c in enumerate(r.rules):
            refs: set[str] = set()
            if cites:
                for node in [c.rule.condition, c.rule.partial]:
                    if node is not None:
                        refs |= _references(node, r.model.definitions)
                for answer in c.rule.answers or []:
                    if answer.condition is not None:
                        refs |= _references(answer.condition, r.model.definitions)
            graph[c.rule.id] = refs
            where[c.rule.id] = (r, i)
    problems: list[Problem] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    stack: list[str] = []

    def visit(rule_id: str) -> None:
        state[rule_id] = 1
        stack.append(rule_id)
        for nxt in sorted(graph.get(rule_id, ())):
            if nxt not in graph:
                continue
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt) :] + [nxt]
                for member in cycle[:-1]:
                    loaded, i = where[member]
                    text = (
                        "refers to its own verdict"
                        if len(cycle) == 2
                        else "depends on its own verdict: " + " -> ".join(cycle)
                    )
                    problems.append(
                        loaded.doc.problem(("rules", i, "condition"), f"rule '{member}' {text}")
                    )
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[rule_id] = 2

    for rule_id in sorted(graph):
        if rule_id not in state:
            visit(rule_id)
    return problems
