"""Keep-last dedup within a batch and across runs, late arrivals, and curate seeing corrections
that standardize wrote with MERGE (overwrite snapshots an append-only scan would skip)."""

from lake_harness import envelope, topic_result

TOPIC = "meter-readings"


def reading(reading_id: int, measured_at: str, value: float, device: str = "dev-1") -> dict:
    return {"device_id": device, "reading_id": reading_id, "measured_at": measured_at, "unit": "kWh", "sensor": {"value": value}}


def by_reading(rows: list[dict]) -> dict:
    return {(row["device_id"], str(row["reading_id"])): row for row in rows}


def test_keep_last_keeps_greatest_order_by_within_and_across_runs_and_curate_sees_corrections(lake):
    # Prepare: reading 1 arrives twice in one batch (a correction measured later arrives first)
    lake.land(TOPIC, [
        envelope(TOPIC, reading(1, "2026-11-20T08:00:05Z", 20.5), minute=1),
        envelope(TOPIC, reading(1, "2026-11-20T08:00:00Z", 19.0), minute=2),
        envelope(TOPIC, reading(2, "2026-11-20T08:00:00Z", 7.0), minute=2),
    ])

    # Act: first standardize + curate
    first = topic_result(lake.standardize([TOPIC]), TOPIC)
    lake.curate([TOPIC])

    # Assess: the greatest measured_at wins inside the batch, whatever the arrival order
    assert first["outcome"] == "SUCCEEDED"
    assert (first["rows_in"], first["duplicates_in_batch"], first["rows_written"]) == (3, 1, 2)
    assert by_reading(lake.standardized(TOPIC))[("dev-1", "1")]["sensor__value"] == "20.5"

    # Act: a later correction of reading 1 and a late, older version of reading 2
    lake.land(TOPIC, [
        envelope(TOPIC, reading(1, "2026-11-20T09:30:00+01:00", 21.0), minute=10),  # 08:30Z: newer
        envelope(TOPIC, reading(2, "2026-11-20T07:59:59Z", 6.0), minute=11),  # older than stored
    ])
    second = topic_result(lake.standardize([TOPIC]), TOPIC)
    curated = topic_result(lake.curate([TOPIC]), TOPIC)

    # Assess: typed comparison (an offset timestamp is newer), the late arrival does not overwrite
    assert (second["rows_in"], second["duplicates_across_runs"], second["rows_written"]) == (2, 1, 1)
    assert second["duplicates_removed"] == 1
    std = by_reading(lake.standardized(TOPIC))
    assert len(std) == 2
    assert std[("dev-1", "1")]["sensor__value"] == "21.0"
    assert std[("dev-1", "2")]["sensor__value"] == "7.0"
    # curate's increment holds exactly the corrected row, and curated shows the correction
    assert (curated["rows_in"], curated["rows_written"], curated["rows_rejected"]) == (1, 1, 0)
    rows = by_reading(lake.curated(TOPIC))
    assert rows[("dev-1", "1")]["sensor__value"] == 21.0
    assert rows[("dev-1", "2")]["sensor__value"] == 7.0
    assert len(rows) == 2


def test_uncastable_order_by_ranks_below_any_typed_value(lake):
    # Prepare: the stored version has a valid timestamp; a later arrival's orderBy is garbage
    lake.land(TOPIC, [envelope(TOPIC, reading(5, "2026-11-20T08:00:00Z", 1.0), minute=1)])
    lake.standardize([TOPIC])
    lake.land(TOPIC, [envelope(TOPIC, reading(5, "yesterday", 2.0), minute=5)])

    # Act
    result = topic_result(lake.standardize([TOPIC]), TOPIC)

    # Assess: the typed value is kept; the garbage version counts as a duplicate, not a winner
    assert result["duplicates_across_runs"] == 1
    assert by_reading(lake.standardized(TOPIC))[("dev-1", "5")]["sensor__value"] == "1.0"
