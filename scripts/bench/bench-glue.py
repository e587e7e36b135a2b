"""Benchmark: standardize and curate rows/s on generated RAW rows, against a plain Spark
read -> write of the same rows in the same run (and the same SparkSession).

Rows: LEAN_OPS_BENCH_GLUE_ROWS (default 1,000,000). Prints a Markdown section on stdout (collected
into docs/benchmarks.md by `make bench`); progress goes to stderr. Never asserts on time.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import random
import shutil
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts" / "local"))

ROWS = int(os.environ.get("LEAN_OPS_BENCH_GLUE_ROWS", "1000000"))
TOPIC = "bench-readings"
DUPLICATE_SHARE = 0.05  # share of rows that re-deliver an earlier reading
#: The generated topic's file (generated_raw.topic_schema) with more nested fields.
EXTRA_FIELDS = {
    "engine.rpm": {"type": "int", "nullable": True, "cde": False},
    "engine.overheat": {"type": "boolean", "nullable": True, "cde": False},
    "location.lat": {"type": "double", "nullable": True, "cde": False},
    "location.lon": {"type": "double", "nullable": True, "cde": False},
}


def log(message: str) -> None:
    print(f"bench-glue: {message}", file=sys.stderr, flush=True)


def generate_raw(rows: int):
    """Arrow table of RAW rows: ~5% re-deliveries, 1% CDE failures, nested payloads."""
    import pyarrow as pa
    from generated_raw import add_envelope
    from lean_ops_glue import raw_schema

    rng = random.Random(42)
    base = datetime(2026, 11, 20, tzinfo=timezone.utc)
    columns = {name: [] for name in raw_schema.RAW_COLUMNS}
    for i in range(rows):
        reading = rng.randrange(i) if i and rng.random() < DUPLICATE_SHARE else i
        payload = json.dumps(
            {
                "device_id": f"dev-{reading % 5000:05d}",
                "reading_id": reading if rng.random() > 0.01 else "bad",
                "measured_at": (base + timedelta(seconds=i)).isoformat().replace("+00:00", "Z"),
                "engine": {"coolant_c": round(rng.uniform(60, 110), 2), "rpm": rng.randrange(600, 6000), "overheat": False},
                "location": {"lat": 48.1, "lon": 11.5},
            },
            separators=(",", ":"),
        )
        arrived = base + timedelta(seconds=i, milliseconds=500)
        add_envelope(columns, TOPIC, f"m-{i:09d}", payload, arrived)
    return pa.Table.from_pydict(columns, schema=raw_schema.arrow_schema())


def timed(label: str, action) -> float:
    log(f"{label}...")
    started = time.perf_counter()
    action()
    elapsed = time.perf_counter() - started
    log(f"{label}: {elapsed:.1f} s")
    return elapsed


def main() -> int:
    import logging

    from local_endpoint import LocalEndpoint

    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(name)s %(message)s")
    for noisy in ("botocore", "urllib3", "py4j"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    load_before = f"{os.getloadavg()[0]:.1f}"
    workdir = Path(tempfile.mkdtemp(prefix="lean-ops-bench-glue-"))
    endpoint = LocalEndpoint.start(elasticmq_heap="256m")
    spark = None
    try:
        os.environ.update(endpoint.env())
        from generated_raw import topic_schema
        from local_checkpoints import create_checkpoint_table
        import raw_writer
        from lean_ops_glue import curate_job, standardize_job
        from lean_ops_glue.config import parse_job_args
        from lean_ops_glue.iceberg_tables import qualified
        from lean_ops_glue.local_spark import build_local_spark

        schemas = workdir / "schemas"
        schemas.mkdir()
        document = topic_schema(TOPIC)
        document["fields"].update(EXTRA_FIELDS)
        (schemas / f"{TOPIC}.json").write_text(json.dumps(document))
        create_checkpoint_table("bench-checkpoints")
        log(f"generating {ROWS:,} RAW rows")
        data = generate_raw(ROWS)
        catalog = raw_writer.open_catalog(str(workdir / "warehouse"))
        table = raw_writer._load_or_create(catalog, "bench_raw", "bench_readings")
        load_s = timed("pyiceberg append (local RAW writer path)", lambda: table.append(data))
        json_path = workdir / "payloads.ndjson"
        with json_path.open("w") as out:  # the same rows' payloads, for the JSON baseline
            for payload in data.column("payload").to_pylist():
                out.write(payload + "\n")
        del data

        # full JIT for a long CPU-bound run (the tests' C1-only flag suits short suites)
        os.environ.setdefault("LEAN_OPS_SPARK_JAVA_OPTS", "-XX:+UseSerialGC")
        spark = build_local_spark(
            str(workdir / "warehouse"), app_name="lean-ops-bench-glue", shuffle_partitions=4, driver_memory="3g"
        )
        spark.sql("CREATE NAMESPACE IF NOT EXISTS glue_catalog.bench_plain")
        raw_name = qualified("bench_raw", "bench_readings")
        spark.table(raw_name).limit(1).collect()  # JVM and catalog warm-up, outside the timings
        plain_s = timed(
            "plain Iceberg read -> write",
            lambda: spark.table(raw_name).writeTo(qualified("bench_plain", "copy")).using("iceberg").create(),
        )
        json_s = timed(
            "plain JSON read -> Iceberg write",
            lambda: spark.read.json(str(json_path)).writeTo(qualified("bench_plain", "from_json")).using("iceberg").create(),
        )
        config = parse_job_args([
            "--topics", TOPIC, "--raw-database", "bench_raw", "--standardized-database", "bench_standardized",
            "--curated-database", "bench_curated", "--checkpoint-table", "bench-checkpoints",
            "--schemas-uri", str(schemas),
        ])
        summaries = {}
        with contextlib.redirect_stdout(sys.stderr):  # the jobs print their JSON summary; stdout is Markdown
            std_s = timed("standardize", lambda: summaries.update(std=standardize_job.run(spark, config)))
            cur_s = timed("curate", lambda: summaries.update(cur=curate_job.run(spark, config)))
        std, cur = summaries["std"]["topics"][0], summaries["cur"]["topics"][0]
        if std["outcome"] != "SUCCEEDED" or cur["outcome"] != "SUCCEEDED":
            raise RuntimeError(f"bench run failed: {std.get('error')} {cur.get('error')}")
    finally:
        if spark is not None:
            spark.stop()
        endpoint.stop()
        shutil.rmtree(workdir, ignore_errors=True)

    def rate(seconds: float) -> str:
        return f"{ROWS / seconds:,.0f}"

    print("## Glue jobs on local Spark + Iceberg (bench-glue.py)")
    print()
    print(
        f"{ROWS:,} generated RAW rows of one topic (~{DUPLICATE_SHARE:.0%} re-deliveries, ~1% CDE failures), "
        f"Spark 3.5.4 local[{os.environ.get('LEAN_OPS_SPARK_CORES', '2')}], Iceberg 1.7.1, Glue catalog on moto, "
        f"warehouse on local disk, {platform.machine()}. Rows/s = input rows / wall time of the step."
    )
    print()
    print("| step | seconds | rows/s | vs JSON read → write | vs Iceberg read → write |")
    print("|---|---:|---:|---:|---:|")
    print(f"| baseline: Spark JSON read (inferred) → Iceberg write of the payloads | {json_s:.1f} | {rate(json_s)} | 1.00× | |")
    print(f"| baseline: Spark Iceberg read → write of the RAW rows | {plain_s:.1f} | {rate(plain_s)} | | 1.00× |")
    for label, seconds in (
        ("standardize (discover keys, parse, flatten, dedup, write)", std_s),
        ("curate (cast, CDE checks, write + rejects)", cur_s),
    ):
        print(f"| {label} | {seconds:.1f} | {rate(seconds)} | {json_s / seconds:.2f}× | {plain_s / seconds:.2f}× |")
    print(f"| pyiceberg append of the RAW rows (local RAW writer) | {load_s:.1f} | {rate(load_s)} | | |")
    print()
    print(
        f"standardize: {std['rows_in']:,} in, {std['duplicates_removed']:,} duplicates removed, "
        f"{std['rows_written']:,} written; curate: {cur['rows_written']:,} curated, {cur['rows_rejected']:,} rejected. "
        "Target: standardize ≥ 0.5× the plain read → write; standardize parses every payload twice "
        "(key discovery over all rows, then the typed-as-text parse), like Spark's own JSON reader, so the JSON "
        "baseline is the like-for-like one."
    )
    print()
    print(f"Load average during the run (shared machine): {load_before} at start, {os.getloadavg()[0]:.1f} at end.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
