"""What the installed package carries besides code: the rule sets and the JSON Schemas.

The rule sets are edited in rules/ at the repository's root and installed as the package
``compliance.referentials`` (setup.py maps it to rules/): an editable install reads rules/ itself,
a wheel carries a copy, and both are found here the same way, from any directory."""

from __future__ import annotations

import os
from pathlib import Path

SCHEMAS = Path(__file__).parent.parent / "schemas"


def shown(path: str | Path) -> str:
    """A path as messages show it: relative to the current directory when it lies inside it
    (``rules/hdh/hdh.yaml`` from the repository's root), absolute otherwise."""
    relative = os.path.relpath(path)
    return relative if not relative.startswith("..") else str(Path(path).resolve())


def rules_directory() -> str:
    """The directory of the packaged rule sets, as :func:`shown`. Found from the package's
    import spec, which locates it without importing anything (importlib.resources would import
    zipfile and its resource readers, 1 % of a cached `evaluate`, for the same answer)."""
    from importlib.util import find_spec

    spec = find_spec("compliance.referentials")
    root = (spec.submodule_search_locations or [""])[0] if spec else ""
    if not os.path.isdir(root):  # a zipped install: not one we build or support
        raise RuntimeError(f"the packaged rule sets are not on the file system ({root})")
    return shown(root)


def schema_file(kind: str) -> Path:
    """The published JSON Schema of a kind of document ('profile', 'ruleset', ...)."""
    return SCHEMAS / f"{kind}.schema.json"
