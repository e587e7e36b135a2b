"""The audit job (docs/audit.md): from what a deployment holds — tables, DLQ index, Firehose's
error output, checkpoints — every message of a topic and hour gets one state, and each injected
problem makes its cell BROKEN (loss, double count, missing RAW record) or PENDING (checkpoint
behind, delivery failure not replayed), naming the message ids."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import timedelta

import boto3
import pytest
from lake_harness import BASE_TIME, envelope
from lean_ops_glue import audit_job
from lean_ops_glue.config import AuditArgs
from lean_ops_glue.iceberg_tables import qualified
from lean_ops_glue.names import table_name_for_topic

TOPIC = "door-openings"  # keep first, key event_id, every field a CDE


def opening(event_id: str, door: str | None = "front_left") -> dict:
    return {"event_id": event_id, "door": door, "occurred_at": "2026-11-20T08:00:00Z"}


@pytest.fixture
def places(lake):
    """The DLQ index table and archive bucket of this test, as Terraform creates them."""
    suffix = uuid.uuid4().hex[:8]
    index, bucket = f"{lake.prefix}-dlq-index", f"{lake.prefix.replace('_', '-')}-archive-{suffix}"
    boto3.client("dynamodb").create_table(
        TableName=index,
        KeySchema=[{"AttributeName": "topic", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "topic", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    boto3.client("s3").create_bucket(Bucket=bucket)
    return index, bucket


def dead_letter(index: str, message_id: str, minute: int, status: str = "ARCHIVED") -> None:
    sent = (BASE_TIME + timedelta(minutes=minute)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    boto3.client("dynamodb").put_item(TableName=index, Item={
        "topic": {"S": TOPIC}, "sk": {"S": f"{sent}#{message_id}"}, "message_id": {"S": message_id},
        "status": {"S": status}, "sent_at": {"S": sent},
    })


def undelivered(bucket: str, record: dict) -> None:
    line = json.dumps({"errorCode": "Iceberg.SchemaMismatch", "rawData": base64.b64encode(json.dumps(record).encode()).decode()})
    boto3.client("s3").put_object(Bucket=bucket, Key=f"firehose-errors/IcebergFailed/dt=2026-11-20/{uuid.uuid4().hex}.json", Body=line + "\n")


def audit(lake, places, hours: int = 2) -> dict[str, dict]:
    """Runs the audit job over BASE_TIME's hour and the next; the cells by hour."""
    index, bucket = places
    result = lake.root / f"audit-{uuid.uuid4().hex[:6]}.json"
    span = AuditArgs(BASE_TIME - timedelta(hours=0), BASE_TIME + timedelta(hours=hours), index, bucket, str(result), 5)
    summary = audit_job.run(lake.spark, lake.config([TOPIC]), span, lake.store())
    assert summary["outcomes"]["FAILED"] == 0, summary
    document = json.loads(result.read_text())
    return {cell["hour"][11:13]: cell for cell in document["cells"] if cell["topic"] == TOPIC}


def processed(lake) -> None:
    lake.standardize([TOPIC])
    lake.curate([TOPIC])


def test_every_terminal_state_is_found_from_the_deployment_alone(lake, places):
    # Prepare: in hour 08 a survivor, its duplicate, a CDE rejection, a drop and a dead letter;
    # in hour 09 one more survivor
    index, _bucket = places
    first = envelope(TOPIC, opening("e1"), minute=1)
    lake.land(TOPIC, [first, envelope(TOPIC, opening("e1"), minute=5), envelope(TOPIC, opening("e2", door=None), minute=6)])
    lake.land("raw_errors", [envelope(TOPIC, "not json", minute=7, error={"code": "NOT_JSON", "reason": "x"})])
    dead_letter(index, "dead-1", minute=8)
    lake.land(TOPIC, [envelope(TOPIC, opening("e3"), minute=65)])
    processed(lake)

    # Act
    cells = audit(lake, places)

    # Assess: every message is in one terminal state and both hours reconcile
    assert cells["08"]["states"] == {"CURATED": 1, "DUPLICATE": 1, "CDE_REJECTED": 1, "DROPPED": 1, "DEAD_LETTERED": 1}
    assert cells["09"]["states"] == {"CURATED": 1}
    assert [cells[h]["verdict"] for h in ("08", "09")] == ["RECONCILED", "RECONCILED"]


def test_a_deleted_curated_row_is_lost_and_a_doubled_one_double_counted(lake, places):
    # Prepare: three events processed; then one curated row deleted and another inserted twice
    kept, gone, doubled = (envelope(TOPIC, opening(f"e{n}"), minute=n) for n in (1, 2, 3))
    lake.land(TOPIC, [kept, gone, doubled])
    processed(lake)
    curated = qualified(lake.cur_db, table_name_for_topic(TOPIC))
    lake.spark.sql(f"DELETE FROM {curated} WHERE _message_id = '{gone['message_id']}'")
    lake.spark.sql(f"INSERT INTO {curated} SELECT * FROM {curated} WHERE _message_id = '{doubled['message_id']}'")

    # Act
    cell = audit(lake, places)["08"]

    # Assess: both problems named by message id, the cell broken
    assert cell["states"] == {"CURATED": 1, "LOST": 1, "DOUBLE_COUNTED": 1}
    assert cell["examples"] == {"LOST": [gone["message_id"]], "DOUBLE_COUNTED": [doubled["message_id"]]}
    assert cell["verdict"] == "BROKEN"


