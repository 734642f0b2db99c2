"""Starting points for analysts (`compliance init`): a provider profile or a rule set that
validates as it stands, with the schema line editors use. Nothing in them is presented as a
fact: the profile states no fact, only where each goes (commented, ready to uncomment); the rule
set is `illustrative` until its author says it transcribes a published referential."""

from __future__ import annotations

import datetime as dt
from enum import Enum


class Kind(str, Enum):
    provider = "provider"
    ruleset = "ruleset"


SCHEMAS = {Kind.provider: "profile", Kind.ruleset: "ruleset"}  # kind -> published schema name
DEFAULT_IDS = {Kind.provider: "my-provider", Kind.ruleset: "my-rules"}

_PROVIDER = """\
# yaml-language-server: $schema={schema}
#
# A provider profile (`compliance init provider`). Every fact cites the source that states it:
# list a source under `sources`, then add facts citing it. Uncommented, these lines are valid:
#   organisation:
#     registered_office: {{value: FR, source: register}}
#   services:
#     - {{id: compute, name: Compute, layer: IaaS, category: compute, source: register}}
# `compliance facts` lists the facts a rule may use; `compliance validate FILE` checks this file.
id: {id}
name: {name}  # the name buyers know the provider by
as_of: {today}  # the date up to which the facts were checked
sources:
  register:  # the id facts cite
    title: "To replace: the document's title (a register extract, a certificate...)"
    url: https://to-replace.invalid/
    date: {today}
    confidence: official  # official, audited, vendor_claim, press, third_party or inference
"""

_RULESET = """\
# yaml-language-server: $schema={schema}
#
# A rule set (`compliance init ruleset`). `provenance: illustrative` keeps it out of the default
# evaluation and marks every output that uses it as a demonstration: make it `published` once
# its rules transcribe a published referential, clause by clause.
# `compliance facts` lists the facts and operators a condition may use; `compliance validate
# FILE` checks this file; `compliance evaluate PROVIDER --rules FILE` evaluates it.
id: {id}  # equals the file name
title: "To replace: the referential's name"
version: "1.0"
publisher: "To replace: who publishes it"
source:
  title: "To replace: the document the rules transcribe"
  url: https://to-replace.invalid/
  published: {today}
language: en
provenance: illustrative
rules:
  - id: EX-1
    title: Registered office in the EU
    summary: >-
      An example, in our own words: the provider's registered office is in an EU member state.
    clauses: ["1"]
    category: sovereignty
    severity: high
    condition: {{fact: organisation.registered_office, op: in, value: EU}}
    rationale: "To replace: why the referential asks for it."
    remediation: "To replace: what a provider would do to meet it."
"""


def scaffold(kind: Kind, id_: str, schema: str, today: dt.date) -> str:
    """The file's text; ``schema`` is the path or URL of its JSON Schema, as the file sees it."""
    template = _PROVIDER if kind is Kind.provider else _RULESET
    name = " ".join(word.capitalize() for word in id_.replace(".", "-").split("-"))
    return template.format(schema=schema, id=id_, name=name, today=today.isoformat())
