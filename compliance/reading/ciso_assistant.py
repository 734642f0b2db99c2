"""Interop with CISO Assistant's framework libraries (YAML: a library, its framework, and the
framework's ``requirement_nodes`` linked by ``parent_urn``).

Import turns a library into a rule-set skeleton: ids, clauses, titles, texts and hierarchy, and
for each requirement the condition ``{fact: attestation, op: equals, value: true}`` marked
``metadata.encoded: false``. Such a rule is met only on a sourced attestation of that requirement
in the provider's profile (``attestations: {RULE-ID: ...}``), a gap on a sourced denial, and
unknown otherwise: never met for want of an encoding. Category and severity are placeholders to
review (``metadata.to_review``).

Which nodes become rules: every assessable node with a ``ref_id``, and every node with a
``ref_id`` that has assessable paragraphs without one (the library splits some requirements,
e.g. SecNumCloud 19.6 b, into unnumbered paragraphs); such paragraphs are folded into the
nearest numbered ancestor's summary. Other nodes are sections, kept in the rule set's metadata
(their titles) so that export can rebuild the hierarchy; other prose (definitions, intro
paragraphs the library does not mark assessable) is left out.

Export writes rule sets as a library CISO Assistant loads: one assessable node per rule under
its section (the imported hierarchy) or under a node per category.

Pure: data in, data out; reading and writing files is the command's job.
"""

from __future__ import annotations

import re
from typing import Any

from compliance.errors import Problem
from compliance.reading.document import Document

ATTESTATION = {"fact": "attestation", "op": "equals", "value": True}
PACKAGER = "compliance"
_RULE_ID = re.compile(r"[^A-Za-z0-9._-]+")
_URN_PART = re.compile(r"[^a-z0-9._-]+")
_LANGUAGES = ("fr", "en")


def _text(value: Any) -> str:
    """Text from a library, paragraphs kept; None as ''."""
    return (
        ""
        if value is None
        else "\n".join(" ".join(p.split()) for p in str(value).strip().split("\n"))
    )


def _ref(node: dict) -> str:
    ref = node.get("ref_id")
    return "" if ref is None else str(ref).strip()


def check_library(doc: Document) -> list[Problem]:
    """Every problem that keeps a file from being read as a framework library, located."""
    data = doc.data
    if not isinstance(data, dict):
        return [
            doc.problem((), "expected a CISO Assistant library (a mapping with 'urn', 'objects')")
        ]
    problems = [
        doc.problem((), f"missing '{key}': not a CISO Assistant library")
        for key in ("urn", "name", "objects")
        if key not in data
    ]
    framework = (
        (data.get("objects") or {}).get("framework")
        if isinstance(data.get("objects"), dict)
        else None
    )
    if "objects" in data and not isinstance(framework, dict):
        problems.append(
            doc.problem(
                ("objects",),
                "no 'framework' in 'objects': only framework libraries can be imported",
            )
        )
        return problems
    if problems or not isinstance(framework, dict):  # no 'objects' is among the problems
        return problems
    nodes = framework.get("requirement_nodes")
    where = ("objects", "framework", "requirement_nodes")
    if not isinstance(nodes, list) or not nodes:
        return [doc.problem(where[:2], "the framework has no 'requirement_nodes'")]
    if str(data.get("locale", "en")) not in _LANGUAGES:
        problems.append(
            doc.problem(
                ("locale",),
                f"locale '{data.get('locale')}': rule sets are in {' or '.join(_LANGUAGES)}",
            )
        )
    seen: dict[str, int] = {}
    for i, node in enumerate(nodes):
        if not isinstance(node, dict) or not isinstance(node.get("urn"), str):
            problems.append(doc.problem(where + (i,), "a requirement node needs a 'urn'"))
            continue
        if node["urn"] in seen:
            first = doc.position(where + (seen[node["urn"]],))[0]
            problems.append(
                doc.problem(
                    where + (i, "urn"), f"duplicate urn '{node['urn']}' (first on line {first})"
                )
            )
        seen.setdefault(node["urn"], i)
    for i, node in enumerate(nodes):
        parent = node.get("parent_urn") if isinstance(node, dict) else None
        if parent is not None and parent not in seen:
            problems.append(
                doc.problem(
                    where + (i, "parent_urn"), f"parent_urn '{parent}' is no node of this framework"
                )
            )
    return problems


