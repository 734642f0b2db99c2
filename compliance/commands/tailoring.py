"""`compliance tailoring`: requirements met only by providers that fail a sovereignty test, and
the moving goalposts of a referential's revisions."""

from __future__ import annotations

from typing import Annotated

import typer

from compliance import inputs
from compliance.commands import (
    AddRulesOpt,
    AtOpt,
    FormatOpt,
    LangOpt,
    OutputOpt,
    ProvidersOpt,
    RulesArg,
    examples,
    speak,
)
from compliance.errors import UsageError
from compliance.formats import render


@examples(
    (
        "Who meets each SecNumCloud requirement, sovereign or not",
        "compliance tailoring secnumcloud-3.2 --providers providers/*.yaml --at 2023-12-13",
    ),
)
def tailoring(
    rules: RulesArg = None,
    providers: ProvidersOpt = None,
    sovereign_by: Annotated[
        list[str] | None,
        typer.Option(
            "--sovereign-by",
            help="Rule a provider must meet to count as sovereign; repeatable, "
            "all must be met. Default: SNC-19.6.a, SNC-19.6.b and SNC-19.6.c (none when "
            "--sovereign-seal is given alone).",
        ),
    ] = None,
    sovereign_seal: Annotated[
        int | None,
        typer.Option(
            "--sovereign-seal",
            min=0,
            max=4,
            help="Also (or, without --sovereign-by, only) "
            "require the EU Cloud Sovereignty Framework's overall level to be at least this SEAL "
            "(0-4), as a buyer's minimum: met when reached even in the worst case.",
        ),
    ] = None,
    add_rules: AddRulesOpt = None,
    at: AtOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    lang: LangOpt = None,
) -> None:
    """Per requirement, the providers meeting it, flagging those met only by providers failing
    the sovereignty test; per revision, the share of added requirements no sovereign provider
    meets and how each provider's distance to full compliance moved."""
    speak(lang)
    from compliance.analyses.tailoring import DEFAULT_TEST
    from compliance.analyses.tailoring import tailoring as run
    from compliance.errors import did_you_mean

    chosen = inputs.output_format("Tailoring", fmt, output)
    day = inputs.date(at)
    specs, files = inputs.split_profiles(rules, providers)
    if not files:
        raise UsageError("no provider given (give --providers FILE...)")
    test = list(dict.fromkeys(sovereign_by or ([] if sovereign_seal is not None else DEFAULT_TEST)))
    targets, support = inputs.rule_sets(
        specs, add_rules, needs=test, graded=sovereign_seal is not None
    )
    pool = targets + support
    if sovereign_seal is not None and not any(r.model.grading for r, _ in pool):
        raise UsageError("--sovereign-seal needs a graded rule set, e.g. rules/eu-csf-1.2.1.yaml")
    known = [c.rule.id for r, _ in pool for c in r.rules]
    for rule in test:
        if rule not in known:
            raise UsageError(
                f"--sovereign-by: no rule '{rule}'"
                + did_you_mean(rule, known)
                + " in the rule sets loaded"
            )
    profiles = [p.model for p in inputs.profiles(files)]
    result = run(targets, profiles, day, test, support=support, seal=sovereign_seal)
    inputs.emit(render(result, chosen), output)
