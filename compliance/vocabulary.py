"""The closed vocabularies, each defined once (no pydantic here, so that the CLI's help and
option checks can use them without loading the models). The models' Literal types, the published
JSON Schemas, the fact catalogue, `compliance facts`, the CLI choices and the README's lists are
derived from these; tests keep the few copies that cannot be derived (the README) equal to them.
Country codes and the EU/EEA groups are in ``countries``; schemes and versions in
``models.profile.SCHEMES`` (they carry more than names).
"""

from __future__ import annotations

# How far a fact can be trusted, strongest first.
CONFIDENCES: dict[str, str] = {
    "official": "official register, law, regulator or court decision",
    "audited": "certificate or audit report",
    "vendor_claim": "the provider's own documents",
    "press": "journalism",
    "third_party": "other secondary or machine-generated pages",
    "inference": "our reading, which no source states (it never decides a blocking gap alone)",
}
LAYERS = ("IaaS", "CaaS", "PaaS", "SaaS")
SERVICE_CATEGORIES = (
    "compute",
    "bare-metal",
    "private-cloud",
    "managed-kubernetes",
    "containers",
    "object-storage",
    "block-storage",
    "file-storage",
    "backup",
    "managed-database",
    "analytics",
    "data-lake",
    "notebooks",
    "machine-learning",
    "ai-inference",
    "identity",
    "logging",
    "monitoring",
    "networking",
    "security",
    "pseudonymisation",
    "secure-processing-environment",
    "collaboration",
    "productivity",
    "other",
)
CERTIFICATION_STATUSES = ("held", "planned", "in_progress", "not_held", "ended")
HDS_ACTIVITIES = (1, 2, 3, 4, 5, 6)
# Severity of a rule, and its weight in weighted scores.
WEIGHTS: dict[str, int] = {"blocking": 8, "high": 4, "medium": 2, "low": 1}
SEVERITIES = tuple(WEIGHTS)
RULE_CATEGORIES = (
    "sovereignty",
    "data-location",
    "security",
    "certification",
    "contractual",
    "privacy",
    "operations",
    "functional",
)
# What a verdict is about: the provider as a company (SecNumCloud 19.6 a/b, ownership), each of
# its services (a qualification is granted per service), or each offer (a stack bought together).
RULE_SCOPES = ("provider", "service", "offer")
DATA_KINDS = ("health", "personal", "sensitive", "public", "classified")
PROVENANCES = ("published", "reconstruction", "illustrative")
# "answered": a graded rule (an answer ladder) whose answer the facts determine.
STATUSES = ("met", "partial", "gap", "unknown", "not_applicable", "waived", "answered")
SEALS = (0, 1, 2, 3, 4)  # Sovereignty Effectiveness Assurance Levels of the EU framework
# What a service depends on (EU Cloud Sovereignty Framework, supply chain and technology).
COMPONENTS = (
    "hypervisor",
    "orchestration",
    "key-management",
    "hardware",
    "processor",
    "operating-system",
    "storage",
    "network",
    "identity",
    "database",
    "software",
)
# Who holds the keys that encrypt customer data: the provider; the customer, in the provider's
# key service (BYOK); the customer, outside the provider's reach (HYOK, external HSM).
KEY_CUSTODY = ("provider", "customer_managed", "customer_held")
# Languages of reports (--lang) and of rule texts' translations (models.ruleset.Texts); English
# is the language the code's words and the rule texts are written in.
LANGUAGES = ("en", "fr")
