"""Generated RAW rows for benchmarks and drills: the envelope exactly as the processor sends it
(schemas/raw-envelope.json via lean_ops_glue.raw_schema), as an Arrow table the local RAW writer
appends in one commit. Readings of a small meter-like topic; reading ids are the dedup key, so a
repeated id is a re-delivery."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta, timezone

BASE = datetime(2026, 11, 20, tzinfo=timezone.utc)


def topic_schema(topic: str) -> dict:
    """The topic file of such a topic (dedup on device and reading, keep the last measurement)."""
    return {
        "topic": topic,
        "version": 1,
        "dedup": {"key": ["device_id", "reading_id"], "keep": "last", "orderBy": "measured_at"},
        "fields": {
            "device_id": {"type": "string", "nullable": False, "cde": True},
            "reading_id": {"type": "long", "nullable": False, "cde": True},
            "measured_at": {"type": "timestamp", "nullable": False, "cde": True},
            "engine.coolant_c": {"type": "double", "nullable": True, "cde": False},
        },
    }


def raw_rows(topic: str, reading_ids, message_prefix: str = "", seconds_apart: int = 1):
    """Arrow RAW rows, one per reading id (ids may repeat: re-deliveries with new message ids);
    reading n is measured and arrives n * seconds_apart seconds after BASE."""
    import pyarrow as pa
    from lean_ops_glue import raw_schema

    columns = {name: [] for name in raw_schema.RAW_COLUMNS}
    for index, reading in enumerate(reading_ids):
        payload = json.dumps(
            {
                "device_id": f"dev-{reading % 500:03d}",
                "reading_id": reading,
                "measured_at": (BASE + timedelta(seconds=reading * seconds_apart)).isoformat().replace("+00:00", "Z"),
                "engine": {"coolant_c": 80.5},
            },
            separators=(",", ":"),
        )
        arrived = BASE + timedelta(seconds=reading * seconds_apart, milliseconds=500)
        add_envelope(columns, topic, f"{topic}-{message_prefix}{index:09d}-{reading}", payload, arrived)
    return pa.Table.from_pydict(columns, schema=raw_schema.arrow_schema())


def add_envelope(columns: dict[str, list], topic: str, message_id: str, payload: str, arrived: datetime) -> None:
    """Appends one envelope (a standard queue's first receive) to column lists keyed by RAW column."""
    columns["topic"].append(topic)
    columns["message_id"].append(message_id)
    columns["payload"].append(payload)
    columns["payload_sha256"].append(hashlib.sha256(payload.encode()).hexdigest())
    columns["sent_at"].append(arrived)
    columns["ingested_at"].append(arrived)
    columns["receive_count"].append(1)
    columns["source_arn"].append(f"arn:aws:sqs:us-east-1:000000000000:lean-ops-local-topic-{topic}")
    columns["message_group_id"].append(None)
    columns["sequence_number"].append(None)
    columns["error"].append(None)
