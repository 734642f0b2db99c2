"""The pydantic twin of each model: the same module text run with pydantic's names, which gives
the checks, the JSON Schemas and pydantic's dumps of the plain models (models.base).

A twin module is the model module executed once more, under another name, while the names it
imports resolve to pydantic (for ``compliance.models.base``) and to the twins of the other model
modules; every other import (vocabularies, the engine...) is the ordinary module, imported first.
Nothing is written twice: a model's fields, constraints, descriptions and validators are read
from the one text. Only this module imports pydantic's model machinery, and only when something
is to be checked, described as a schema or dumped by pydantic.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from functools import cache
from typing import Any

import pydantic
from pydantic import BaseModel, ConfigDict

# The modules that define models, each after those it imports models from.
MODULES = (
    "compliance.models.common",
    "compliance.models.profile",
    "compliance.models.ruleset",
    "compliance.models.mapping",
    "compliance.reading.derogations",
    "compliance.engine.results",
    "compliance.analyses.compare",
    "compliance.analyses.diff",
    "compliance.analyses.history",
    "compliance.analyses.inventory",
    "compliance.analyses.market",
    "compliance.analyses.findings",
    "compliance.analyses.plan",
    "compliance.analyses.tailoring",
)
_SUFFIX = "__twin"


@cache
def _pydantic_base() -> types.ModuleType:
    """``compliance.models.base`` as a twin module sees it: pydantic's own names."""
    base = types.ModuleType("compliance.models.base" + _SUFFIX)

    class Model(BaseModel):
        """Frozen, strict, and no unknown keys: a typo in a hand-edited file is an error, not a
        no-op."""

        model_config = ConfigDict(extra="forbid", frozen=True, strict=True, defer_build=True)

    Model.__module__ = base.__name__
    from pydantic.config import JsonDict

    names = (
        "AfterValidator BeforeValidator ConfigDict Discriminator Field JsonValue "
        "PlainSerializer Tag WithJsonSchema model_validator"
    ).split()
    vars(base).update({n: getattr(pydantic, n) for n in names}, Model=Model, JsonDict=JsonDict)
    sys.modules[base.__name__] = base
    return base


_TWINS: dict[str, types.ModuleType] = {}


def module(name: str) -> types.ModuleType:
    """The twin of the model module ``name`` (and of the model modules before it)."""
    if name not in MODULES:
        raise ValueError(f"{name} defines no model (compliance.models.twins.MODULES)")
    for earlier in MODULES[: MODULES.index(name) + 1]:
        if earlier not in _TWINS:
            _TWINS[earlier] = _load(earlier)
    return _TWINS[name]


def _load(name: str) -> types.ModuleType:
    runtime = importlib.import_module(name)  # what it imports, as everything else sees it
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.loader is not None
    code = spec.loader.get_code(name)  # type: ignore[attr-defined]
    twin = types.ModuleType(name + _SUFFIX, runtime.__doc__)
    twin.__file__ = runtime.__file__
    sys.modules[twin.__name__] = twin  # where pydantic looks up the names of annotations
    swapped = {"compliance.models.base": _pydantic_base(), **_TWINS}
    saved = {k: sys.modules[k] for k in swapped}
    try:
        sys.modules.update(swapped)
        exec(code, vars(twin))
    finally:
        sys.modules.update(saved)
    return twin


def twin(cls: type) -> type[BaseModel]:
    """The pydantic class of the plain model class ``cls``."""
    return _twin_of(cls)


@cache
def _twin_of(cls: type) -> type[BaseModel]:
    return _named(module(cls.__module__), cls)


@cache
def _plain_of(cls: type) -> type:
    """The plain model class of the pydantic twin class ``cls``."""
    return _named(sys.modules[cls.__module__.removesuffix(_SUFFIX)], cls)


def _named(where: types.ModuleType, cls: type) -> Any:
    """The class of ``where`` with the qualified name of ``cls``."""
    found: Any = where
    for part in cls.__qualname__.split("."):
        found = getattr(found, part)
    return found


def validate(cls: type, data: Any) -> Any:
    """``data`` checked by the twin of ``cls``, as a plain model (pydantic's ValidationError
    when it is not valid)."""
    return to_plain(twin(cls).model_validate(data))


def to_plain(value: Any) -> Any:
    """A validated pydantic value (models within lists, dicts, tuples) as plain models."""
    if isinstance(value, BaseModel):
        plain: Any = _plain_of(type(value))
        return plain.of({k: to_plain(v) for k, v in value.__dict__.items()})
    return _within(value, to_plain)


def _within(value: Any, convert: Any) -> Any:
    """``value`` with ``convert`` applied to what a list, dict or tuple holds."""
    kind = type(value)
    if kind is list:
        return [convert(v) for v in value]
    if kind is dict:
        return {k: convert(v) for k, v in value.items()}
    if kind is tuple:
        return tuple(convert(v) for v in value)
    return value


def to_twin(value: Any) -> Any:
    """A plain value as pydantic models, for pydantic's dumps (not checked again)."""
    fields = getattr(type(value), "model_fields", None)
    if fields is not None and not isinstance(value, BaseModel):
        cls = twin(type(value))
        made = cls.__new__(cls)
        values = {k: to_twin(v) for k, v in value.__dict__.items()}
        object.__setattr__(made, "__dict__", values)
        object.__setattr__(made, "__pydantic_fields_set__", set(values))
        object.__setattr__(made, "__pydantic_extra__", None)
        object.__setattr__(made, "__pydantic_private__", None)
        return made
    return _within(value, to_twin)
