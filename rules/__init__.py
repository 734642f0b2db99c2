"""The shipped rule sets, installed as the package ``compliance.referentials`` (see setup.py).

This file only makes rules/ an importable package, which every install mode (a wheel, an editable
install) can locate with ``importlib.resources``; the rule sets are the YAML files beside it."""
