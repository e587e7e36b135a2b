"""Benchmark: does the cost of a cycle grow with new data or with history? (issue 17)

Two measurements, each comparing 1x and 10x the history in the same run:
1. metadata that every reader of a RAW table downloads (the checkpoints Lambda parses it per topic
   and scan): snapshots and metadata.json bytes after C and 10C Firehose-like commits, before and
   after the maintain job;
2. one standardize + curate cycle over the same N new rows, on top of H and 10H rows of history,
   for a topic without a dedup window (compared with all history) and one with `windowDays: 1`
   whose history spans 10 s per row (5.8 days for H, 58 for 10H; docs/schemas.md, Dedup window).

Prints a Markdown section on stdout (collected into docs/benchmarks.md by `make bench`); progress
goes to stderr. Never asserts on time. Sizes: LEAN_OPS_BENCH_HISTORY_ROWS (H, default 50,000),
LEAN_OPS_BENCH_HISTORY_COMMITS (C, default 40). Cycle times are the best of 3 alternating rounds.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts" / "local"))

HISTORY_ROWS = int(os.environ.get("LEAN_OPS_BENCH_HISTORY_ROWS", "50000"))
COMMITS = int(os.environ.get("LEAN_OPS_BENCH_HISTORY_COMMITS", "40"))
NEW_ROWS = max(HISTORY_ROWS // 10, 100)
ROUNDS = 3
ROWS_PER_COMMIT = 10
# the windowed topics: a one-day window over a history that arrived 10 s apart per row
WINDOW_DAYS = 1
WINDOW_SECONDS_APART = 10
CYCLE_PAIRS = (("cycle-1x", "cycle-10x"), ("window-1x", "window-10x"))


def log(message: str) -> None:
    print(f"bench-history: {message}", file=sys.stderr, flush=True)


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def main() -> int:
    import logging

    from local_endpoint import LocalEndpoint

    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    workdir = Path(tempfile.mkdtemp(prefix="lean-ops-bench-history-"))
    endpoint = LocalEndpoint.start(elasticmq_heap="256m")
    spark = None
    metadata_rows, cycle_rows = [], []
    try:
        os.environ.update(endpoint.env())
        from local_checkpoints import create_checkpoint_table
        import raw_writer
        from generated_raw import raw_rows, topic_schema
        from lean_ops_glue import curate_job, maintain_job, maintenance, standardize_job
        from lean_ops_glue.config import parse_job_args
        from lean_ops_glue.iceberg_tables import qualified
        from lean_ops_glue.local_spark import build_local_spark
        from lean_ops_glue.names import table_name_for_topic

        schemas = workdir / "schemas"
        schemas.mkdir()
        topics = {
            "meta-1x": COMMITS, "meta-10x": 10 * COMMITS, "cycle-1x": HISTORY_ROWS, "cycle-10x": 10 * HISTORY_ROWS,
            "window-1x": HISTORY_ROWS, "window-10x": 10 * HISTORY_ROWS,
        }
        for topic in topics:
            document = topic_schema(f"bench-{topic}")
            if topic.startswith("window-"):
                document["dedup"]["windowDays"] = WINDOW_DAYS
            (schemas / f"bench-{topic}.json").write_text(json.dumps(document))

        def rows_of(label: str, reading_ids):
            spacing = WINDOW_SECONDS_APART if label.startswith("window-") else 1
            return raw_rows(f"bench-{label}", reading_ids, seconds_apart=spacing)
        create_checkpoint_table("bench-checkpoints")
        catalog = raw_writer.open_catalog(str(workdir / "warehouse"))

        def raw_table(topic: str):
            return raw_writer._load_or_create(catalog, "bench_raw", table_name_for_topic(topic))

        log(f"RAW history: {COMMITS} and {10 * COMMITS} commits of {ROWS_PER_COMMIT} rows")
        for label in ("meta-1x", "meta-10x"):
            table = raw_table(f"bench-{label}")
            for commit in range(topics[label]):
                first = commit * ROWS_PER_COMMIT
                table.append(raw_rows(f"bench-{label}", range(first, first + ROWS_PER_COMMIT)))
        log(f"history rows: {HISTORY_ROWS:,} and {10 * HISTORY_ROWS:,}")
        for label in (label for pair in CYCLE_PAIRS for label in pair):
            raw_table(f"bench-{label}").append(rows_of(label, range(topics[label])))

        os.environ.setdefault("LEAN_OPS_SPARK_JAVA_OPTS", "-XX:+UseSerialGC")
        spark = build_local_spark(str(workdir / "warehouse"), app_name="lean-ops-bench-history", shuffle_partitions=2)

        def config(topic: str):
            return parse_job_args([
                "--topics", topic, "--raw-database", "bench_raw", "--standardized-database", "bench_standardized",
                "--curated-database", "bench_curated", "--checkpoint-table", "bench-checkpoints",
                "--schemas-uri", str(schemas),
            ])

        def cycle(topic: str) -> None:
            for job in (standardize_job, curate_job):
                summary = job.run(spark, config(topic))
                if summary["outcomes"]["FAILED"]:
                    raise RuntimeError(f"{job.__name__} failed: {summary['topics'][0]['error']}")

        policy = maintenance.MaintenancePolicy(snapshot_min_age=timedelta(0), compact_raw=True)
        with contextlib.redirect_stdout(sys.stderr):  # the jobs print their JSON summary
            for label in ("meta-1x", "meta-10x"):
                topic = f"bench-{label}"
                name = qualified("bench_raw", table_name_for_topic(topic))
                before = maintenance.table_health(spark, name)
                cycle(topic)
                maintain_job.run(spark, config(topic), policy)
                metadata_rows.append((label, topics[label], before, maintenance.table_health(spark, name)))
            labels = [label for pair in CYCLE_PAIRS for label in pair]
            for label in labels:
                log(f"{label}: first cycle over the history (also warms the JVM up)")
                cycle(f"bench-{label}")
            # alternating rounds, best of ROUNDS: the JIT and the page cache favour no side
            best = {}
            for round_number in range(ROUNDS):
                for label in labels:
                    topic = f"bench-{label}"
                    first = topics[label] + round_number * NEW_ROWS
                    raw_table(topic).append(rows_of(label, range(first, first + NEW_ROWS)))
                    seconds = timed(lambda: cycle(topic))
                    log(f"{label}: round {round_number + 1}, cycle over {NEW_ROWS:,} new rows: {seconds:.1f} s")
                    best[label] = min(best.get(label, seconds), seconds)
            cycle_rows.extend((label, topics[label], best[label]) for label in labels)
    finally:
        if spark is not None:
            spark.stop()
        endpoint.stop()
        shutil.rmtree(workdir, ignore_errors=True)

    print("## Growth with history (bench-history.py)")
    print()
    print(
        "Does a cycle cost what the new data costs, or what the history costs? 1× and 10× the history "
        "of the same topic shape, in one run; the ratio column is 10× / 1× (1.0 = flat)."
    )
    print()
    print(f"RAW metadata (what the checkpoints Lambda downloads and parses per table and scan), after "
          f"{COMMITS} and {10 * COMMITS} Firehose-like commits of {ROWS_PER_COMMIT} rows, then one cycle and the "
          "maintain job (snapshot age 0, RAW compaction by the job):")
    print()
    print("| history | commits | snapshots before | metadata bytes before | snapshots after | metadata bytes after | data files after |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, commits, before, after in metadata_rows:
        print(f"| {label} | {commits} | {before['snapshots']} | {before['metadata_bytes']:,} | {after['snapshots']} "
              f"| {after['metadata_bytes']:,} | {after['data_files']} |")
    (_, _, before1, after1), (_, _, before10, after10) = metadata_rows
    print(f"| ratio 10×/1× | | {before10['snapshots'] / before1['snapshots']:.1f} | "
          f"{before10['metadata_bytes'] / before1['metadata_bytes']:.1f} | {after10['snapshots'] / after1['snapshots']:.1f} "
          f"| {after10['metadata_bytes'] / after1['metadata_bytes']:.1f} | |")
    print()
    print(f"One standardize + curate cycle over the same {NEW_ROWS:,} new rows on top of the history "
          f"(best of {ROUNDS} alternating rounds):")
    print()
    print("| history | rows of history | dedup compares with | cycle seconds |")
    print("|---|---:|---|---:|")
    seconds_of = {label: seconds for label, _, seconds in cycle_rows}
    for label, rows, seconds in cycle_rows:
        scope = f"{WINDOW_DAYS} day of arrivals" if label.startswith("window-") else "all history"
        print(f"| {label} | {rows:,} | {scope} | {seconds:.1f} |")
    ratios = {pair[0].split("-")[0]: seconds_of[pair[1]] / seconds_of[pair[0]] for pair in CYCLE_PAIRS}
    print(f"| ratio 10×/1×, no window | | | {ratios['cycle']:.2f} |")
    print(f"| ratio 10×/1×, {WINDOW_DAYS}-day window | | | {ratios['window']:.2f} |")
    print()
    print(
        "Metadata: without maintenance it grows with every commit; after the maintain job it is the same "
        "for both histories, so what the checkpoints Lambda reads per table no longer depends on the table's "
        "age. The cycle: without a window, standardize and curate MERGE against the whole standardized / "
        f"curated table ({ratios['cycle']:.2f}× the time with 10× the history); with `dedup.windowDays` the "
        "tables are partitioned by arrival day and the MERGE reads only the window's partitions "
        f"({ratios['window']:.2f}×). The window's price is that a copy arriving after it is stored again "
        "(docs/schemas.md, Dedup window)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
