"""Table maintenance (lean_ops_glue/maintain_job.py): expiry never overtakes a checkpoint nor
touches a paused topic, compaction commits never fail a run or lose a row, and maintenance keeps a
table's snapshots and files bounded."""

import os
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlparse

import pytest

import boto3
import raw_writer
from lean_ops_glue import iceberg_tables, maintain_job, standardize_job
from lean_ops_glue.iceberg_tables import qualified
from lean_ops_glue.maintenance import COMPACTION_MIN_INPUT_FILES, MaintenancePolicy, raw_expiry_cutoff
from lake_harness import envelope, topic_result

READINGS = "meter-readings"
TABLE = "meter_readings"
#: Compressed time: any snapshot older than now may go (orphans: the shortest age Iceberg allows).
NO_MIN_AGE = MaintenancePolicy(snapshot_min_age=timedelta(0), orphan_min_age=timedelta(days=1))


def reading(reading_id: int, value: float) -> dict:
    return {
        "device_id": "dev-1",
        "reading_id": reading_id,
        "measured_at": f"2026-11-20T08:{reading_id % 60:02d}:00Z",
        "unit": "kWh",
        "sensor": {"value": value},
    }


def land_readings(lake, first_id: int, commits: int) -> None:
    """One RAW commit per reading, ids first_id.. (what Firehose does once per buffer flush)."""
    for offset in range(commits):
        lake.land(READINGS, [envelope(READINGS, reading(first_id + offset, float(first_id + offset)), minute=offset)])


def maintain(lake, policy: MaintenancePolicy = NO_MIN_AGE, **extra) -> dict:
    summary = maintain_job.run(lake.spark, lake.config([READINGS]), policy, lake.store(), **extra)
    return topic_result(summary, READINGS)


def snapshot_ids(lake, database: str) -> list[int]:
    name = qualified(database, TABLE)
    rows = lake.spark.sql(f"SELECT snapshot_id FROM {name}.snapshots ORDER BY committed_at").collect()
    return [row["snapshot_id"] for row in rows]


def test_raw_expiry_cutoff_is_the_earlier_of_age_and_checkpoint_and_nothing_when_paused():
    now = datetime(2026, 12, 6, 12, tzinfo=timezone.utc)
    policy = MaintenancePolicy(snapshot_min_age=timedelta(days=1))
    recent_checkpoint, old_checkpoint = now - timedelta(hours=2), now - timedelta(days=9)

    assert raw_expiry_cutoff(now, policy, recent_checkpoint, paused=False) == now - timedelta(days=1)
    assert raw_expiry_cutoff(now, policy, old_checkpoint, paused=False) == old_checkpoint
    assert raw_expiry_cutoff(now, policy, recent_checkpoint, paused=True) is None
    assert raw_expiry_cutoff(now, policy, None, paused=False) is None


def test_orphans_are_removed_only_when_older_than_the_policy_allows():
    with pytest.raises(ValueError, match="orphan_min_age"):
        MaintenancePolicy(orphan_min_age=timedelta(hours=23))


def test_unreferenced_files_older_than_the_orphan_age_are_removed_and_younger_ones_kept(lake):
    land_readings(lake, 1, 2)
    lake.standardize([READINGS])
    location = iceberg_tables._load(lake.spark, qualified(lake.std_db, TABLE)).location()
    data_dir = Path(urlparse(location).path) / "data"
    old_orphan, young_orphan = data_dir / "failed-write-old.parquet", data_dir / "failed-write-young.parquet"
    for orphan in (old_orphan, young_orphan):
        orphan.write_bytes(b"PAR1")
    four_days_ago = time.time() - 4 * 86400
    os.utime(old_orphan, (four_days_ago, four_days_ago))

    result = maintain(lake)

    assert result["maintenance"]["standardized"]["orphans_removed"] == 1, result
    assert not old_orphan.exists() and young_orphan.exists()


