"""The rule sets available to the commands, as `compliance rules` lists them: what each is, where
it comes from, how large it is, and whether it is evaluated by default."""

from __future__ import annotations

import os

from compliance import i18n
from compliance.engine.revisions import active_rules, revision_ids
from compliance.models.base import Field, Model
from compliance.models.common import UntranslatedTitle
from compliance.models.ruleset import DocumentRef, Provenance
from compliance.reading.load import LoadedRuleSet


class RuleSetInfo(Model):
    id: str
    title: str
    version: str
    publisher: str
    source: DocumentRef
    provenance: Provenance = Field(
        description="published, reconstruction (left out of the "
        "default evaluation, marked in every output) or illustrative."
    )
    revision: str | None = Field(
        description="The revision named (FILE@REVISION), else none: the latest state."
    )
    revisions: list[str] = Field(description="Its revisions, oldest first.")
    rules: int = Field(description="Rules in force at that revision.")
    default: bool = Field(
        description="Evaluated when no --rules is given: a packaged rule set that is published."
    )
    path: str = Field(description="The file it was read from.")
    untranslated: UntranslatedTitle


class Inventory(Model):
    """Rule sets, in the order they were loaded."""

    packaged: str = Field(description="Directory of the rule sets installed with the package.")
    rulesets: list[RuleSetInfo]


def inventory(rulesets: list[tuple[LoadedRuleSet, str | None]], packaged: str) -> Inventory:
    def is_default(loaded: LoadedRuleSet) -> bool:
        inside = os.path.commonpath([os.path.realpath(loaded.path), os.path.realpath(packaged)])
        return loaded.model.provenance == "published" and inside == os.path.realpath(packaged)

    return Inventory(
        packaged=packaged,
        rulesets=[
            RuleSetInfo(
                id=r.model.id,
                title=i18n.title(r.model)[0],
                untranslated=i18n.title(r.model)[1],
                version=r.model.version,
                publisher=r.model.publisher,
                source=r.model.source,
                provenance=r.model.provenance,
                revision=revision,
                revisions=revision_ids(r),
                rules=len(active_rules(r, revision)),
                default=is_default(r),
                path=r.path,
            )
            for r, revision in rulesets
        ],
    )
