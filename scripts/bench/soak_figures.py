"""Summarises a `make soak` run into docs/soak.json, which bench-soak.py renders for benchmarks.md.

Inputs are what the run left behind, never its own counters: stages.json (when each stage of the
local run started), accountability.json (the report computed from the tables against the
ledger) and the process profile of sample_processes.py (peak memory, CPU seconds per component).

    python scripts/bench/soak_figures.py --run .run/soak/run --profile .run/soak/profile.json \
        --events 1000000 --topics 750 --active 75 --out docs/soak.json
"""

from __future__ import annotations

import argparse
import json
import subprocess
from datetime import datetime, timezone
from pathlib import Path


def stage_durations(stages: list[dict], finished_s: float) -> list[dict]:
    """Each stage with its duration: until the next stage starts (the last one until the end)."""
    durations = []
    for index, stage in enumerate(stages):
        end = stages[index + 1]["at_s"] if index + 1 < len(stages) else finished_s
        durations.append({"stage": stage["stage"], "seconds": round(end - stage["at_s"], 1)})
    return durations


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run", type=Path, required=True)
    parser.add_argument("--profile", type=Path, required=True)
    parser.add_argument("--events", type=int, required=True)
    parser.add_argument("--topics", type=int, required=True)
    parser.add_argument("--active", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    stages = json.loads((args.run / "stages.json").read_text())
    report = json.loads((args.run / "accountability.json").read_text())
    profile = json.loads(args.profile.read_text())
    finished = stages[-1]["at_s"]
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    summary = {
        "recorded": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%MZ"),
        "commit": commit,
        "events": args.events,
        "topics": args.topics,
        "active_topics": args.active,
        "reconciled": report["ok"],
        "totals": report["totals"],
        "mismatches": len(report["mismatches"]),
        "unexpected_curated_rows": len(report["unexpected_curated_rows"]),
        "wall_seconds": profile["wall_seconds"],
        "peak_rss_mb": profile["peak_rss_mb"],
        "peak_rss_mb_by_component": profile["peak_rss_mb_by_component"],
        "cpu_seconds_by_component": profile["cpu_seconds_by_component"],
        "cores": profile["cores"],
        "stages": stage_durations(stages, finished),
    }
    args.out.write_text(json.dumps(summary, indent=1) + "\n")


if __name__ == "__main__":
    main()
