"""The accountability report reconciles to the record and fails on a single lost or double-counted
message: tables are built from a small ledger exactly as the pipeline would leave them, then one
curated row is deleted (or duplicated) and the report must say so by message id."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pyarrow as pa
import pytest

import accountability
import raw_writer
from lean_ops_glue.names import resource_names

TOPIC = {
    "topic": "engine-temperature",
    "version": 1,
    "owner": "t",
    "description": "d",
    "queue": "standard",
    "dedup": {"key": ["device_id", "reading_id"], "keep": "last", "orderBy": "measured_at"},
    "fields": {
        "device_id": {"type": "string", "nullable": False, "cde": True, "description": "d"},
        "reading_id": {"type": "long", "nullable": False, "cde": True, "description": "d"},
        "measured_at": {"type": "timestamp", "nullable": False, "cde": True, "description": "d"},
    },
}


def payload(reading: int, minute: int = 0) -> str:
    return json.dumps({"device_id": "veh-001", "reading_id": reading, "measured_at": f"2026-11-01T00:{minute:02d}:00Z"})


def envelope(message_id: str, body: str, error: str | None = None) -> str:
    line = {
        "topic": "engine-temperature" if error is None else "engine-temperature",
        "message_id": message_id,
        "payload": body,
        "payload_sha256": str(abs(hash(body))),
        "sent_at": 1_764_064_800_000_000,  # epoch microseconds, as Firehose takes them
        "ingested_at": 1_764_064_801_000_000,
        "receive_count": 1,
        "source_arn": "arn:aws:sqs:us-east-1:000000000000:q",
        "message_group_id": None,
        "sequence_number": None,
        "error": {"code": error, "reason": "test"} if error else None,
    }
    return json.dumps(line)


@pytest.fixture
def run(endpoint, tmp_path):
    name = f"acct-{uuid.uuid4().hex[:8]}"
    names = resource_names(name, accountability.LOCAL_ACCOUNT)
    warehouse = tmp_path / "warehouse"
    warehouse.mkdir()
    registry = tmp_path / "topics"
    registry.mkdir()
    (registry / "engine-temperature.json").write_text(json.dumps(TOPIC))

    # The ledger: one of each terminal state the batch layer decides, plus a DROP.
    ledger = [
        ("m-curated", "NONE", "CURATED", payload(1)),
        ("m-original", "NONE", "DUPLICATE", payload(2, 0)),
        ("m-correction", "CORRECTION", "CURATED", payload(2, 1)),
        ("m-rejected", "NULL_CDE", "CDE_REJECTED", json.dumps({"device_id": "veh-001", "reading_id": 3, "measured_at": None})),
        ("m-dropped", "MALFORMED_JSON", "DROPPED", "{nope"),
    ]
    (tmp_path / "ledger.ndjson").write_text(
        "".join(json.dumps({"seq": i, "message_id": m, "topic": "engine-temperature", "fault": f, "expected": e, "published_ms": 0}) + "\n"
                for i, (m, f, e, _) in enumerate(ledger))
    )
    spool = tmp_path / "spool"
    topic_dir = spool / names["rawDatabase"] / "engine_temperature"
    errors_dir = spool / names["rawDatabase"] / "raw_errors"
    topic_dir.mkdir(parents=True)
    errors_dir.mkdir(parents=True)
    (topic_dir / "a.ndjson").write_text("".join(envelope(m, body) + "\n" for m, f, e, body in ledger if e != "DROPPED"))
    (errors_dir / "a.ndjson").write_text(envelope("m-dropped", "{nope", "MALFORMED_JSON") + "\n")
    catalog = raw_writer.open_catalog(str(warehouse))
    raw_writer.ensure_tables(str(warehouse), names["rawDatabase"], ["engine_temperature", "raw_errors"], catalog)
    raw_writer.deliver_spool(spool, str(warehouse), catalog)

    catalog.create_namespace(names["curatedDatabase"])
    curated = catalog.create_table((names["curatedDatabase"], "engine_temperature"), schema=pa.schema([("_message_id", pa.string())]))
    curated.append(pa.table({"_message_id": ["m-curated", "m-correction"]}))
    errors = catalog.create_table(
        (names["curatedDatabase"], "curated_errors"), schema=pa.schema([("topic", pa.string()), ("message_id", pa.string())])
    )
    errors.append(pa.table({"topic": ["engine-temperature"], "message_id": ["m-rejected"]}))

    def report(out_name: str = "out") -> tuple[int, dict]:
        out = tmp_path / out_name
        code = accountability.main(
            ["--ledger", str(tmp_path / "ledger.ndjson"), "--registry", str(registry), "--warehouse", str(warehouse),
             "--name", name, "--out", str(out)]
        )
        return code, json.loads((out / "accountability.json").read_text())

    def undeliver(message_id: str) -> None:
        """A message the processor handed to Firehose that Firehose could not deliver: in the
        ledger (expected CURATED), in the S3 error output, in no table."""
        import base64

        import boto3

        with (tmp_path / "ledger.ndjson").open("a") as out:
            out.write(json.dumps({"seq": 99, "message_id": message_id, "topic": "engine-temperature", "fault": "NONE",
                                  "expected": "CURATED", "published_ms": 0}) + "\n")
        s3 = boto3.client("s3")
        s3.create_bucket(Bucket=names["archiveBucket"])
        record = {"attemptsMade": 1, "arrivalTimestamp": 0, "errorCode": "Iceberg.NoSuchTable", "errorMessage": "gone",
                  "attemptEndingTimestamp": 0, "rawData": base64.b64encode((envelope(message_id, payload(9)) + "\n").encode()).decode()}
        s3.put_object(Bucket=names["archiveBucket"], Key="firehose-errors/iceberg-failed/dt=2026-12-06/x.json",
                      Body=json.dumps(record) + "\n")

    return report, curated, undeliver


def test_reconciles_every_terminal_state_to_the_record(run):
    report, *_ = run
    code, result = report()
    assert code == 0, result["mismatches"]
    counts = result["per_topic"]["engine-temperature"]
    assert {state: counts[state] for state in accountability.STATES} == {
        "CURATED": 2, "DUPLICATE": 1, "CDE_REJECTED": 1, "DROPPED": 1, "DEAD_LETTERED": 0,
    }
    assert result["totals"]["published"] == 5


def test_fails_when_one_curated_row_is_deleted(run):
    report, curated, _ = run
    curated.delete(delete_filter="_message_id == 'm-curated'")
    code, result = report("after-delete")
    assert code == 1
    assert [(m["message_id"], m["actual"]) for m in result["mismatches"]] == [("m-curated", "LOST")]


def test_fails_when_one_message_is_curated_twice(run):
    report, curated, _ = run
    curated.append(pa.table({"_message_id": ["m-correction"]}))
    code, result = report("after-duplicate")
    assert code == 1
    assert [(m["message_id"], m["actual"]) for m in result["mismatches"]] == [("m-correction", "DOUBLE_COUNTED")]


def test_a_message_only_in_firehoses_error_output_is_delivery_failed_not_lost(run):
    report, _, undeliver = run
    undeliver("m-undelivered")
    code, result = report("after-undeliver")
    assert code == 1
    assert [(m["message_id"], m["actual"]) for m in result["mismatches"]] == [("m-undelivered", "DELIVERY_FAILED")]
    assert result["totals"]["DELIVERY_FAILED"] == 1 and result["totals"]["LOST"] == 0