def _rule_id(prefix: str, node: dict, taken: set[str]) -> str:
    base = _RULE_ID.sub("-", _ref(node) or node["urn"].rsplit(":", 1)[-1]).strip("-._")
    candidate, n = prefix + (base or "node"), 2
    while candidate in taken:
        candidate, n = f"{prefix}{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def to_ruleset(data: dict, ruleset_id: str, prefix: str = "") -> dict:
    """The rule-set skeleton of a checked library (see the module documentation)."""
    framework = data["objects"]["framework"]
    nodes: list[dict] = framework["requirement_nodes"]
    by_urn = {n["urn"]: n for n in nodes}

    def ancestors(node: dict) -> list[dict]:
        out: list[dict] = []
        parent = node.get("parent_urn")
        while parent in by_urn and len(out) < len(nodes):
            out.append(by_urn[parent])
            parent = by_urn[parent].get("parent_urn")
        return out

    owner: dict[str, str] = {}  # urn of an assessable node -> urn of the rule that covers it
    for node in nodes:
        if node.get("assessable"):
            numbered = node if _ref(node) else next((a for a in ancestors(node) if _ref(a)), node)
            owner[node["urn"]] = numbered["urn"]
    rule_urns = set(owner.values())
    paragraphs: dict[str, list[str]] = {}
    for urn, covering in owner.items():
        if urn != covering and _text(by_urn[urn].get("description")):
            paragraphs.setdefault(covering, []).append(_text(by_urn[urn]["description"]))
    # Sections: the nodes above a rule, which are not rules themselves (their titles only).
    above = {a["urn"] for urn in rule_urns for a in ancestors(by_urn[urn])} - rule_urns
    taken: set[str] = set()
    rules, sections = [], []
    for node in nodes:
        urn = node["urn"]
        up = ancestors(node)
        named = next((a for a in up if a.get("name")), None)
        if urn not in rule_urns:
            if urn in above:
                sections.append(
                    {
                        k: node[k]
                        for k in ("urn", "parent_urn", "ref_id", "name")
                        if node.get(k) is not None
                    }
                )
            continue
        ref = _ref(node)
        title = " ".join(_text(node.get("name")).split()) or (
            f"{_text(named['name'])} ({ref})" if named and ref else ref or urn.rsplit(":", 1)[-1]
        )
        texts = [t for t in [_text(node.get("description")), *paragraphs.get(urn, [])] if t]
        section = " / ".join(
            f"{_ref(a)} {_text(a.get('name'))}".strip()
            for a in reversed(up)
            if _ref(a) or a.get("name")
        )
        rules.append(
            {
                "id": _rule_id(prefix, node, taken),
                "title": title,
                "summary": "\n\n".join(texts) or title,
                "clauses": [ref or urn],
                "category": "security",
                "severity": "medium",
                "condition": dict(ATTESTATION),
                "rationale": "Not yet encoded: imported from a CISO Assistant library. Met only on "
                "a sourced attestation of this requirement in the provider's profile.",
                "remediation": "Attest the requirement with a source (attestations: {RULE-ID: "
                "...}), or encode its condition from facts.",
                "metadata": {
                    "encoded": False,
                    "to_review": ["category", "severity", "condition"],
                    "ciso_assistant": {
                        "urn": urn,
                        **({"parent_urn": node["parent_urn"]} if node.get("parent_urn") else {}),
                        **({"section": section} if section else {}),
                    },
                },
            }
        )
    published = data.get("publication_date")
    return {
        "id": ruleset_id,
        "title": _text(data.get("name")),
        "version": _text(framework.get("ref_id") or data.get("ref_id") or data.get("version")),
        "publisher": _text(data.get("provider") or data.get("packager") or "unknown"),
        "source": {
            "title": _text(framework.get("name") or data.get("name")),
            "document": f"CISO Assistant library {data['urn']}, version {data.get('version', '?')}",
            **({"published": published} if published else {}),
        },
        "language": str(data.get("locale", "en")),
        "description": "Skeleton imported from a CISO Assistant library: ids, clauses, titles, "
        "texts and hierarchy. No condition is encoded yet: each rule is met only "
        "on a sourced attestation (metadata.encoded: false).",
        "metadata": {
            "ciso_assistant": {
                "library": data["urn"],
                "framework": framework.get("urn"),
                "version": data.get("version"),
                "copyright": data.get("copyright"),
                "packager": data.get("packager"),
                "sections": sections,
            }
        },
        "rules": rules,
    }


