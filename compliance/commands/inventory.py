"""`compliance rules`: the rule sets available, with versions and provenance."""

from __future__ import annotations

from compliance import inputs
from compliance.commands import (
    AddRulesOpt,
    FormatOpt,
    LangOpt,
    OutputOpt,
    RulesOpt,
    examples,
    speak,
)
from compliance.formats import render
from compliance.reading import packaged


@examples(
    ("The packaged rule sets (Markdown)", "compliance rules"),
    (
        "As JSON, with a rule set of your own added",
        "compliance rules --add-rules tests/golden/golden-rules.yaml --format json",
    ),
)
def rules(
    rules: RulesOpt = None,
    add_rules: AddRulesOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    lang: LangOpt = None,
) -> None:
    """List the rule sets available: id, version, title, provenance, rules in force, revisions,
    whether they are evaluated by default, source and file. Reconstructions are listed too."""
    speak(lang)
    from compliance.analyses.inventory import inventory

    chosen = inputs.output_format("Inventory", fmt, output)
    targets = inputs.rule_sets(rules, add_rules, reconstructions=True).targets
    inputs.emit(render(inventory(targets, packaged.rules_directory()), chosen), output)
