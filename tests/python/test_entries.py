"""The Glue entries as the local Step Functions runner spawns them (docs/glue-jobs.md)."""

import json
import os
import subprocess
import sys
from pathlib import Path

from lake_harness import envelope

ROOT = Path(__file__).resolve().parents[2]
TOPIC = "door-openings"


def run_entry(script: str, args: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "glue-jobs" / script), *args],
        capture_output=True, text=True, env=env, timeout=600, check=False,
    )


def test_invalid_arguments_exit_2_naming_the_argument_without_starting_spark():
    result = run_entry("standardize.py", ["--topics", "Bad.Topic"], dict(os.environ))
    assert result.returncode == 2
    assert "--" in result.stderr and result.stdout == ""


def test_local_entries_run_both_jobs_and_write_the_summaries(lake, warehouse, tmp_path):
    # Prepare
    lake.land(TOPIC, [envelope(TOPIC, {"event_id": "e1", "door": "tailgate", "occurred_at": "2026-11-20T08:00:00Z"})])
    env = {**os.environ, "LEAN_OPS_SHUFFLE_PARTITIONS": "1", "LEAN_OPS_SPARK_CORES": "1"}
    common = [
        "--topics", TOPIC, "--raw-database", lake.raw_db, "--standardized-database", lake.std_db,
        "--curated-database", lake.cur_db, "--checkpoint-table", lake.checkpoint_table,
        "--schemas-uri", str(lake.schemas_dir), "--warehouse", str(warehouse),
    ]

    # Act: one process runs both jobs' entries in sequence, as the local runner would
    std = run_entry("standardize.py", [*common, "--summary-uri", str(tmp_path / "std.json")], env)
    cur = run_entry("curate.py", [*common, "--summary-uri", str(tmp_path / "cur.json")], env)

    # Assess
    assert std.returncode == 0, std.stderr[-2000:]
    assert cur.returncode == 0, cur.stderr[-2000:]
    std_summary = json.loads((tmp_path / "std.json").read_text())
    assert json.loads(std.stdout.strip().splitlines()[-1]) == std_summary
    assert std_summary["topics"][0]["rows_written"] == 1
    assert json.loads((tmp_path / "cur.json").read_text())["topics"][0]["rows_written"] == 1
    assert [r["event_id"] for r in lake.curated(TOPIC)] == ["e1"]
