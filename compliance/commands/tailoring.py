"""`compliance tailoring`: requirements met only by providers that fail a sovereignty test, and
the moving goalposts of a referential's revisions."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from compliance import inputs
from compliance.commands import AtOpt, FormatOpt, OutputOpt, write
from compliance.formats import Format

SUPPORT = "rules"  # published rule sets resolving references and holding the default test


def tailoring(
    rules: Annotated[list[str] | None, typer.Argument(
        help="Rule set files or directories (FILE@REVISION picks a revision). Default: rules/.",
        metavar="RULES...", show_default=False)] = None,
    providers: Annotated[list[str] | None, typer.Option(
        "--providers", "-p", help="Provider profile YAML files; the files after the first may "
        "follow without repeating the option (--providers providers/*.yaml).")] = None,
    sovereign_by: Annotated[list[str] | None, typer.Option(
        "--sovereign-by", help="Rule a provider must meet to count as sovereign; repeatable, "
        "all must be met. Default: SNC-19.6.a, SNC-19.6.b and SNC-19.6.c.")] = None,
    at: AtOpt = None,
    fmt: FormatOpt = Format.markdown,
    output: OutputOpt = None,
) -> None:
    """Per requirement, the providers meeting it, flagging those met only by providers failing
    the sovereignty test; per revision, the share of added requirements no sovereign provider
    meets and how each provider's distance to full compliance moved."""
    from compliance.errors import did_you_mean
    from compliance.load import kind_of, yaml_files
    from compliance.tailoring import DEFAULT_TEST
    from compliance.tailoring import tailoring as run

    day = inputs.date(at)
    # `--providers a.yaml b.yaml` leaves b.yaml among the arguments: profiles go with providers.
    specs, files = [], list(providers or [])
    for spec in rules or []:
        path = spec.partition("@")[0]
        (files if os.path.isfile(path) and "@" not in spec and kind_of(path) == "profile"
         else specs).append(spec)
    if not files:
        raise inputs.UsageError("no provider given (give --providers FILE...)")
    specs = specs or [SUPPORT]
    pool = inputs.rulesets([*specs, SUPPORT] if os.path.isdir(SUPPORT) else specs)
    named = {os.path.realpath(f) for s in specs for f in yaml_files([s.partition("@")[0]])}
    targets = [(r, rev) for r, rev in pool if os.path.realpath(r.path) in named]
    support = [(r, rev) for r, rev in pool if os.path.realpath(r.path) not in named]
    test = list(dict.fromkeys(sovereign_by or DEFAULT_TEST))
    known = [c.rule.id for r, _ in pool for c in r.rules]
    for rule in test:
        if rule not in known:
            raise inputs.UsageError(f"--sovereign-by: no rule '{rule}'" + did_you_mean(rule, known)
                                    + " in the rule sets loaded")
    profiles = [p.model for p in inputs.profiles(files)]
    result = run(targets, profiles, day, test, support=support)
    write(result, fmt, output)
