"""Run-level behaviour of both jobs: empty increments, crash recovery, rebuild parity, isolation
of a failing topic, schema evolution."""

from lean_ops_glue.iceberg_tables import TABLE_PROPERTIES, qualified
from lake_harness import CrashAfterCommit, envelope, topic_result

READINGS = "meter-readings"
DOORS = "door-openings"


def reading(reading_id: int, minute: int, value: float, **extra) -> dict:
    return {
        "device_id": "dev-1",
        "reading_id": reading_id,
        "measured_at": f"2026-11-20T08:{minute:02d}:00Z",
        "unit": "kWh",
        "sensor": {"value": value},
        **extra,
    }


def test_empty_increment_is_a_no_op_that_keeps_the_checkpoint(lake):
    # Prepare
    lake.land(READINGS, [envelope(READINGS, reading(1, 0, 1.0), minute=1)])
    lake.standardize([READINGS])
    lake.curate([READINGS])
    std_checkpoint, cur_checkpoint = lake.checkpoint(READINGS, "standardized"), lake.checkpoint(READINGS, "curated")
    std_rows = lake.standardized(READINGS)

    # Act
    std = topic_result(lake.standardize([READINGS]), READINGS)
    cur = topic_result(lake.curate([READINGS]), READINGS)

    # Assess
    assert (std["outcome"], std["checkpoint_advanced"], std["rows_in"]) == ("NO_NEW_DATA", False, 0)
    assert (cur["outcome"], cur["checkpoint_advanced"]) == ("NO_NEW_DATA", False)
    assert lake.checkpoint(READINGS, "standardized") == std_checkpoint
    assert lake.checkpoint(READINGS, "curated") == cur_checkpoint
    assert lake.standardized(READINGS) == std_rows


def test_crash_between_write_and_checkpoint_then_rerun_gives_no_duplicates(lake):
    # Prepare: one committed run, then a second increment whose runs crash before checkpointing
    lake.land(READINGS, [envelope(READINGS, reading(1, 0, 1.0), minute=1)])
    lake.standardize([READINGS])
    lake.curate([READINGS])
    lake.land(READINGS, [
        envelope(READINGS, reading(1, 5, 2.0), minute=6),  # correction of reading 1
        envelope(READINGS, reading(2, 5, 3.0), minute=6),
    ])
    crashed_std = topic_result(lake.standardize([READINGS], checkpoints=CrashAfterCommit(lake.checkpoint_table)), READINGS)
    crashed_cur = topic_result(lake.curate([READINGS], checkpoints=CrashAfterCommit(lake.checkpoint_table)), READINGS)
    assert crashed_std["outcome"] == crashed_cur["outcome"] == "FAILED"
    assert "injected crash" in crashed_std["error"]

    # Act: the orchestrator's next run re-reads the same ranges
    rerun_std = topic_result(lake.standardize([READINGS]), READINGS)
    rerun_cur = topic_result(lake.curate([READINGS]), READINGS)

    # Assess: nothing is written twice, and the checkpoints now cover the range
    assert (rerun_std["rows_in"], rerun_std["rows_written"], rerun_std["duplicates_across_runs"]) == (2, 0, 2)
    assert rerun_std["checkpoint_advanced"] and rerun_cur["checkpoint_advanced"]
    std = sorted((r["reading_id"], r["sensor__value"]) for r in lake.standardized(READINGS))
    assert std == [("1", "2.0"), ("2", "3.0")]
    cur = sorted((r["reading_id"], r["sensor__value"]) for r in lake.curated(READINGS))
    assert cur == [(1, 2.0), (2, 3.0)]


def test_rebuild_equals_incremental_on_the_same_data(lake):
    # Prepare: three increments with in-batch and cross-run duplicates, corrections, a reject
    batches = [
        [envelope(READINGS, reading(1, 0, 1.0), minute=1), envelope(READINGS, reading(1, 1, 1.1), minute=2)],
        [envelope(READINGS, reading(1, 3, 1.3), minute=5), envelope(READINGS, reading(2, 0, 2.0), minute=5),
         envelope(READINGS, reading(3, 0, 3.0, unit=None), minute=5)],
        [envelope(READINGS, reading(2, 0, 2.0), minute=9), envelope(READINGS, reading(1, 2, 9.9), minute=9),
         envelope(READINGS, reading(4, 1, 4.0, extra={"x": 1}), minute=9)],
    ]
    for batch in batches:
        lake.land(READINGS, batch)
        lake.standardize([READINGS])
        lake.curate([READINGS])
    volatile = {"_std_seq", "_standardized_at", "_curated_at"}

    def snapshot_of(rows):
        return sorted(({k: v for k, v in r.items() if k not in volatile} for r in rows), key=lambda r: r["_dedup_key"])

    incremental_std, incremental_cur = snapshot_of(lake.standardized(READINGS)), snapshot_of(lake.curated(READINGS))

    # Act
    std = topic_result(lake.standardize([READINGS], mode="rebuild"), READINGS)
    cur = topic_result(lake.curate([READINGS], mode="rebuild"), READINGS)

    # Assess
    assert std["outcome"] == cur["outcome"] == "SUCCEEDED"
    assert std["rows_in"] == 8 and std["duplicates_in_batch"] == 4
    assert snapshot_of(lake.standardized(READINGS)) == incremental_std
    assert snapshot_of(lake.curated(READINGS)) == incremental_cur
    assert [(r["reading_id"], r["sensor__value"]) for r in incremental_cur] == [(1, 1.3), (2, 2.0), (4, 4.0)]
    assert len(lake.curated_errors(READINGS)) == 1


