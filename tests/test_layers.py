"""Imports flow one way (shared/style.md): models know nothing of evaluation, formats nothing
of loading, and nothing imports the CLI. Heavy libraries stay out of start-up."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path("compliance")

# The layers, lowest first: a module imports only from its own layer or a lower one, so imports
# flow one way (shared/style.md, Part 3). Every module of the package belongs to one.
LAYERS: list[tuple[str, ...]] = [
    # The closed vocabularies, countries, the language of a run and the error values.
    (
        "compliance",
        "compliance.errors",
        "compliance.vocabulary",
        "compliance.countries",
        "compliance.i18n",
    ),
    ("compliance.models",),
    ("compliance.language",),
    ("compliance.reading",),
    ("compliance.engine",),
    ("compliance.analyses",),
    ("compliance.formats", "compliance.schemas"),
    ("compliance.commands", "compliance.inputs"),
    ("compliance.cli", "compliance.__main__"),
]
# Within a layer, or for libraries: what a module must still not import.
ALSO_FORBIDDEN = {
    "compliance.vocabulary": {"compliance.models", "pydantic"},
    "compliance.i18n": {"compliance.models", "pydantic"},
    "compliance.countries": {"compliance.models"},
    "compliance.errors": {"pydantic"},
    # Formats render results; they know nothing of loading or of how results were computed.
    "compliance.formats": {"compliance.reading.load", "compliance.engine.evaluate", "pydantic"},
    # Models are plain objects; pydantic checks them, through their twins (models.twins), when
    # a file is read afresh: a run on cached inputs never loads it.
    **{
        module: {"pydantic", "pydantic_core"}
        for module in (
            "compliance.models.common",
            "compliance.models.profile",
            "compliance.models.ruleset",
            "compliance.models.mapping",
            "compliance.language",
            "compliance.engine",
            "compliance.analyses",
            "compliance.reading.derogations",
            "compliance.reading.cache",
        )
    },
}


def _layer_of(module: str) -> int | None:
    """The rank of the layer holding ``module`` (or a name defined in it), None if none does.
    The package itself holds only its own ``__init__``: a new module must be given a layer."""
    best = None
    for rank, names in enumerate(LAYERS):
        for name in names:
            inside = module == name or (name != "compliance" and module.startswith(name + "."))
            if inside and (best is None or len(name) > len(best[1])):
                best = (rank, name)
    return None if best is None else best[0]


def _imports(module: str, source: str, package: bool = False) -> set[str]:
    """Every module or name ``source`` imports, absolute: ``from a import b`` counts as both
    ``a`` and ``a.b`` (b may be a module), relative imports resolved against ``module``."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = module.split(".") if package else module.split(".")[:-1]
                parts = parts[: len(parts) - (node.level - 1)]
                base = ".".join(parts + ([node.module] if node.module else []))
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def _violations(module: str, imported: set[str]) -> list[str]:
    """Why ``module`` may not import what it does (empty when it may)."""
    mine = _layer_of(module)
    if mine is None:
        return [f"{module} is in no layer"]
    found = []
    for name in sorted(imported):
        theirs = _layer_of(name) if name.startswith("compliance") else None
        if theirs is not None and theirs > mine:
            found.append(f"{module} imports {name}, from a higher layer")
        for layer, banned in ALSO_FORBIDDEN.items():
            mine_too = module == layer or module.startswith(layer + ".")
            if mine_too and any(name == b or name.startswith(b + ".") for b in banned):
                found.append(f"{module} imports {name}")
    return found


def _modules() -> dict[str, Path]:
    return {
        ".".join(path.with_suffix("").parts).removesuffix(".__init__"): path
        for path in PACKAGE.rglob("*.py")
    }


def test_every_module_belongs_to_a_layer():
    assert not [m for m in _modules() if _layer_of(m) is None]


def test_imports_flow_one_way():
    found = []
    for module, path in _modules().items():
        imported = _imports(module, path.read_text(), path.name == "__init__.py")
        found += _violations(module, imported)
    assert not found


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        ("compliance.stray", "", ["compliance.stray is in no layer"]),
        (
            "compliance.engine.evaluate",
            "from compliance import i18n, inputs",
            ["compliance.engine.evaluate imports compliance.inputs, from a higher layer"],
        ),
        (
            "compliance.models.profile",
            "from ..engine import results",
            [
                "compliance.models.profile imports compliance.engine, from a higher layer",
                "compliance.models.profile imports compliance.engine.results, from a higher layer",
            ],
        ),
        ("compliance.vocabulary", "import pydantic", ["compliance.vocabulary imports pydantic"]),
        ("compliance.engine.evaluate", "from compliance.reading.load import x", []),
        ("compliance.cli", "from compliance import __version__, inputs", []),
    ],
)
def test_the_layer_check_catches_what_it_must(module, source, expected):
    """The check itself, on made-up modules: a module in no layer, an upward import written as
    ``from compliance import name`` or relatively, a library a layer must not use."""
    assert _violations(module, _imports(module, source)) == expected


def test_help_does_not_import_heavy_modules():
    code = (
        "import sys; sys.argv=['compliance','--help']\n"
        "from compliance import cli\ntry: cli.main()\nexcept SystemExit: pass\n"
        "print(sorted(m for m in ('pydantic','yaml','jsonschema','jinja2','babel')\n"
        "             if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    ).stdout
    assert out.strip().splitlines()[-1] == "[]"
