"""Samples a process tree until its root exits: peak memory and CPU seconds per component.

The profile `make soak` records (docs/benchmarks.md): which component of the local pipeline
(ElasticMQ, moto, each Lambda's containers, the harness, Spark, the RAW writer, the report) spent
the CPU, and the tree's peak resident memory. Reads /proc only, so it needs no dependency.

    python scripts/bench/sample_processes.py --pid PID --out profile.json [--interval 2]
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")

# First match wins: (substring of the command line, component).
COMPONENTS = (
    ("elasticmq", "ElasticMQ (SQS)"),
    ("moto_server", "moto (Firehose, S3, DynamoDB, Glue catalog, Lambda API)"),
    ("sqs-processor", "sqs-processor containers"),
    ("firehose-transform", "firehose-transform container"),
    ("dlq-archiver", "dlq-archiver container"),
    ("circuit-breaker", "circuit-breaker container"),
    ("raw_writer.py", "RAW writer (pyiceberg)"),
    ("accountability", "accountability report"),
    ("org.apache.spark", "Glue jobs (Spark JVM)"),
    ("pyspark", "Glue jobs (Spark driver, Python)"),
    ("glue-jobs", "Glue jobs (Spark driver, Python)"),
    ("checkpoints", "checkpoints container"),
    ("local_endpoint.py", "local endpoint supervisor"),
    ("lean-ops.mjs", "harness (generator, pollers, delivery, orchestrator)"),
)


def component(cmdline: str) -> str:
    for needle, name in COMPONENTS:
        if needle in cmdline:
            return name
    return "other"


def read_tree(root: int) -> dict[int, tuple[str, int, float]]:
    """pid -> (component, rss bytes, cpu seconds) for root and all its descendants."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        parents[int(entry.name)] = int(fields[1])
    members = {root}
    changed = True
    while changed:
        changed = False
        for pid, parent in parents.items():
            if parent in members and pid not in members:
                members.add(pid)
                changed = True
    tree: dict[int, tuple[str, int, float]] = {}
    for pid in members:
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        cpu = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
        rss = int(fields[21]) * PAGE_BYTES
        tree[pid] = (component(cmdline), rss, cpu)
    return tree


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--interval", type=float, default=2.0)
    args = parser.parse_args()
    started = time.time()
    cpu_by_pid: dict[int, tuple[str, float]] = {}
    peak_total = 0
    peak_by_component: dict[str, int] = {}
    while Path(f"/proc/{args.pid}").exists():
        tree = read_tree(args.pid)
        total = 0
        by_component: dict[str, int] = {}
        for pid, (name, rss, cpu) in tree.items():
            # An exiting process has an empty command line: keep the component it was first seen as.
            name = cpu_by_pid.get(pid, (name, 0.0))[0]
            cpu_by_pid[pid] = (name, max(cpu, cpu_by_pid.get(pid, (name, 0.0))[1]))
            total += rss
            by_component[name] = by_component.get(name, 0) + rss
        peak_total = max(peak_total, total)
        for name, rss in by_component.items():
            peak_by_component[name] = max(peak_by_component.get(name, 0), rss)
        time.sleep(args.interval)
    cpu_by_component: dict[str, float] = {}
    for name, cpu in cpu_by_pid.values():
        cpu_by_component[name] = cpu_by_component.get(name, 0.0) + cpu
    profile = {
        "wall_seconds": round(time.time() - started, 1),
        "peak_rss_mb": round(peak_total / 2**20),
        "peak_rss_mb_by_component": {k: round(v / 2**20) for k, v in sorted(peak_by_component.items())},
        "cpu_seconds_by_component": {
            k: round(v, 1) for k, v in sorted(cpu_by_component.items(), key=lambda item: -item[1])
        },
        "cores": os.cpu_count(),
    }
    Path(args.out).write_text(json.dumps(profile, indent=1) + "\n")


if __name__ == "__main__":
    main()
