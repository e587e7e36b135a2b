"""Keep-first dedup within a batch and across runs, including a DLQ replay of the same message."""

from datetime import datetime, timezone

from lake_harness import envelope, epoch_micros, topic_result

TOPIC = "door-openings"


def opening(event_id: str, door: str) -> dict:
    return {"event_id": event_id, "door": door, "occurred_at": "2026-11-20T08:00:00Z"}


def test_keep_first_keeps_earliest_arrival_within_and_across_runs_including_dlq_replay(lake):
    # Prepare: e1 twice in one batch (the later arrival is listed first), e2 once
    original = envelope(TOPIC, opening("e1", "front_left"), minute=1)
    lake.land(TOPIC, [
        envelope(TOPIC, opening("e1", "SECOND"), minute=3),
        original,
        envelope(TOPIC, opening("e2", "tailgate"), minute=2),
    ])

    # Act
    first = topic_result(lake.standardize([TOPIC]), TOPIC)

    # Assess
    assert (first["rows_in"], first["duplicates_in_batch"], first["rows_written"]) == (3, 1, 2)
    assert {r["event_id"]: r["door"] for r in lake.standardized(TOPIC)} == {"e1": "front_left", "e2": "tailgate"}

    # Act: a DLQ replay re-delivers e1 verbatim under a new SQS message id, later
    replay = dict(original, message_id="replayed-1", ingested_at=epoch_micros(datetime(2026, 11, 20, 9, tzinfo=timezone.utc)))
    lake.land(TOPIC, [replay, envelope(TOPIC, opening("e3", "rear_left"), minute=70)])
    second = topic_result(lake.standardize([TOPIC]), TOPIC)
    curated = topic_result(lake.curate([TOPIC]), TOPIC)

    # Assess: the replay is a duplicate across runs; the first arrival's row is untouched
    assert (second["rows_in"], second["duplicates_across_runs"], second["rows_written"]) == (2, 1, 1)
    std = {r["event_id"]: r for r in lake.standardized(TOPIC)}
    assert len(std) == 3
    assert std["e1"]["_message_id"] == original["message_id"]
    assert curated["rows_written"] == 3
    assert sorted(r["event_id"] for r in lake.curated(TOPIC)) == ["e1", "e2", "e3"]
