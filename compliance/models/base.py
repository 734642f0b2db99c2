"""What model classes are made of, without pydantic: the plain base the engine runs on.

Every model (of rule sets, profiles, reports) is written once, as pydantic models are written:
annotated fields, ``Field(...)``, validators. Imported the usual way, a model module builds
plain classes from that text: ``Model`` below, and inert stand-ins for pydantic's field options
and validators. Instances are plain objects (their fields in ``__dict__``), built without checks
from data already checked, and pickled as such by the cache of inputs (reading.cache). Importing
pydantic and building its model classes took half of a run on cached inputs, for checks that
the cached inputs had already passed.

Checking is pydantic's, on the same text: ``compliance.models.twins`` runs each model module a
second time with pydantic's names, which gives the pydantic class of each model (its "twin"),
and ``model_validate``, ``model_json_schema``, ``model_dump`` and ``model_dump_json`` below are
answered by it. A validated instance is turned into the plain one (and back, for the dumps)."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:  # the type checker reads the models as the pydantic models they also are
    from pydantic import (
        AfterValidator,
        BaseModel,
        BeforeValidator,
        ConfigDict,
        Discriminator,
        Field,
        JsonValue,
        PlainSerializer,
        Tag,
        WithJsonSchema,
        model_validator,
    )
    from pydantic.config import JsonDict

    class Model(BaseModel):
        """Frozen, strict, and no unknown keys."""

        @classmethod
        def of(cls, values: dict[str, Any]) -> Any: ...

else:
    _MISSING = object()

    class FieldInfo:
        """What a plain model needs of ``Field(...)``: the default, the alias; the rest
        (constraints, descriptions) is for the twin, which reads the same text."""

        __slots__ = ("alias", "default", "default_factory", "description")

        def __init__(
            self,
            default: Any = _MISSING,
            *,
            default_factory: Any = None,
            alias: str | None = None,
            description: str | None = None,
            **_checks: Any,
        ) -> None:
            self.default, self.default_factory = default, default_factory
            self.alias, self.description = alias, description

        def is_required(self) -> bool:
            return self.default is _MISSING and self.default_factory is None

    def Field(default: Any = _MISSING, **options: Any) -> Any:
        return FieldInfo(default, **options)

    class _Inert:
        """A stand-in for one of pydantic's markers (Tag, Discriminator...): kept, not used."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            self.args, self.kwargs = args, kwargs

    AfterValidator = BeforeValidator = PlainSerializer = WithJsonSchema = _Inert
    Discriminator = Tag = _Inert
    JsonValue = Any
    JsonDict = dict

    def ConfigDict(**options: Any) -> dict[str, Any]:
        return options

    def model_validator(**_how: Any) -> Any:
        """Validators run in the twin only: here the method stays as written."""
        return lambda method: method

    class _Fields:
        """``Model.model_fields``: each field's FieldInfo, in declaration order (bases first),
        worked out at first use from the class's annotations and defaults."""

        def __init__(self) -> None:
            self.known: dict[type, dict[str, FieldInfo]] = {}

        def __get__(self, instance: Any, owner: type) -> dict[str, FieldInfo]:
            fields = self.known.get(owner)
            if fields is None:
                fields = self.known[owner] = _fields_of(owner)
            return fields

    # Per class, what __init__ reads of each field, in order: (name, alias, default factory,
    # default), so that building a model (thousands per report) reads no FieldInfo.
    _PLANS: dict[type, tuple[tuple[str, str | None, Any, Any], ...]] = {}

    def _plan_of(cls: type) -> tuple[tuple[str, str | None, Any, Any], ...]:
        fields: dict[str, FieldInfo] = cls.model_fields  # type: ignore[attr-defined]
        plan = _PLANS[cls] = tuple(
            (name, info.alias, info.default_factory, info.default) for name, info in fields.items()
        )
        return plan

    def _fields_of(cls: type) -> dict[str, FieldInfo]:
        import inspect
        import sys

        fields: dict[str, FieldInfo] = {}
        for klass in reversed(cls.__mro__):
            names = inspect.get_annotations(klass)
            space = vars(sys.modules[klass.__module__])
            for name, annotation in names.items():
                text = annotation if isinstance(annotation, str) else ""
                if name.startswith("_") or name == "model_config" or "ClassVar" in text:
                    continue
                given = klass.__dict__.get(name, _MISSING)
                if isinstance(given, FieldInfo):
                    fields[name] = given
                elif given is not _MISSING:
                    fields[name] = FieldInfo(given)
                else:  # an alias such as UntranslatedTitle may carry the Field
                    alias = space.get(text.strip())
                    marks = getattr(alias, "__metadata__", ())
                    fields[name] = next((m for m in marks if isinstance(m, FieldInfo)), FieldInfo())
        return fields

    class Model:
        """Frozen, and built from data already checked: no check here, no unknown field."""

        model_fields = _Fields()
        model_config: ClassVar[dict[str, Any]] = {}

        def __init__(self, /, **data: Any) -> None:
            values = {}
            cls = type(self)
            plan = _PLANS.get(cls) or _plan_of(cls)
            for name, alias, factory, default in plan:
                if name in data:
                    values[name] = data.pop(name)
                elif alias is not None and alias in data:
                    values[name] = data.pop(alias)
                elif factory is not None:
                    values[name] = factory()
                elif default is not _MISSING:
                    values[name] = default
                else:
                    raise TypeError(f"{cls.__name__}: missing field '{name}'")
            if data:
                raise TypeError(f"{cls.__name__}: unknown fields {sorted(data)}")
            object.__setattr__(self, "__dict__", values)

        @classmethod
        def of(cls, values: dict[str, Any]) -> Any:
            """The fastest way to build one: ``values`` gives every field, in field order (the
            engine builds a result and its trace steps per rule and profile)."""
            self = object.__new__(cls)
            object.__setattr__(self, "__dict__", values)
            return self

        @classmethod
        def model_construct(cls, **values: Any) -> Any:
            return cls(**values)

        def model_copy(self, *, update: dict[str, Any] | None = None, deep: bool = False) -> Any:
            values = dict(self.__dict__)
            if update:
                values.update(update)
            other = type(self).of(values)
            return copy.deepcopy(other) if deep else other

        def __setattr__(self, name: str, value: Any) -> None:
            raise TypeError(f"{type(self).__name__} is frozen: '{name}' cannot be set")

        def __delattr__(self, name: str) -> None:
            raise TypeError(f"{type(self).__name__} is frozen: '{name}' cannot be deleted")

        def __eq__(self, other: object) -> bool:
            if type(other) is not type(self):
                return NotImplemented
            return self.__dict__ == other.__dict__  # type: ignore[union-attr]

        def __hash__(self) -> int:
            return hash(tuple(self.__dict__.values()))

        def __repr__(self) -> str:
            shown = ", ".join(f"{k}={v!r}" for k, v in self.__dict__.items())
            return f"{type(self).__name__}({shown})"

        # Pickled the default way: the class and its __dict__, which the unpickler puts back
        # in C, calling nothing per object (a __reduce__ of our own cost a Python call for each
        # of the thousands of objects of a cached rule set, a quarter of reading it back).
        # Nothing of pydantic is needed to read them.

        def __copy__(self) -> Any:
            return type(self).of(dict(self.__dict__))

        # --- answered by the pydantic twin (compliance.models.twins) ---------------------------

        @classmethod
        def model_validate(cls, data: Any) -> Any:
            from compliance.models import twins

            return twins.validate(cls, data)

        @classmethod
        def model_json_schema(cls, **options: Any) -> dict[str, Any]:
            from compliance.models import twins

            return twins.twin(cls).model_json_schema(**options)

        def model_dump(self, **options: Any) -> Any:
            from compliance.models import twins

            return twins.to_twin(self).model_dump(**options)

        def model_dump_json(self, **options: Any) -> str:
            from compliance.models import twins

            return twins.to_twin(self).model_dump_json(**options)


__all__ = [
    "AfterValidator",
    "BeforeValidator",
    "ConfigDict",
    "Discriminator",
    "Field",
    "JsonDict",
    "JsonValue",
    "Model",
    "PlainSerializer",
    "Tag",
    "WithJsonSchema",
    "model_validator",
]