def test_raw_expiry_stops_at_the_standardized_checkpoint_and_the_next_run_reads_everything_after_it(lake):
    # Prepare: three commits standardized, two more waiting
    land_readings(lake, 1, 3)
    lake.standardize([READINGS])
    checkpoint = lake.checkpoint(READINGS, "standardized")
    land_readings(lake, 4, 2)
    before = snapshot_ids(lake, lake.raw_db)

    # Act
    result = maintain(lake)
    std = topic_result(lake.standardize([READINGS]), READINGS)

    # Assess: the checkpoint's snapshot and the two after it stay; the run reads exactly the two
    assert result["outcome"] == "SUCCEEDED", result
    stamp = boto3.client("dynamodb").get_item(
        TableName=lake.checkpoint_table, Key={"topic": {"S": READINGS}, "layer": {"S": "maintenance"}}
    )["Item"]
    assert datetime.fromisoformat(stamp["maintained_at"]["S"]) > datetime.now(timezone.utc) - timedelta(minutes=5)
    remaining = snapshot_ids(lake, lake.raw_db)
    assert not set(before[:2]) & set(remaining)
    assert before[2] == checkpoint.snapshot_id and set(before[2:]) <= set(remaining)
    properties = {
        row["key"]: row["value"] for row in lake.spark.sql(f"SHOW TBLPROPERTIES {qualified(lake.raw_db, TABLE)}").collect()
    }
    assert properties["write.metadata.delete-after-commit.enabled"] == "true"
    assert (std["outcome"], std["rows_in"], std["rows_written"]) == ("SUCCEEDED", 2, 2), std
    assert sorted(int(r["reading_id"]) for r in lake.standardized(READINGS)) == [1, 2, 3, 4, 5]


def test_a_topic_never_standardized_keeps_all_raw_history(lake):
    land_readings(lake, 1, 3)
    before = snapshot_ids(lake, lake.raw_db)

    result = maintain(lake)

    assert "expired_before" not in result["maintenance"]["raw"]
    assert set(before) <= set(snapshot_ids(lake, lake.raw_db))


def test_a_paused_topic_is_left_alone(lake):
    # Prepare: the rebuilder's pause on a topic with expirable history
    land_readings(lake, 1, 3)
    lake.standardize([READINGS])
    land_readings(lake, 4, 1)
    boto3.client("dynamodb").put_item(
        TableName=lake.checkpoint_table,
        Item={"topic": {"S": READINGS}, "layer": {"S": "control"}, "paused": {"BOOL": True}},
    )
    raw_before, std_before = snapshot_ids(lake, lake.raw_db), snapshot_ids(lake, lake.std_db)

    # Act
    result = maintain(lake)

    # Assess
    assert result["outcome"] == "NO_NEW_DATA" and "paused" in result["maintenance"]["skipped"]
    assert "Item" not in boto3.client("dynamodb").get_item(
        TableName=lake.checkpoint_table, Key={"topic": {"S": READINGS}, "layer": {"S": "maintenance"}}
    )
    assert snapshot_ids(lake, lake.raw_db) == raw_before
    assert snapshot_ids(lake, lake.std_db) == std_before


def test_a_vanished_checkpoint_snapshot_fails_the_topic_with_the_way_out(lake):
    land_readings(lake, 1, 2)
    lake.standardize([READINGS])
    land_readings(lake, 3, 2)
    raw = qualified(lake.raw_db, TABLE)
    lake.spark.sql(
        f"CALL glue_catalog.system.expire_snapshots(table => '{lake.raw_db}.{TABLE}', "
        f"older_than => TIMESTAMP '2999-01-01 00:00:00', retain_last => 1)"
    )
    assert len(lake.spark.sql(f"SELECT * FROM {raw}.snapshots").collect()) == 1

    result = maintain(lake)
    std = topic_result(lake.standardize([READINGS]), READINGS)

    assert result["outcome"] == "FAILED" and "rebuilder" in result["error"], result
    assert std["outcome"] == "FAILED" and "--mode rebuild" in std["error"], std


def test_raw_compaction_between_runs_moves_no_row_and_counts_nothing_twice(lake):
    # Prepare: six small RAW commits standardized, two more waiting
    land_readings(lake, 1, 6)
    lake.standardize([READINGS])
    lake.curate([READINGS])
    land_readings(lake, 7, 2)

    # Act: the local stand-in for the managed compaction optimizer, then the next cycle
    result = maintain(lake, MaintenancePolicy(snapshot_min_age=timedelta(0), compact_raw=True))
    std = topic_result(lake.standardize([READINGS]), READINGS)
    cur = topic_result(lake.curate([READINGS]), READINGS)

    # Assess
    assert result["maintenance"]["raw"]["compacted_files"] >= 5, result
    assert (std["rows_in"], std["rows_written"], std["duplicates_removed"]) == (2, 2, 0), std
    assert cur["outcome"] == "SUCCEEDED"
    assert sorted(r["reading_id"] for r in lake.curated(READINGS)) == list(range(1, 9))


