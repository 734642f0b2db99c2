"""Imports flow one way (shared/style.md): models know nothing of evaluation, formats nothing
of loading, and nothing imports the CLI. Heavy libraries stay out of start-up."""

import ast
import subprocess
import sys
from pathlib import Path

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
    "compliance.formats": {"compliance.reading.load", "compliance.engine.evaluate"},
}


def _layer_of(module: str) -> int | None:
    best = None
    for rank, names in enumerate(LAYERS):
        for name in names:
            if (module == name or module.startswith(name + ".")) and (
                best is None or len(name) > len(best[1])
            ):
                best = (rank, name)
    return None if best is None else best[0]


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def _modules() -> dict[str, Path]:
    return {
        ".".join(path.with_suffix("").parts).removesuffix(".__init__"): path
        for path in PACKAGE.rglob("*.py")
    }


def test_every_module_belongs_to_a_layer():
    assert not [m for m in _modules() if _layer_of(m) is None]


def test_imports_flow_one_way():
    upward = []
    for module, path in _modules().items():
        mine = _layer_of(module)
        assert mine is not None
        for imported in _imports(path):
            theirs = _layer_of(imported) if imported.startswith("compliance") else None
            if theirs is not None and theirs > mine:
                upward.append(f"{module} imports {imported}")
            for name, banned in ALSO_FORBIDDEN.items():
                mine_too = module == name or module.startswith(name + ".")
                if mine_too and any(imported == b or imported.startswith(b + ".") for b in banned):
                    upward.append(f"{module} imports {imported}")
    assert not upward


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
