"""How far a fact can be trusted: the one ordered vocabulary (no pydantic here, so that the
CLI's help can list it without loading the models)."""

from __future__ import annotations

# How far a fact can be trusted, strongest first: one definition, from which the models, the
# schemas, `--min-confidence` and the README's list are derived.
CONFIDENCES: dict[str, str] = {
    "official": "official register, law, regulator or court decision",
    "audited": "certificate or audit report",
    "vendor_claim": "the provider's own documents",
    "press": "journalism",
    "third_party": "other secondary or machine-generated pages",
    "inference": "our reading, which no source states (it never decides a blocking gap alone)",
}
