"""Regenerate everything under reports/reference/ from the shipped data, at a pinned date.

    .venv/bin/python scripts/regenerate_reports.py

The date is pinned so that a diff in reports/ means the data or the engine changed, not the
calendar; move it forward deliberately. tests/test_repository.py fails when a report is stale.
reports/ itself is where users' own runs write (ignored by git), so running the README never
changes these.
"""

from __future__ import annotations

import glob
import os
import subprocess
import sys
from pathlib import Path

DATE = "2026-11-22"
MISSION = [
    "providers/azure.yaml",
    "providers/ovhcloud.yaml",
    "providers/numspot.yaml",
    "providers/cloud-temple.yaml",
]


def commands(out: str = "reports/reference") -> list[list[str]]:
    """Every report, as the CLI arguments that write it under ``out``."""
    providers = sorted(glob.glob("providers/*.yaml"))
    return [
        ["evaluate", *providers, "--at", DATE, "--output", out],
        [
            "compare",
            *MISSION,
            "--at",
            "2023-12-13",
            "--horizons",
            "0,6,12,18",
            "--output",
            f"{out}/comparison-mission-2023-12-13.md",
        ],
        # The mission's referential is a reconstruction: opted in by naming it, and marked as a
        # demonstration in the output.
        [
            "compare",
            *MISSION,
            "--at",
            "2023-12-13",
            "--rules",
            "rules",
            "--rules",
            "rules/hdh/hdh.yaml",
            "--output",
            f"{out}/demonstration-hdh-mission-2023-12-13.md",
        ],
        [
            "compare",
            *providers,
            "--at",
            DATE,
            "--horizons",
            "0,6,12,18",
            "--output",
            f"{out}/comparison-{DATE}.md",
        ],
        # The EU framework as a buyer applies it: the Commission's minimum, SEAL-2, then score.
        [
            "compare",
            *providers,
            "--at",
            DATE,
            "--rules",
            "rules/eu-csf-1.2.1.yaml",
            "--min-seal",
            "2",
            "--horizons",
            "0,6,12,18",
            "--output",
            f"{out}/eu-csf-seal-2-{DATE}.md",
        ],
        # One gap report in French (--lang fr): rule texts without a French translation yet
        # are shown in English and marked [en].
        [
            "evaluate",
            "providers/ovhcloud.yaml",
            "--at",
            DATE,
            "--lang",
            "fr",
            "--output",
            f"{out}/fr/ovhcloud.md",
        ],
        [
            "evaluate",
            "providers/cloud-temple.yaml",
            "--at",
            "2024-02-01",
            "--horizons",
            "0,6,12,18",
            "--output",
            f"{out}/horizons/cloud-temple-2024-02-01.md",
        ],
        ["diff", "hdh@r0", "hdh@r6", "--output", f"{out}/hdh-diff-r0-r6.md"],
        [
            "history",
            *providers,
            "--ruleset",
            "hdh",
            "--at",
            "2023-12-13",
            "--output",
            f"{out}/hdh-history-2023-12-13.md",
        ],
        # The same two as HTML (charts with legends), to open in a browser or print to PDF.
        [
            "compare",
            *MISSION,
            "--at",
            "2023-12-13",
            "--horizons",
            "0,6,12,18",
            "--format",
            "html",
            "--output",
            f"{out}/comparison-mission-2023-12-13.html",
        ],
        [
            "history",
            *providers,
            "--ruleset",
            "hdh",
            "--at",
            "2023-12-13",
            "--format",
            "html",
            "--output",
            f"{out}/hdh-history-2023-12-13.html",
        ],
        # What it would take, per mission provider; then on the HDH reconstruction (marked).
        *(["plan", p, "--at", DATE, "--output", f"{out}/plan-{Path(p).stem}.md"] for p in MISSION),
        [
            "plan",
            "providers/ovhcloud.yaml",
            "--rules",
            "rules/hdh/hdh.yaml",
            "--at",
            "2023-12-13",
            "--output",
            f"{out}/demonstration-plan-ovhcloud-hdh-2023-12-13.md",
        ],
        # Requirements met only by providers failing SecNumCloud 19.6 a-c, per revision.
        [
            "tailoring",
            "rules/hdh/hdh.yaml",
            "--providers",
            *MISSION,
            "--at",
            "2023-12-13",
            "--output",
            f"{out}/tailoring-hdh-2023-12-13.md",
        ],
        [
            "tailoring",
            "--providers",
            *providers,
            "--at",
            DATE,
            "--output",
            f"{out}/tailoring-{DATE}.md",
        ],
        # Logical analysis of the published rule sets (no contradiction expected), of the
        # mission's final referential (marked), and the market over all providers, per horizon.
        ["contradictions", "--at", DATE, "--output", f"{out}/contradictions-{DATE}.md"],
        [
            "contradictions",
            "rules/hdh/hdh.yaml@r6",
            "--at",
            DATE,
            "--output",
            f"{out}/demonstration-contradictions-hdh-r6.md",
        ],
        [
            "contradictions",
            "rules/secnumcloud-3.2.yaml",
            "rules/hds-v2.yaml",
            "rules/extraterritoriality.yaml",
            "rules/stack-coverage.yaml",
            "--providers",
            *providers,
            "--at",
            DATE,
            "--horizons",
            "0,6,12,18",
            "--output",
            f"{out}/market-{DATE}.md",
        ],
    ]


def main(out: str = "reports/reference") -> None:
    exe = str(Path(sys.executable).with_name("compliance"))
    # English unless a command says otherwise (--lang), whatever the shell's COMPLIANCE_LANG.
    env = {k: v for k, v in os.environ.items() if k != "COMPLIANCE_LANG"}
    for args in commands(out):
        done = subprocess.run([exe, *args], stdout=subprocess.DEVNULL, env=env, check=False)
        # contradictions exits 1 when it finds one: a finding, not a failure
        if done.returncode not in ((0, 1) if args[0] == "contradictions" else (0,)):
            raise SystemExit(f"failed ({done.returncode}): compliance {' '.join(args)}")
    print(f"reports regenerated under {out}/ at {DATE}")


if __name__ == "__main__":
    main(*sys.argv[1:])