def test_one_failing_topic_does_not_stop_the_others(lake):
    # Prepare: the schema of one topic is broken, another topic is healthy
    lake.land(DOORS, [envelope(DOORS, {"event_id": "e1", "door": "tailgate", "occurred_at": "2026-11-20T08:00:00Z"})])
    lake.land(READINGS, [envelope(READINGS, reading(1, 0, 1.0))])
    broken = lake.schema_document(READINGS)
    broken["dedup"] = {"key": ["not_declared"], "keep": "first"}
    lake.write_schema(broken)

    # Act
    summary = lake.standardize([READINGS, DOORS, "no-such-topic"])

    # Assess
    assert summary["outcomes"] == {"SUCCEEDED": 1, "NO_NEW_DATA": 0, "FAILED": 2}
    assert "dedup.key" in topic_result(summary, READINGS)["error"]
    assert topic_result(summary, DOORS)["outcome"] == "SUCCEEDED"
    assert lake.checkpoint(READINGS, "standardized") is None
    assert [r["event_id"] for r in lake.standardized(DOORS)] == ["e1"]


def test_new_fields_become_columns_drift_is_reported_and_declared_ones_reach_curated(lake):
    # Prepare
    lake.land(READINGS, [envelope(READINGS, reading(1, 0, 1.0), minute=1)])
    lake.standardize([READINGS])
    lake.curate([READINGS])
    lake.land(READINGS, [envelope(READINGS, reading(2, 1, 2.0, firmware={"build": 42}, tags=["a", "b"]), minute=2)])

    # Act: the payload grows two undeclared fields
    std = topic_result(lake.standardize([READINGS]), READINGS)

    # Assess: new nullable string columns, existing rows keep NULL, arrays stay JSON text
    assert std["new_columns"] == ["firmware__build", "tags"]
    assert std["drift"] == ["firmware.build", "tags"]
    rows = {r["reading_id"]: r for r in lake.standardized(READINGS)}
    assert rows["2"]["tags"] == '["a","b"]' and rows["1"]["tags"] is None

    # Act: the schema declares firmware.build (version 2), curate evolves the curated table
    document = lake.schema_document(READINGS)
    document["version"] = 2
    document["fields"]["firmware.build"] = {"type": "int", "nullable": True, "cde": False, "description": "x"}
    lake.write_schema(document)
    cur = topic_result(lake.curate([READINGS]), READINGS)

    # Assess
    assert cur["new_columns"] == ["firmware__build"]
    assert {r["reading_id"]: r["firmware__build"] for r in lake.curated(READINGS)} == {1: None, 2: 42}


def _properties(lake, name: str) -> dict[str, str]:
    return {row["key"]: row["value"] for row in lake.spark.sql(f"SHOW TBLPROPERTIES {name}").collect()}


def test_tables_the_jobs_write_keep_few_metadata_files_and_older_tables_converge(lake):
    # Iceberg keeps every old metadata.json unless told to delete them: a table committed every
    # 15 minutes would gather tens of thousands a year. Tables created before the properties get
    # them on their next run, without a snapshot (the commit sequence check still holds).
    lake.land(READINGS, [envelope(READINGS, reading(1, 0, 1.0), minute=1)])
    lake.standardize([READINGS])
    lake.curate([READINGS])
    written = [
        qualified(lake.std_db, "meter_readings"),
        qualified(lake.cur_db, "meter_readings"),
        qualified(lake.cur_db, "curated_errors"),
    ]
    for name in written:
        assert TABLE_PROPERTIES.items() <= _properties(lake, name).items(), name

    for name in written:
        lake.spark.sql(
            f"ALTER TABLE {name} UNSET TBLPROPERTIES "
            "('write.metadata.delete-after-commit.enabled', 'write.metadata.previous-versions-max')"
        )
    lake.land(READINGS, [envelope(READINGS, reading(2, 5, 2.0), minute=6)])
    std = topic_result(lake.standardize([READINGS]), READINGS)
    cur = topic_result(lake.curate([READINGS]), READINGS)

    assert (std["outcome"], cur["outcome"]) == ("SUCCEEDED", "SUCCEEDED"), (std, cur)
    for name in written:
        assert TABLE_PROPERTIES.items() <= _properties(lake, name).items(), name