def test_a_compaction_commit_during_a_standardize_run_does_not_fail_it(lake, monkeypatch):
    # Prepare: a standardized table with a few files, and a new RAW commit
    for first in (1, 2, 3):
        land_readings(lake, first, 1)
        lake.standardize([READINGS])
    lake.curate([READINGS])
    land_readings(lake, 4, 1)
    merge = standardize_job._merge

    def compaction_then_merge(spark, schema, source, std_name, *rest):
        # after the rows were stamped with the next sequence number, before the MERGE commits
        spark.sql(
            f"CALL glue_catalog.system.rewrite_data_files(table => '{std_name.split('.', 1)[1]}', "
            "options => map('rewrite-all', 'true'))"
        )
        merge(spark, schema, source, std_name, *rest)

    monkeypatch.setattr(standardize_job, "_merge", compaction_then_merge)

    # Act
    std = topic_result(lake.standardize([READINGS]), READINGS)
    monkeypatch.undo()
    cur = topic_result(lake.curate([READINGS]), READINGS)

    # Assess: the run succeeded past the replace commit, and curate found the stamped row
    assert std["outcome"] == "SUCCEEDED", std
    operations = [
        row["operation"]
        for row in lake.spark.sql(
            f"SELECT operation FROM {qualified(lake.std_db, TABLE)}.snapshots ORDER BY committed_at"
        ).collect()
    ]
    assert operations[-2] == "replace"
    assert (cur["outcome"], cur["rows_in"]) == ("SUCCEEDED", 1), cur
    assert sorted(r["reading_id"] for r in lake.curated(READINGS)) == [1, 2, 3, 4]


def test_another_writer_between_stamp_and_commit_still_fails_the_run(lake, monkeypatch):
    land_readings(lake, 1, 1)
    lake.standardize([READINGS])
    land_readings(lake, 2, 1)
    merge = standardize_job._merge

    def foreign_write_then_merge(spark, schema, source, std_name, *rest):
        spark.table(std_name).limit(1).writeTo(std_name).append()  # an append: not a compaction
        merge(spark, schema, source, std_name, *rest)

    monkeypatch.setattr(standardize_job, "_merge", foreign_write_then_merge)

    std = topic_result(lake.standardize([READINGS]), READINGS)

    assert std["outcome"] == "FAILED" and "ConcurrentWriteError" in std["error"], std


def test_maintenance_keeps_snapshots_and_files_bounded_while_commits_go_on(lake):
    # Prepare/act: cycles of commits, runs and maintenance, as in weeks of operation
    healths = []
    for cycle in range(3):
        land_readings(lake, 1 + cycle * 6, 6)
        lake.standardize([READINGS])
        lake.curate([READINGS])
        result = maintain(lake, MaintenancePolicy(snapshot_min_age=timedelta(0), compact_raw=True))
        healths.append(result["maintenance"])

    # Assess: after 6, 12 and 18 commits each layer is down to a few snapshots (the checkpoint's,
    # compaction's, the manifest rewrite's) and fewer files than compaction waits for
    for health in healths:
        for layer in ("raw", "standardized", "curated"):
            assert health[layer]["health"]["snapshots"] <= 3, health
            assert health[layer]["health"]["data_files"] < COMPACTION_MIN_INPUT_FILES, health
    assert sorted(r["reading_id"] for r in lake.curated(READINGS)) == list(range(1, 19))


def test_the_shared_error_tables_are_maintained_by_one_run_per_interval(lake):
    land_readings(lake, 1, 1)
    lake.standardize([READINGS])
    lake.curate([READINGS])
    raw_writer.ensure_tables("unused", lake.raw_db, ["raw_errors"], catalog=lake.catalog)

    first = maintain_job.run(lake.spark, lake.config([READINGS]), NO_MIN_AGE, lake.store(), shared_tables=True)
    second = maintain_job.run(lake.spark, lake.config([READINGS]), NO_MIN_AGE, lake.store(), shared_tables=True)

    assert set(first["shared"]) == {"curated_errors", "raw_errors"}, first.get("shared")
    assert "shared" not in second