def test_a_deleted_raw_row_breaks_the_lineage_of_its_curated_row(lake, places):
    # Prepare: two events processed, then the RAW row of one deleted
    kept, orphan = envelope(TOPIC, opening("e1"), minute=1), envelope(TOPIC, opening("e2"), minute=2)
    lake.land(TOPIC, [kept, orphan])
    processed(lake)
    lake.spark.sql(f"DELETE FROM {qualified(lake.raw_db, table_name_for_topic(TOPIC))} WHERE message_id = '{orphan['message_id']}'")

    # Act
    cell = audit(lake, places)["08"]

    # Assess
    assert cell["states"] == {"CURATED": 1, "NO_RAW_RECORD": 1}
    assert cell["examples"] == {"NO_RAW_RECORD": [orphan["message_id"]]}
    assert cell["verdict"] == "BROKEN"


def test_checkpoints_behind_and_an_unreplayed_delivery_failure_are_pending_not_broken(lake, places):
    # Prepare: e1 curated; e2 standardized, not curated; e3 landed after both runs; e4 only in
    # Firehose's error output; a dead letter replayed and not arrived yet
    _index, bucket = places
    index = places[0]
    lake.land(TOPIC, [envelope(TOPIC, opening("e1"), minute=1)])
    processed(lake)
    lake.land(TOPIC, [envelope(TOPIC, opening("e2"), minute=2)])
    lake.standardize([TOPIC])
    late = envelope(TOPIC, opening("e3"), minute=3)
    lake.land(TOPIC, [late])
    failed = envelope(TOPIC, opening("e4"), minute=4)
    undelivered(bucket, failed)
    dead_letter(index, "replayed-1", minute=9, status="REPLAYED")

    # Act
    cell = audit(lake, places)["08"]

    # Assess: each waits for a named reason; nothing is broken
    assert cell["states"] == {"CURATED": 1, "NOT_CURATED": 1, "NOT_STANDARDIZED": 1, "AWAITING_REPLAY": 1, "REPLAY_IN_FLIGHT": 1}
    assert cell["examples"]["NOT_STANDARDIZED"] == [late["message_id"]]
    assert cell["examples"]["AWAITING_REPLAY"] == [failed["message_id"]]
    assert cell["verdict"] == "PENDING"

    # Act: the pipeline catches up (the failed delivery replayed into RAW, the replay arrived)
    lake.land(TOPIC, [failed, envelope(TOPIC, opening("e5"), minute=9, message_id="replayed-1")])
    processed(lake)

    # Assess: the same hour reconciles
    assert audit(lake, places)["08"]["verdict"] == "RECONCILED"


def test_messages_sent_outside_the_span_are_not_audited(lake, places):
    # Prepare: one message sent before the span, one after it
    lake.land(TOPIC, [envelope(TOPIC, opening("e1"), minute=-30), envelope(TOPIC, opening("e2"), minute=200)])
    processed(lake)

    # Act / Assess
    assert audit(lake, places) == {}


def test_a_windowed_topic_proves_a_duplicate_against_a_survivor_from_before_the_span(lake, places):
    # Prepare: a one-day window; e1 curated at 08:01, its copy twelve hours later
    document = lake.schema_document(TOPIC)
    document["dedup"]["windowDays"] = 1
    lake.write_schema(document)
    lake.land(TOPIC, [envelope(TOPIC, opening("e1"), minute=1)])
    processed(lake)
    copy = envelope(TOPIC, opening("e1"), minute=12 * 60 + 5)
    lake.land(TOPIC, [copy])
    processed(lake)
    index, bucket = places
    result = lake.root / "audit-window.json"
    span = AuditArgs(BASE_TIME + timedelta(hours=12), BASE_TIME + timedelta(hours=13), index, bucket, str(result), 5)

    # Act
    audit_job.run(lake.spark, lake.config([TOPIC]), span, lake.store())

    # Assess: the copy's hour reconciles, its survivor read from the window before the span
    cells = json.loads(result.read_text())["cells"]
    assert [(cell["hour"][11:13], cell["states"]) for cell in cells] == [("20", {"DUPLICATE": 1})]


def test_a_topic_idle_in_the_span_is_audited_from_metadata_alone(lake, places, monkeypatch):
    # Prepare: the topic's data committed hours before the span; a poison message of another
    # topic and a second, never-written topic in the same run. One topic at a time: Spark's job
    # group is a thread-local property, which the job's topic threads may or may not inherit, so
    # only a run on this thread counts every Spark job it starts.
    monkeypatch.setattr(audit_job, "TOPICS_AT_ONCE", 1)
    lake.land(TOPIC, [envelope(TOPIC, opening("e1"), minute=1)])
    processed(lake)
    index, bucket = places
    later = lake.root / "audit-idle.json"
    span = AuditArgs(BASE_TIME + timedelta(days=400), BASE_TIME + timedelta(days=400, hours=1), index, bucket, str(later), 5)
    group = f"audit-idle-{uuid.uuid4().hex[:6]}"
    lake.spark.sparkContext.setJobGroup(group, "the audit of idle topics")

    # Act
    try:
        summary = audit_job.run(lake.spark, lake.config([TOPIC, "meter-readings"]), span, lake.store())
    finally:
        lake.spark.sparkContext.setLocalProperty("spark.jobGroup.id", None)

    # Assess: both audited, no cell, and only the run's one error-table query ran Spark jobs
    assert summary["outcomes"] == {"SUCCEEDED": 2, "NO_NEW_DATA": 0, "FAILED": 0}
    assert json.loads(later.read_text())["cells"] == []
    assert len(lake.spark.sparkContext.statusTracker().getJobIdsForGroup(group)) <= 2
