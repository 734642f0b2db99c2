"""Benchmarks: start-up, evaluate on the shipped data against the parse floor, rule evaluations
per second at scale, peak memory. Run from the project root with the project's Python:

    .venv/bin/python benchmarks/run.py            (generates benchmarks/out first if missing)

Timings are medians of repeated runs of fresh processes; nothing here is a unit test.
"""

from __future__ import annotations

import datetime as dt
import glob
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PY = sys.executable
EXE = str(Path(PY).with_name("compliance"))
SHIPPED = sorted(glob.glob("rules/**/*.yaml", recursive=True) + glob.glob("providers/*.yaml"))
REPEAT = 7


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - start


def median(cmd: list[str]) -> float:
    timed(cmd)  # warm the file cache
    return statistics.median(timed(cmd) for _ in range(REPEAT))


def median_failing(cmd: list[str]) -> float:
    """As median(), for a command expected to exit non-zero (bad input)."""
    def once() -> float:
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=False)
        return time.perf_counter() - start
    once()
    return statistics.median(once() for _ in range(REPEAT))


def peak_rss_mb(cmd: list[str]) -> float:
    code = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
            "capture_output=True); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([PY, "-c", code, *cmd], check=True, capture_output=True, text=True)
    return int(out.stdout) / 1024


def scale() -> tuple[int, float]:
    """Rule evaluations per second, one core: every synthetic rule against every profile."""
    from compliance.evaluate import Plan, statuses
    from compliance.load import load_profile, load_ruleset
    from compliance.results import Context

    if not Path("benchmarks/out/rules/synthetic.yaml").exists():
        subprocess.run([PY, "benchmarks/generate.py"], check=True)
    ruleset = load_ruleset("benchmarks/out/rules/synthetic.yaml")
    profiles = [load_profile(p).model for p in sorted(glob.glob("benchmarks/out/providers/*"))]
    at = dt.date(2026, 11, 22)
    count, start = 0, time.perf_counter()
    plan = Plan.build([(ruleset, None)], Context())
    for profile in profiles:
        count += len(statuses(plan, profile, at, at))
    return count, time.perf_counter() - start


def main() -> None:
    providers = sorted(glob.glob("providers/*.yaml"))
    with tempfile.TemporaryDirectory() as out:
        evaluate = [EXE, "evaluate", *providers, "--at", "2026-11-22", "--output", out]
        one = [EXE, "evaluate", "providers/ovhcloud.yaml", "--at", "2026-11-22", "--output", out]
        one_html = [*one, "--format", "html"]
        floor = [PY, "-c", "import sys, yaml\nfor f in sys.argv[1:]:\n"
                 "    yaml.load(open(f, encoding='utf-8'), Loader=yaml.CSafeLoader)", *SHIPPED]
        bad = [EXE, "validate", "tests/fixtures/rules/unknown-key.fail.yaml"]
        lines = sum(len(Path(f).read_text(encoding="utf-8").splitlines()) for f in SHIPPED)
        results = {
            "--help start-up": median([EXE, "--help"]),
            "python -c pass": median([PY, "-c", "pass"]),
            f"parse floor: python + libyaml on the shipped files ({len(SHIPPED)} files, "
            f"{lines} lines)": median(floor),
            f"evaluate all {len(providers)} shipped providers (all rule sets)": median(evaluate),
            "evaluate providers/ovhcloud.yaml (all rule sets)": median(one),
            "evaluate providers/ovhcloud.yaml --format html": median(one_html),
            "validate a bad file (exit 2)": median_failing(bad),
        }
        for name, seconds in results.items():
            print(f"{name:80s} {seconds * 1000:8.0f} ms")
        floor_s = results[next(k for k in results if k.startswith("parse floor"))]
        ratio = results[next(k for k in results if k.startswith("evaluate all"))] / floor_s
        print(f"{'evaluate (all providers) / parse floor':80s} {ratio:8.2f} x")
        print(f"{'peak memory, evaluate all shipped providers':80s} "
              f"{peak_rss_mb(evaluate):8.1f} MB")
    count, seconds = scale()
    print(f"{'rule evaluations at scale (' + str(count) + ')':80s} {seconds:8.2f} s")
    print(f"{'rule evaluations per second, one core':80s} {count / seconds:8,.0f}")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
