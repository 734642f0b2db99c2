"""`compliance diff` and `compliance history`: referential revisions and moving goalposts."""

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
    ProvidersArg,
    RulesOpt,
    examples,
    speak,
)
from compliance.formats import render


@examples(
    (
        "Requirements added, removed and changed between two revisions of a rule set",
        "compliance diff hdh@r0 hdh@r6",
    ),
)
def diff(
    old: Annotated[str, typer.Argument(help="RULESET@REVISION (a file or a rule set id).")],
    new: Annotated[str, typer.Argument(help="RULESET@REVISION to compare with.")],
    rules: RulesOpt = None,
    add_rules: AddRulesOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    lang: LangOpt = None,
) -> None:
    """Requirements added, removed and changed between two revisions, with counts."""
    speak(lang)
    from compliance.analyses.diff import diff as run

    chosen = inputs.output_format("Diff", fmt, output)
    pool = inputs.rule_sets(rules, add_rules, reconstructions=True).targets
    a, rev_a = inputs.ruleset_by_name(old, pool)
    b, rev_b = inputs.ruleset_by_name(new, pool)
    result = run(a, rev_a, b, rev_b)
    inputs.emit(render(result, chosen), output)


@examples(
    (
        "Each provider's score at every revision of the HDH reconstruction",
        "compliance history providers/*.yaml --ruleset hdh --at 2023-12-13",
    ),
)
def history(
    providers: ProvidersArg,
    ruleset: Annotated[
        str, typer.Option("--ruleset", help="Rule set (file or id) whose revisions to walk.")
    ],
    rules: RulesOpt = None,
    add_rules: AddRulesOpt = None,
    at: AtOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    lang: LangOpt = None,
) -> None:
    """Each provider's score and blocking gaps at every revision of a rule set."""
    speak(lang)
    from compliance.analyses.history import history as run

    chosen = inputs.output_format("History", fmt, output)
    day = inputs.date(at)
    pool, support = inputs.rule_sets(rules, add_rules, reconstructions=True)
    target, _ = inputs.ruleset_by_name(ruleset, pool)
    support = [(r, rev) for r, rev in pool if r.model.id != target.model.id] + support
    profiles = [p.model for p in inputs.profiles(providers)]
    result = run(target, profiles, day, support)
    inputs.emit(render(result, chosen), output)
