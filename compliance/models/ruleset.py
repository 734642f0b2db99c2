"""A rule set: a referential's requirements as rules with declarative conditions.

A condition is a tree of mappings, each with exactly one of the keys ``all``, ``any``, ``not``,
``first_known``, ``fact``, ``some``, ``every``, ``use`` or ``rule``. It is data, never code, so
it can be type-checked against the fact catalogue, explained, and analysed.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from compliance.models.base import Discriminator, Field, Model, Tag, model_validator
from compliance.models.common import Confidence, Exact, Slug
from compliance.models.profile import Layer
from compliance.vocabulary import (
    DATA_KINDS,
    PROVENANCES,
    RULE_CATEGORIES,
    RULE_SCOPES,
    SEALS,
    SEVERITIES,
)

Op = Literal[
    "equals",
    "not_equals",
    "in",
    "not_in",
    "lt",
    "le",
    "gt",
    "ge",
    "contains",
    "not_contains",
    "subset_of",
    "intersects",
    "exists",
]
Severity = Literal[SEVERITIES]  # type: ignore[valid-type]
Seal = Literal[SEALS]  # type: ignore[valid-type]
RuleCategory = Literal[RULE_CATEGORIES]  # type: ignore[valid-type]
RuleScope = Literal[RULE_SCOPES]  # type: ignore[valid-type]
DataKind = Literal[DATA_KINDS]  # type: ignore[valid-type]
Provenance = Literal[PROVENANCES]  # type: ignore[valid-type]
RuleId = Annotated[
    str,
    Field(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
        description="Unique id carrying the clause, e.g. SNC-19.6.a or HDS2-EXI-28.",
    ),
]


class Leaf(Model):
    """Compare one fact with a value:
    ``{fact: organisation.registered_office, op: in, value: EU}``."""

    fact: str = Field(description="Path of a fact from the catalogue (`compliance facts`).")
    op: Op = Field(
        description="equals, not_equals, in, not_in, lt, le, gt, ge, contains, not_contains, "
        "subset_of, intersects, exists."
    )
    value: Any = Field(
        default=None,
        description="Value to compare with; for countries, a list or the group EU or EEA. "
        "Omitted for exists.",
    )


class AllOf(Model):
    all: list[Condition] = Field(min_length=1, description="Met when every condition is met.")


class AnyOf(Model):
    any: list[Condition] = Field(min_length=1, description="Met when one condition is met.")


class FirstKnown(Model):
    first_known: list[Condition] = Field(
        min_length=2,
        description="The first condition that is not unknown decides: e.g. a fact when it is "
        "recorded, otherwise a qualification audited against the requirement.",
    )


class NotOf(Model):
    # 'not' is a Python keyword: the only field whose YAML key differs from its Python name.
    negated: Condition = Field(alias="not", description="Met when the condition is not met.")


class _Quantifier(Model):
    where: Condition | None = Field(
        default=None, description="Only the items meeting this condition are considered."
    )
    satisfies: Condition = Field(description="The condition each considered item is tested on.")

    @property
    def collection(self) -> str:
        """The path of the collection quantified over (the value of 'some' or 'every')."""
        raise NotImplementedError


class Some(_Quantifier):
    some: str = Field(
        description="Collection path (services, services.certifications, "
        "organisation.shareholders, organisation.subcontractors): met when one item satisfies."
    )

    @property
    def collection(self) -> str:
        return self.some


class Every(_Quantifier):
    every: str = Field(
        description="Collection path: met when every considered item satisfies (and the "
        "collection is known to be complete, where completeness is recorded)."
    )

    @property
    def collection(self) -> str:
        return self.every


class Use(Model):
    use: str = Field(description="Name of a condition in the rule set's 'definitions'.")


class RuleRef(Model):
    rule: str = Field(
        description="Id of a rule, possibly of another loaded rule set: met when that rule is "
        "met, not met when it is a gap, unknown otherwise (partial, unknown, not applicable)."
    )


# Tags cannot be YAML keys (they contain '<'), so pydantic's error locations that include them
# never match a real key when mapped back to a line (shared/notes/python-stack.md).
_TAGS = {
    "all": "<all>",
    "any": "<any>",
    "first_known": "<first_known>",
    "not": "<not>",
    "fact": "<fact>",
    "some": "<some>",
    "every": "<every>",
    "use": "<use>",
    "rule": "<rule>",
}
CONDITION_KEYS = tuple(_TAGS)
_CLASS_TAGS = {
    "AllOf": "<all>",
    "AnyOf": "<any>",
    "FirstKnown": "<first_known>",
    "NotOf": "<not>",
    "Leaf": "<fact>",
    "Some": "<some>",
    "Every": "<every>",
    "Use": "<use>",
    "RuleRef": "<rule>",
}


def _condition_tag(data: object) -> str | None:
    if isinstance(data, Model):  # serialising: the class says which
        return _CLASS_TAGS.get(type(data).__name__)
    if isinstance(data, dict):
        found = [tag for key, tag in _TAGS.items() if key in data]
        return found[0] if len(found) == 1 else None
    return None


Condition = Annotated[
    Annotated[AllOf, Tag("<all>")]
    | Annotated[AnyOf, Tag("<any>")]
    | Annotated[FirstKnown, Tag("<first_known>")]
    | Annotated[NotOf, Tag("<not>")]
    | Annotated[Leaf, Tag("<fact>")]
    | Annotated[Some, Tag("<some>")]
    | Annotated[Every, Tag("<every>")]
    | Annotated[Use, Tag("<use>")]
    | Annotated[RuleRef, Tag("<rule>")],
    Discriminator(
        _condition_tag,
        custom_error_type="condition",
        custom_error_message="a condition needs exactly one of the keys "
        + ", ".join(CONDITION_KEYS),
    ),
]


class Applicability(Model):
    """Where a rule applies; an empty list means everywhere."""

    layers: list[Layer] = Field(
        default_factory=list, description="Service layers the rule concerns (IaaS, CaaS...)."
    )
    data: list[DataKind] = Field(
        default_factory=list, description="Kinds of data the rule concerns (health, personal...)."
    )


class RuleChange(Model):
    revision: Slug = Field(description="Revision of the rule set that changed the rule.")
    note: str = Field(description="What changed, in our own words.")


class Texts(Model):
    """A rule's texts in another language than the rule set's own (our own words, like the
    originals): any field left out falls back to the original, visibly."""

    title: str | None = None
    summary: str | None = None
    rationale: str | None = None
    remediation: str | None = None


class Answer(Model):
    """One answer of a graded rule: what it says, its points and its assurance level, and the
    condition over facts under which it holds (absent: no fact of our model decides it)."""

    label: str = Field(description="The answer, in our own words.")
    points: Exact = Field(description="Points it scores.")
    seal: Seal = Field(description="Assurance level it grants (0 to 4).")
    condition: Condition | None = Field(
        default=None, description="Holds when this condition holds; absent: unknown."
    )


class Objective(Model):
    id: str = Field(description="Objective id, e.g. SOV-1.")
    title: str
    summary: str = Field(description="What it assesses, in our own words.")


class WeightSet(Model):
    """Weights of the objectives, in percent, as one source publishes them."""

    id: Slug = Field(description="Selected with --weights, e.g. document or calculator.")
    title: str
    source: DocumentRef
    confidence: Confidence
    weights: dict[str, Exact] = Field(description="Objective id -> percent; they sum to 100.")


class Level(Model):
    seal: Seal
    name: str | None = Field(default=None, description="Left out where sources disagree.")
    summary: str


class Grading(Model):
    """How a graded rule set scores: objectives, weight sets, levels; a rule's points count
    toward its objective, normalised by ``points_per_objective``; an objective's level is the
    minimum over its rules, the overall level the minimum over all."""

    objectives: list[Objective] = Field(min_length=1)
    weights: list[WeightSet] = Field(min_length=1, description="The first is the default.")
    levels: list[Level]
    points_per_objective: Exact = Field(description="The points that make an objective 100 %.")
    note: str = Field(
        description="What is sourced in the points and levels, and what is our "
        "reading; every report that shows a score repeats it."
    )

    @model_validator(mode="after")
    def _consistent(self) -> Grading:
        ids = [o.id for o in self.objectives]
        for w in self.weights:
            if sorted(w.weights) != sorted(ids):
                raise ValueError(f"weights '{w.id}' must give every objective: {', '.join(ids)}")
            if sum(w.weights.values()) != 100:
                raise ValueError(f"weights '{w.id}' add up to {sum(w.weights.values())}, not 100")
        return self


class Rule(Model):
    """One requirement, in our own words, with the condition that decides it (or, for a graded
    rule, its ladder of answers)."""

    id: RuleId
    title: str = Field(description="Short name of the requirement.")
    summary: str = Field(description="What the requirement asks, in our own words.")
    clauses: list[str] = Field(
        min_length=1, description="Clause references in the source document, e.g. '19.6 b)'."
    )
    category: RuleCategory = Field(description="Family of the requirement.")
    severity: Severity = Field(
        description="blocking: eliminatory, a gap rules the provider out; otherwise the weight "
        "of the rule in scores (high 4, medium 2, low 1; blocking weighs 8)."
    )
    applies_to: Applicability = Field(default_factory=Applicability)
    scope: RuleScope | None = Field(
        default=None,
        description="What the verdict is about: provider, service (judged for each service, the "
        "provider's result naming which meet it) or offer (judged for each declared offer). "
        "Absent: the rule set's scope.",
    )
    condition: Condition | None = Field(
        default=None, description="Met when this condition holds (absent for a graded rule)."
    )
    objective: str | None = Field(
        default=None, description="Graded rules: the objective of the rule set it counts toward."
    )
    answers: list[Answer] | None = Field(
        default=None,
        min_length=2,
        description="Graded rules: the answers from worst to best; the outcome is the best "
        "answer whose condition holds, an interval of answers while facts are missing.",
    )
    partial: Condition | None = Field(
        default=None, description="Partially met when 'condition' does not hold but this does."
    )
    rationale: str = Field(description="Why the requirement matters.")
    remediation: str = Field(description="What the provider would have to do or show.")
    introduced: Slug | None = Field(
        default=None, description="Revision that introduced the rule (default: the first)."
    )
    removed: Slug | None = Field(default=None, description="Revision that removed the rule.")
    changed: list[RuleChange] = Field(
        default_factory=list, description="Revisions that changed the rule."
    )
    metadata: dict[str, Any] = Field(
        default_factory=dict, description="Free-form data for your own reference."
    )
    translations: dict[Literal["fr", "en"], Texts] = Field(
        default_factory=dict,
        description="The rule's texts in other languages, keyed by language (fr, en).",
    )

    @model_validator(mode="after")
    def _one_kind(self) -> Rule:
        if (self.condition is None) == (self.answers is None):
            raise ValueError("a rule has either a 'condition' or graded 'answers'")
        if self.answers is not None and (self.partial is not None or self.objective is None):
            raise ValueError("a graded rule names its 'objective' and has no 'partial'")
        return self


class Revision(Model):
    """One published (or reconstructed) state of the referential."""

    id: Slug = Field(description="Revision id, used as RULESET@REVISION.")
    date: dt.date | None = Field(default=None, description="Date of the revision, if known.")
    title: str = Field(description="Short name of the revision.")
    note: str | None = Field(default=None, description="What is known about it, and from where.")


class UseCase(Model):
    """A use case of the buyer's, linked to the requirements it needs."""

    id: Slug
    title: str = Field(description="Short name of the use case.")
    summary: str | None = Field(default=None, description="What it is, in our own words.")
    needs: list[str] = Field(min_length=1, description="Ids of the rules this use case needs.")
    introduced: Slug | None = Field(default=None, description="Revision that added it.")
    removed: Slug | None = Field(default=None, description="Revision that dropped it.")


