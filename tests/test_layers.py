"""Imports flow one way (shared/style.md): models know nothing of evaluation, formats nothing
of loading, and nothing imports the CLI. Heavy libraries stay out of start-up."""

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path("compliance")
FORBIDDEN = {
    "compliance.models": {
        "compliance.load",
        "compliance.evaluate",
        "compliance.formats",
        "compliance.cli",
        "compliance.catalogue",
        "compliance.conditions",
    },
    "compliance.formats": {"compliance.load", "compliance.evaluate", "compliance.cli"},
    "compliance.catalogue": {
        "compliance.load",
        "compliance.evaluate",
        "compliance.cli",
        "compliance.scopes",
        "compliance.certifications",
    },
    "compliance.certifications": {
        "compliance.load",
        "compliance.evaluate",
        "compliance.cli",
        "compliance.scopes",
    },
    "compliance.scopes": {
        "compliance.load",
        "compliance.evaluate",
        "compliance.cli",
        "compliance.conditions",
    },
    "compliance.conditions": {"compliance.load", "compliance.evaluate", "compliance.cli"},
    "compliance.evaluate": {"compliance.cli", "compliance.formats"},
    "compliance.grading": {
        "compliance.load",
        "compliance.evaluate",
        "compliance.cli",
        "compliance.formats",
    },
    "compliance.snapshot": {
        "compliance.load",
        "compliance.evaluate",
        "compliance.cli",
        "compliance.scopes",
        "compliance.conditions",
    },
    "compliance.checks": {
        "compliance.evaluate",
        "compliance.cli",
        "compliance.formats",
        "compliance.conditions",
    },
    "compliance.vocabulary": {"compliance.models", "pydantic"},
    # The language of a run sits beside the vocabularies: the engine and the formats use it.
    "compliance.i18n": {
        "compliance.models",
        "compliance.load",
        "compliance.evaluate",
        "compliance.formats",
        "compliance.cli",
        "pydantic",
    },
    "compliance.countries": {"compliance.models", "compliance.load", "compliance.evaluate"},
    "compliance.load": {"compliance.evaluate", "compliance.formats", "compliance.cli"},
}


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_imports_flow_one_way():
    for path in PACKAGE.rglob("*.py"):
        module = ".".join(path.with_suffix("").parts).removesuffix(".__init__")
        for layer, banned in FORBIDDEN.items():
            if module == layer or module.startswith(layer + "."):
                bad = {i for i in _imports(path) for b in banned if i == b or i.startswith(b + ".")}
                assert not bad, f"{module} imports {bad}"


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