def _urn_part(text: str) -> str:
    return _URN_PART.sub("-", text.lower()).strip("-") or "node"


def to_library(ruleset: Any, summaries_note: str) -> dict:
    """A CISO Assistant framework library of a rule set (the RuleSet model)."""
    base = f"urn:{PACKAGER}:risk"
    slug = _urn_part(ruleset.id)

    def node_urn(tail: str) -> str:
        return f"{base}:req_node:{slug}:{_urn_part(tail)}"

    imported = (ruleset.metadata or {}).get("ciso_assistant") or {}
    sections = imported.get("sections") or []
    # Old urn (an imported section or rule) or category -> urn in the exported library.
    renamed = {s["urn"]: node_urn("s-" + s["urn"].rsplit(":", 1)[-1]) for s in sections}
    for rule in ruleset.rules:
        origin = ((rule.metadata or {}).get("ciso_assistant") or {}).get("urn")
        if origin and sections:
            renamed[origin] = node_urn(rule.id)
    nodes: list[dict] = []
    if not sections:  # our own rule sets: a section per category
        for category in dict.fromkeys(r.category for r in ruleset.rules):
            renamed[category] = node_urn("category-" + category)
            nodes.append(
                {
                    "urn": renamed[category],
                    "assessable": False,
                    "ref_id": category,
                    "name": category,
                }
            )
    for s in sections:
        nodes.append(
            {
                "urn": renamed[s["urn"]],
                "assessable": False,
                **(
                    {"parent_urn": renamed[s["parent_urn"]]}
                    if s.get("parent_urn") in renamed
                    else {}
                ),
                **{k: s[k] for k in ("ref_id", "name", "description") if k in s},
            }
        )
    for rule in ruleset.rules:
        origin = (rule.metadata or {}).get("ciso_assistant") or {}
        parent = renamed.get(origin.get("parent_urn") if sections else rule.category)
        nodes.append(
            {
                "urn": node_urn(rule.id),
                "assessable": True,
                **({"parent_urn": parent} if parent else {}),
                "ref_id": rule.id,
                "name": rule.title,
                "description": rule.summary,
                "annotation": f"Clauses: {', '.join(rule.clauses)}. Severity: {rule.severity}. "
                f"Remediation: {rule.remediation}",
            }
        )
    # In the rules' order, each rule preceded by those of its sections not listed yet.
    by_urn = {n["urn"]: n for n in nodes}
    listed: dict[str, dict] = {}
    for rule in (n for n in nodes if n["assessable"]):
        chain, up = [rule], rule.get("parent_urn")
        while up in by_urn and up not in listed and len(chain) <= len(nodes):
            chain.append(by_urn[up])
            up = by_urn[up].get("parent_urn")
        for node in reversed(chain):
            above = listed.get(node.get("parent_urn", ""))
            listed[node["urn"]] = {**node, "depth": above["depth"] + 1 if above else 1}
    nodes = list(listed.values())
    ordered = [
        {
            k: n[k]
            for k in (
                "urn",
                "assessable",
                "depth",
                "parent_urn",
                "ref_id",
                "name",
                "description",
                "annotation",
            )
            if k in n
        }
        for n in nodes
    ]
    demo = (
        f"DEMONSTRATION, NOT A FINDING: this rule set is a {ruleset.provenance}, not a "
        "published referential. "
        if ruleset.provenance != "published"
        else ""
    )
    description = demo + (ruleset.description or ruleset.title)
    library = {
        "urn": f"{base}:library:{slug}",
        "locale": ruleset.language,
        "ref_id": ruleset.id,
        "name": ruleset.title,
        "description": description,
        "copyright": imported.get("copyright") or summaries_note,
        "version": 1,
        **({"publication_date": ruleset.source.published} if ruleset.source.published else {}),
        "provider": ruleset.publisher,
        "packager": PACKAGER,
        "objects": {
            "framework": {
                "urn": f"{base}:framework:{slug}",
                "ref_id": ruleset.id,
                "name": ruleset.title,
                "description": description,
                "requirement_nodes": ordered,
            }
        },
    }
    return library