class DocumentRef(Model):
    """The published document a rule set transcribes."""

    title: str = Field(description="Title of the document.")
    url: str | None = Field(
        default=None, pattern=r"^https?://\S+$", description="Where to read it."
    )
    document: str | None = Field(default=None, description="Offline reference, if no URL.")
    published: dt.date | None = Field(default=None, description="Publication date.")


class RuleSet(Model):
    """A referential: its identity and source, and its rules."""

    id: Slug = Field(description="Rule set id; equals the file name without '.yaml'.")
    title: str = Field(description="Name of the referential.")
    version: str = Field(description='Version of the referential (quote it: "3.2").')
    publisher: str = Field(description="Who publishes the referential.")
    source: DocumentRef
    language: Literal["fr", "en"] = Field(description="Language of the source document.")
    description: str | None = Field(default=None, description="What it is for, our own words.")
    provenance: Provenance = Field(
        default="published",
        description="published (transcribes a public document), reconstruction (rebuilt from "
        "indirect sources: left out of the default evaluation, marked in every output) or "
        "illustrative (an example, likewise).",
    )
    scope: RuleScope = Field(
        default="provider", description="Default scope of its rules (see Rule.scope)."
    )
    definitions: dict[str, Condition] = Field(
        default_factory=dict, description="Named conditions that rules reuse with 'use'."
    )
    revisions: list[Revision] = Field(
        default_factory=list, description="Revisions, oldest first; empty for a single state."
    )
    use_cases: list[UseCase] = Field(default_factory=list, description="Use-case catalogue.")
    grading: Grading | None = Field(
        default=None, description="For rule sets of graded rules: objectives, weights, levels."
    )
    rules: list[Rule] = Field(min_length=1)
    metadata: dict[str, Any] = Field(
        default_factory=dict, description="Free-form data: what is known, what is reconstructed."
    )
    translations: dict[Literal["fr", "en"], Texts] = Field(
        default_factory=dict,
        description="The rule set's title and description in other languages (title, summary).",
    )
