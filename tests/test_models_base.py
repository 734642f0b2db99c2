"""Models are plain objects at run time and pydantic's twins check them (compliance.models.base
and .twins): what the engine relies on of a plain model, and that pydantic stays out of a run
that checks nothing."""

import ast
import copy
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import BaseModel, ValidationError

from compliance.models import twins
from compliance.models.base import Model
from compliance.models.common import Source
from compliance.models.ruleset import Leaf, NotOf, RuleSet

PACKAGE = Path(__file__).parent.parent / "compliance"


def _walk(value):
    yield value
    if isinstance(value, Model | BaseModel):
        for item in value.__dict__.values():
            yield from _walk(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _walk(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _walk(item)


def test_validated_models_are_plain_all_the_way_down():
    from compliance.reading.load import load_profile, load_ruleset

    for loaded in (
        load_profile("providers/ovhcloud.yaml"),
        load_ruleset("rules/eu-csf-1.2.1.yaml"),
    ):
        nodes = list(_walk(loaded.model))
        assert any(isinstance(n, Model) for n in nodes[1:])
        assert not [n for n in nodes if isinstance(n, BaseModel)], loaded.path


def test_pydantic_checks_and_says_where():
    with pytest.raises(ValidationError) as caught:
        Leaf.model_validate({"fact": "contract.governing_law", "op": "in", "valu": "EU"})
    assert {e["type"] for e in caught.value.errors()} == {"extra_forbidden"}
    leaf = Leaf.model_validate({"fact": "contract.governing_law", "op": "in", "value": "EU"})
    assert type(leaf) is Leaf and leaf.value == "EU"


def test_a_plain_model_is_frozen_comparable_copyable_and_pickled_plain():
    leaf = Leaf(fact="contract.governing_law", op="in", value="EU")
    with pytest.raises(TypeError):
        leaf.op = "not_in"  # type: ignore[misc]
    assert leaf == Leaf(fact="contract.governing_law", op="in", value="EU")
    assert hash(leaf) == hash(Leaf(fact="contract.governing_law", op="in", value="EU"))
    assert leaf != Leaf(fact="contract.governing_law", op="in", value="EEA")
    other = leaf.model_copy(update={"value": "EEA"})
    assert (leaf.value, other.value) == ("EU", "EEA")
    shallow = copy.copy(leaf)
    assert shallow == leaf and shallow.__dict__ is not leaf.__dict__
    back = pickle.loads(pickle.dumps(NotOf(negated=leaf)))
    assert type(back) is NotOf and back.negated == leaf
    assert b"pydantic" not in pickle.dumps(leaf)


def test_fields_defaults_and_aliases_come_from_the_one_text():
    leaf = Leaf(fact="x", op="equals", value=True)
    assert NotOf(**{"not": leaf}) == NotOf(negated=leaf)  # the YAML key, or the field name
    assert list(Source.model_fields) == ["title", "url", "document", "date", "confidence"]
    assert Source.model_fields["url"].default is None
    assert Source.model_fields["title"].is_required()
    from compliance.engine.results import Result

    # A default given by an annotated alias (UntranslatedTitle), as pydantic reads it.
    assert Result.model_fields["untranslated"].default_factory is list
    assert list(Result.model_fields) == list(twins.twin(Result).model_fields)
    with pytest.raises(TypeError, match="missing field 'op'"):
        Leaf(fact="x", value=1)
    with pytest.raises(TypeError, match="unknown fields"):
        Leaf(fact="x", op="equals", value=1, valu=2)


def test_dumps_and_schemas_are_the_twins():
    rule_set = RuleSet.model_json_schema(by_alias=True)
    assert rule_set == twins.twin(RuleSet).model_json_schema(by_alias=True)
    leaf = Leaf(fact="x", op="equals", value=True)
    assert NotOf(negated=leaf).model_dump(by_alias=True) == {
        "not": {"fact": "x", "op": "equals", "value": True}
    }


def _defining_modules() -> set[str]:
    """The modules that define a model class (every module of the package imported first)."""
    import importlib
    import pkgutil

    import compliance

    for info in pkgutil.walk_packages(compliance.__path__, "compliance."):
        if not info.name.endswith("__main__"):  # which would run the command line
            importlib.import_module(info.name)
    found, todo = set(), [Model]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls is not Model and not cls.__module__.endswith("__twin"):
            found.add(cls.__module__)
    return found


def test_every_model_module_has_a_twin_after_those_it_imports_models_from():
    assert set(twins.MODULES) == _defining_modules()
    for i, name in enumerate(twins.MODULES):
        path = PACKAGE.parent / (name.replace(".", "/") + ".py")
        imported = {
            node.module
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.ImportFrom) and node.module in twins.MODULES
        }
        assert imported <= set(twins.MODULES[:i]), name


def test_models_and_engine_import_no_pydantic():
    code = (
        "import sys\n"
        "import compliance.engine.evaluate, compliance.formats.markdown, compliance.reading.load\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'pydantic_core')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _plain_classes():
    import importlib

    for name in twins.MODULES:
        for cls in vars(importlib.import_module(name)).values():
            if isinstance(cls, type) and issubclass(cls, Model) and cls.__module__ == name:
                yield cls


def _plain_types_in(annotation) -> list[type]:
    import typing

    found = [annotation] if isinstance(annotation, type) and issubclass(annotation, Model) else []
    for arg in typing.get_args(annotation):
        found += _plain_types_in(arg)
    return found


def test_each_plain_class_has_its_twins_fields_and_its_twin_only_pydantic_ones():
    """What the plain class reads of the model text (names, order, required, defaults,
    aliases) is what pydantic reads; and the twin's fields are typed with twins, never with
    plain classes (an import form the twin loader does not redirect would do that)."""
    from pydantic_core import PydanticUndefined

    classes = list(_plain_classes())
    assert len(classes) > 50
    for cls in classes:
        pydantic_class = twins.twin(cls)
        pydantic_class.model_rebuild()  # its annotations resolved (the twins defer it)
        plain, twin = cls.model_fields, pydantic_class.model_fields
        assert list(plain) == list(twin), cls
        for name, info in plain.items():
            other = twin[name]
            assert info.is_required() == other.is_required(), (cls, name)
            assert info.alias == other.alias, (cls, name)
            assert (info.default_factory is None) == (other.default_factory is None), (cls, name)
            if not info.is_required() and info.default_factory is None:
                assert other.default is not PydanticUndefined and info.default == other.default
            assert not _plain_types_in(other.annotation), (cls, name)
