"""The dedup window (docs/schemas.md, Dedup window): with `dedup.windowDays`, standardize and
curate compare a batch only with stored rows that arrived up to that many days before the batch's
earliest row. Inside the window nothing changes; past it a copy is stored again, as documented."""

from lake_harness import CrashAfterCommit, envelope, topic_result
from lean_ops_glue.iceberg_tables import partition_fields, qualified
from lean_ops_glue.names import table_name_for_topic

FIRST = "door-openings"  # keep first
LAST = "meter-readings"  # keep last, orderBy measured_at
DAY = 24 * 60  # minutes


def layer_partitions(lake, topic: str) -> tuple[list[str], list[str]]:
    table = table_name_for_topic(topic)
    return tuple(partition_fields(lake.spark, qualified(db, table)) for db in (lake.std_db, lake.cur_db))


def with_window(lake, topic: str, days: int) -> None:
    document = lake.schema_document(topic)
    document["dedup"]["windowDays"] = days
    lake.write_schema(document)


def opening(event_id: str, door: str) -> dict:
    return {"event_id": event_id, "door": door, "occurred_at": "2026-11-20T08:00:00Z"}


def reading(reading_id: int, measured_at: str, value: float) -> dict:
    return {"device_id": "dev-1", "reading_id": reading_id, "measured_at": measured_at, "unit": "kWh", "sensor": {"value": value}}


def test_a_copy_inside_the_window_is_a_duplicate_and_one_past_it_is_stored_again(lake):
    # Prepare: a one-day window; e1 stored on day 0
    with_window(lake, FIRST, 1)
    original = envelope(FIRST, opening("e1", "front_left"), minute=0)
    lake.land(FIRST, [original])
    lake.standardize([FIRST])
    lake.curate([FIRST])

    # Act: a copy of e1 12 hours later, with a new event
    lake.land(FIRST, [
        dict(envelope(FIRST, opening("e1", "front_left"), minute=DAY // 2), message_id="copy-inside"),
        envelope(FIRST, opening("e2", "tailgate"), minute=DAY // 2),
    ])
    inside = topic_result(lake.standardize([FIRST]), FIRST)
    lake.curate([FIRST])

    # Assess: the copy is a duplicate across runs, as without a window; both tables by arrival day
    assert (inside["rows_in"], inside["duplicates_across_runs"], inside["rows_written"]) == (2, 1, 1)
    assert layer_partitions(lake, FIRST) == (["_ingested_at_day"], ["_ingested_at_day"])
    assert sorted(row["event_id"] for row in lake.curated(FIRST)) == ["e1", "e2"]

    # Act: a copy of e1 three days after the original, alone in its batch
    lake.land(FIRST, [dict(envelope(FIRST, opening("e1", "front_left"), minute=3 * DAY), message_id="copy-late")])
    late = topic_result(lake.standardize([FIRST]), FIRST)
    curated = topic_result(lake.curate([FIRST]), FIRST)

    # Assess: past the window it is a new row in both layers (the documented cost of the window)
    assert (late["rows_in"], late["duplicates_across_runs"], late["rows_written"]) == (1, 0, 1)
    assert sorted(row["_message_id"] for row in lake.standardized(FIRST) if row["event_id"] == "e1") == sorted(
        [original["message_id"], "copy-late"]
    )
    assert curated["rows_written"] == 1
    assert sorted(row["event_id"] for row in lake.curated(FIRST)) == ["e1", "e1", "e2"]


def test_a_rerun_after_a_crash_writes_nothing_twice_with_a_window(lake):
    # Prepare: a window, one committed run, then a range whose runs crash before checkpointing
    with_window(lake, FIRST, 2)
    lake.land(FIRST, [envelope(FIRST, opening("e1", "front_left"), minute=0)])
    lake.standardize([FIRST])
    lake.curate([FIRST])
    lake.land(FIRST, [envelope(FIRST, opening("e2", "tailgate"), minute=DAY)])
    crashing = CrashAfterCommit(lake.checkpoint_table)
    assert topic_result(lake.standardize([FIRST], checkpoints=crashing), FIRST)["outcome"] == "FAILED"
    assert topic_result(lake.curate([FIRST], checkpoints=crashing), FIRST)["outcome"] == "FAILED"

    # Act: the next runs re-read the same ranges
    rerun_std = topic_result(lake.standardize([FIRST]), FIRST)
    rerun_cur = topic_result(lake.curate([FIRST]), FIRST)

    # Assess: the window of a rerun starts where the crashed run's did, so its rows are matched
    assert (rerun_std["rows_written"], rerun_std["duplicates_across_runs"]) == (0, 1)
    assert rerun_cur["checkpoint_advanced"]
    assert sorted(row["event_id"] for row in lake.standardized(FIRST)) == ["e1", "e2"]
    assert sorted(row["event_id"] for row in lake.curated(FIRST)) == ["e1", "e2"]


def test_a_window_set_later_partitions_the_tables_and_corrections_still_replace_rows(lake):
    # Prepare: reading 1 stored without a window (unpartitioned tables), then a 7-day window
    lake.land(LAST, [envelope(LAST, reading(1, "2026-11-20T08:00:00Z", 19.0), minute=0)])
    lake.standardize([LAST])
    lake.curate([LAST])
    assert layer_partitions(lake, LAST) == ([], [])
    with_window(lake, LAST, 7)

    # Act: a correction two days later
    lake.land(LAST, [envelope(LAST, reading(1, "2026-11-22T08:00:00Z", 21.0), minute=2 * DAY)])
    corrected = topic_result(lake.standardize([LAST]), LAST)
    lake.curate([LAST])

    # Assess: partitioned from now on; replaced, one row per key in standardized and curated
    assert layer_partitions(lake, LAST) == (["_ingested_at_day"], ["_ingested_at_day"])
    assert corrected["rows_written"] == 1
    assert [row["sensor__value"] for row in lake.standardized(LAST)] == ["21.0"]
    assert len(lake.curated(LAST)) == 1
