"""`compliance validate`: every problem of every file, located."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from compliance.commands import examples
from compliance.errors import UsageError
from compliance.inputs import support_for


@examples(
    (
        "Every shipped file; each problem as file:line:col",
        "compliance validate rules providers derogations",
    ),
    ("A profile from standard input", "compliance validate - < providers/azure.yaml"),
)
def validate(
    paths: Annotated[list[str], typer.Argument(help="Files or directories to check.")],
) -> None:
    """Check rule sets, profiles and derogations; print every problem as file:line:col."""
    from compliance.errors import InvalidInput
    from compliance.reading.derogations import check_derogations, load_derogation
    from compliance.reading.files import STDIN
    from compliance.reading.load import (
        check_mappings,
        cross_check,
        document_kind,
        load_mappings,
        load_profile,
        load_ruleset,
        yaml_files,
    )
    from compliance.reading.yamlfile import read_file

    missing = [p for p in paths if p != STDIN and not os.path.exists(p)]
    if missing:
        raise UsageError(f"no such file or directory: {', '.join(missing)}")
    files = yaml_files(paths)
    if not files:
        raise UsageError(f"no YAML file (*.yaml, *.yml) in {', '.join(paths)}: nothing to check")
    problems, rulesets, profiles, derogations, mappings = [], [], [], [], []
    for file in files:
        try:
            doc = read_file(file)
            kind = document_kind(doc)
            if kind == "ruleset":
                rulesets.append(load_ruleset(file, doc))
            elif kind == "profile":
                profiles.append(load_profile(file, doc))
            elif kind == "mappings":
                mappings.append(load_mappings(file, doc))
            else:
                derogations.append((doc, load_derogation(file, doc)))
        except InvalidInput as exc:
            problems.extend(exc.problems)
    # A rule set citing another's rules ({rule: ...}) is checked against the packaged rule sets
    # when that other is not among the files given (a pre-commit hook passes the changed ones).
    support = [r for r, _ in support_for(rulesets)]
    problems.extend(cross_check(rulesets + support, profiles))
    problems.extend(check_derogations(derogations, rulesets, profiles))
    if rulesets:
        problems.extend(check_mappings(mappings, rulesets))
    if problems:
        raise InvalidInput(problems)
    typer.echo(
        f"{len(files)} file{'s' if len(files) != 1 else ''} valid ({len(rulesets)} rule "
        f"sets, {len(profiles)} profiles, {len(derogations)} derogations, "
        f"{len(mappings)} mapping files)"
    )
