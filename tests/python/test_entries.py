"""The Glue entries as the local Step Functions runner spawns them (docs/glue-jobs.md)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from lake_harness import envelope, topic_result

ROOT = Path(__file__).resolve().parents[2]
TOPIC = "door-openings"


def run_entry(script: str, args: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "glue-jobs" / script), *args],
        capture_output=True, text=True, env=env, timeout=600, check=False,
    )


@pytest.mark.parametrize("script", ["standardize.py", "curate.py", "maintain.py", "audit.py"])
def test_invalid_arguments_exit_2_naming_the_argument_without_starting_spark(script):
    result = run_entry(script, ["--topics", "Bad.Topic"], dict(os.environ))
    assert result.returncode == 2
    assert "--" in result.stderr and result.stdout == ""


@pytest.mark.parametrize(
    ("option", "value"),
    [("--orphan-min-age-hours", "12"), ("--snapshot-min-age-hours", "-1"), ("--compact-raw", "yes"), ("--maintenance-interval-hours", "0")],
)
def test_invalid_maintenance_arguments_exit_2_naming_the_option(option, value):
    result = run_entry("maintain.py", ["--topics", TOPIC, option, value], dict(os.environ))
    assert result.returncode == 2
    assert option in result.stderr and result.stdout == ""


def test_local_standardize_entry_runs_the_job_and_writes_the_summary(lake, warehouse, tmp_path):
    # Prepare (one subprocess JVM only: each costs a Spark start; curate's run() is the same path)
    lake.land(TOPIC, [envelope(TOPIC, {"event_id": "e1", "door": "tailgate", "occurred_at": "2026-11-20T08:00:00Z"})])
    env = {**os.environ, "LEAN_OPS_SHUFFLE_PARTITIONS": "1", "LEAN_OPS_SPARK_CORES": "1"}
    args = [
        "--topics", f"{TOPIC},missing-topic", "--raw-database", lake.raw_db, "--standardized-database", lake.std_db,
        "--curated-database", lake.cur_db, "--checkpoint-table", lake.checkpoint_table,
        "--schemas-uri", str(lake.schemas_dir), "--warehouse", str(warehouse),
        "--summary-uri", str(tmp_path / "summaries" / "standardize.json"),
    ]

    # Act
    result = run_entry("standardize.py", args, env)

    # Assess: exit 1 because one topic failed; the other was processed; stdout == summary file
    assert result.returncode == 1, result.stderr[-2000:]
    summary = json.loads((tmp_path / "summaries" / "standardize.json").read_text())
    assert json.loads(result.stdout.strip().splitlines()[-1]) == summary
    assert topic_result(summary, TOPIC)["rows_written"] == 1
    assert "no topic file" in topic_result(summary, "missing-topic")["error"]
    curated = topic_result(lake.curate([TOPIC]), TOPIC)
    assert curated["rows_written"] == 1
