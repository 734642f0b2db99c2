"""Benchmarks of the analyses, as users run them (fresh processes, the CLI), with their targets:

    .venv/bin/python benchmarks/analyses.py

- `compliance contradictions rules/hdh/hdh.yaml@r6`: the 262-requirement referential, target
  5 s (issue: "the analyses that settle the argument");
- the same on SecNumCloud 3.2 + HDS v2 + extraterritoriality (324 requirements, the true
  negative), `tailoring` on the four mission providers and `plan` on one provider, for scale.

Each figure is the median of fresh processes, wall clock and the CPU time of the child, beside
the machine. Nothing here is a unit test.
"""

from __future__ import annotations

import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

EXE = str(Path(sys.executable).with_name("compliance"))
REPEAT = 5
MISSION = [
    "providers/azure.yaml",
    "providers/ovhcloud.yaml",
    "providers/numspot.yaml",
    "providers/cloud-temple.yaml",
]
CASES = [  # (label, arguments, target in seconds or None)
    (
        "contradictions hdh@r6 (262 requirements)",
        ["contradictions", "rules/hdh/hdh.yaml@r6", "--at", "2026-12-01"],
        5.0,
    ),
    (
        "contradictions SNC 3.2 + HDS v2 + extraterritoriality (324)",
        [
            "contradictions",
            "rules/secnumcloud-3.2.yaml",
            "rules/hds-v2.yaml",
            "rules/extraterritoriality.yaml",
            "--at",
            "2026-12-01",
        ],
        None,
    ),
    (
        "tailoring hdh r0..r6, four mission providers",
        ["tailoring", "rules/hdh/hdh.yaml", "--providers", *MISSION, "--at", "2023-12-13"],
        None,
    ),
    (
        "plan ovhcloud, shipped rule sets",
        ["plan", "providers/ovhcloud.yaml", "--at", "2026-11-22"],
        None,
    ),
]


def once(args: list[str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    # contradictions exits 1 on findings
    subprocess.run([EXE, *args], capture_output=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, load average {os.getloadavg()[0]:.2f}"
    )
    failed = False
    for label, args, target in CASES:
        once(args)  # warm the file cache
        runs = [once(args) for _ in range(REPEAT)]
        wall = statistics.median(w for w, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        verdict = (
            ""
            if target is None
            else (f"  target {target:.1f} s: {'met' if wall <= target else 'MISSED'}")
        )
        failed |= target is not None and wall > target
        print(f"{label:62} {wall:6.2f} s wall, {cpu:6.2f} s CPU{verdict}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
