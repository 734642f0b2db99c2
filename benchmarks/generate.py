"""Synthetic rule sets and provider profiles at scale, for benchmarks only (never shipped).

    python benchmarks/generate.py --rules 5000 --providers 1000 --out benchmarks/out

Rules mix every condition shape the shipped rule sets use (leaves on derived facts, quantifiers
over services and subcontractors, definitions, first_known); profiles vary every fact so that
all statuses occur.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

import yaml

COUNTRIES = ["FR", "DE", "IE", "NL", "US", "NO", "CH", "PL", "IT", "ES"]
LAYERS = ["IaaS", "CaaS", "PaaS", "SaaS"]
CATEGORIES = [
    "compute",
    "managed-kubernetes",
    "object-storage",
    "managed-database",
    "analytics",
    "notebooks",
    "machine-learning",
    "identity",
    "logging",
]
CONDITIONS = [
    {"fact": "organisation.established_in_eu", "op": "equals", "value": True},
    {"fact": "organisation.largest_non_eu_capital_share", "op": "le", "value": 24},
    {"fact": "organisation.us_law_exposure", "op": "equals", "value": False},
    {"fact": "operations.data_locations", "op": "subset_of", "value": "EU"},
    {"fact": "contract.governing_law", "op": "in", "value": "EU"},
    {"fact": "contract.change_notice_days", "op": "le", "value": 31},
    {"use": "qualified_or_attested"},
    {
        "first_known": [
            {"fact": "operations.administration_locations", "op": "subset_of", "value": "EU"},
            {"use": "qualified_or_attested"},
        ]
    },
    {
        "some": "services",
        "where": {"fact": "layer", "op": "equals", "value": "PaaS"},
        "satisfies": {"fact": "secnumcloud", "op": "equals", "value": True},
    },
    {
        "every": "organisation.subcontractors",
        "where": {"fact": "data_access", "op": "equals", "value": True},
        "satisfies": {"fact": "eu_controlled", "op": "equals", "value": True},
    },
    {
        "all": [
            {"fact": "organisation.registered_office", "op": "in", "value": "EEA"},
            {
                "not": {
                    "fact": "operations.relies_on_data_privacy_framework",
                    "op": "equals",
                    "value": True,
                }
            },
        ]
    },
]


def ruleset(n: int, rng: random.Random) -> dict:
    rules = []
    for i in range(n):
        rules.append(
            {
                "id": f"SYN-{i:05d}",
                "title": f"Synthetic requirement {i}",
                "summary": "Generated for benchmarks.",
                "clauses": [f"{i // 100}.{i % 100}"],
                "category": rng.choice(["sovereignty", "security", "functional", "contractual"]),
                "severity": rng.choice(["blocking", "high", "medium", "low"]),
                "condition": rng.choice(CONDITIONS),
                "rationale": "R",
                "remediation": "M",
            }
        )
    return {
        "id": "synthetic",
        "title": "Synthetic",
        "version": "1",
        "publisher": "bench",
        "source": {"title": "generated"},
        "language": "en",
        "definitions": {
            "qualified_or_attested": {
                "any": [
                    {
                        "some": "services",
                        "satisfies": {"fact": "secnumcloud_3_2", "op": "equals", "value": True},
                    },
                    {"fact": "attestation", "op": "equals", "value": True},
                ]
            }
        },
        "rules": rules,
    }


def profile(i: int, rng: random.Random) -> dict:
    def fact(value):
        return {"value": value, "source": "s"}

    services = []
    for j in range(rng.randint(2, 12)):
        certs = []
        if rng.random() < 0.4:
            status = rng.choice(["held", "planned", "in_progress"])
            cert = {"scheme": "secnumcloud", "version": "3.2", "status": status, "source": "s"}
            if status != "held":
                cert["target"] = dt.date(2027, 1, 1)
            certs.append(cert)
        services.append(
            {
                "id": f"svc-{j}",
                "name": f"Service {j}",
                "layer": rng.choice(LAYERS),
                "category": rng.choice(CATEGORIES),
                "source": "s",
                "certifications": certs,
            }
        )
    holders = [
        {
            "name": f"H{k}",
            "country": rng.choice(COUNTRIES),
            "capital_share": rng.randint(1, 25),
            "source": "s",
        }
        for k in range(rng.randint(0, 4))
    ]
    complete = rng.random() < 0.5
    if complete:  # a complete list accounts for the whole capital
        rest = 100 - sum(h["capital_share"] for h in holders)
        holders.append({"name": "Rest", "country": "FR", "capital_share": rest, "source": "s"})
    return {
        "id": f"p{i:04d}",
        "name": f"Provider {i}",
        "as_of": dt.date(2026, 1, 1),
        "sources": {
            "s": {
                "title": "generated",
                "document": "benchmark",
                "date": dt.date(2025, 6, 1),
                "confidence": "vendor_claim",
            }
        },
        "organisation": {
            "registered_office": fact(rng.choice(COUNTRIES)),
            "central_administration": fact(rng.choice(COUNTRIES)),
            "principal_establishment": fact(rng.choice(COUNTRIES)),
            "shareholders_complete": fact(complete),
            "shareholders": holders,
            "subcontractors": [
                {
                    "name": f"S{k}",
                    "country": rng.choice(COUNTRIES),
                    "role": "r",
                    "customer_data_access": rng.random() < 0.5,
                    "source": "s",
                }
                for k in range(rng.randint(0, 4))
            ],
        },
        "operations": {"data_locations": fact(rng.sample(COUNTRIES, 2))},
        "contract": {"governing_law": fact(rng.choice(COUNTRIES))},
        "services": services,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rules", type=int, default=5000)
    parser.add_argument("--providers", type=int, default=1000)
    parser.add_argument("--out", default="benchmarks/out")
    args = parser.parse_args()
    rng = random.Random(42)
    out = Path(args.out)
    (out / "providers").mkdir(parents=True, exist_ok=True)
    (out / "rules").mkdir(parents=True, exist_ok=True)
    dump = lambda data: yaml.safe_dump(data, sort_keys=False, allow_unicode=True)  # noqa: E731
    (out / "rules" / "synthetic.yaml").write_text(dump(ruleset(args.rules, rng)))
    for i in range(args.providers):
        (out / "providers" / f"p{i:04d}.yaml").write_text(dump(profile(i, rng)))
    print(f"wrote {args.rules} rules and {args.providers} profiles under {out}")


if __name__ == "__main__":
    main()
