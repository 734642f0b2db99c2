"""What pyproject.toml cannot say: the rule sets, which analysts edit in rules/ at the
repository's root, are installed as the package ``compliance.referentials``, so that an installed
``compliance`` finds them from any directory (``compliance/referentials.py``). A package mapped to
rules/ rather than a copy or a symlink: an editable install reads rules/ itself, a wheel carries
its files, and no platform needs symlinks."""

from setuptools import find_namespace_packages, find_packages, setup

REFERENTIALS = "compliance.referentials"
subpackages = [f"{REFERENTIALS}.{name}" for name in find_namespace_packages("rules")]

setup(
    packages=[*find_packages(include=["compliance*"]), REFERENTIALS, *subpackages],
    package_dir={REFERENTIALS: "rules"},
    package_data={"compliance": ["schemas/*.json", "formats/templates/*",
                              "locale/*/LC_MESSAGES/*.mo"],
                  **{name: ["*.yaml"] for name in (REFERENTIALS, *subpackages)}},
)
