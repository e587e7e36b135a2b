"""The audit's evidence outside the tables (docs/audit.md): the DLQ index (dead letters and
replays, by topic and send time) and Firehose's S3 error output (envelopes it could not deliver).
Plain boto3 and JSON, no Spark; audit_job.py joins what these return with the tables.
"""

from __future__ import annotations

import base64
import json
from datetime import datetime, timedelta, timezone

from .config import AuditArgs

#: lambdas/common/naming ARCHIVE_PREFIXES.firehoseErrors; objects are `<prefix><type>/dt=<day>/…`
FIREHOSE_ERRORS_PREFIX = "firehose-errors/"
DLQ_ARCHIVED, DLQ_REPLAYED = "ARCHIVED", "REPLAYED"


def dlq_messages(dynamodb, table_name: str, topic: str, since: datetime) -> list[dict]:
    """The DLQ index items of a topic sent since `since` (the sort key starts with the send time):
    message id of the first delivery, its send time, ARCHIVED or REPLAYED."""
    found = []
    paginator = dynamodb.get_paginator("query")
    pages = paginator.paginate(
        TableName=table_name,
        KeyConditionExpression="topic = :topic AND sk >= :since",
        ExpressionAttributeValues={":topic": {"S": topic}, ":since": {"S": iso(since)}},
        ProjectionExpression="message_id, original_message_id, sent_at, #status, replayed_at",
        ExpressionAttributeNames={"#status": "status"},
    )
    for page in pages:
        for item in page.get("Items", []):
            status = item.get("status", {}).get("S")
            if status not in (DLQ_ARCHIVED, DLQ_REPLAYED):
                continue
            message_id = item.get("original_message_id", item.get("message_id", {})).get("S")
            sent = _parse_iso(item.get("sent_at", {}).get("S"))
            if message_id and sent is not None:
                replayed = _parse_iso(item.get("replayed_at", {}).get("S"))
                found.append({"message_id": message_id, "sent_at_micros": micros(sent), "source": status,
                              "replayed_at": replayed})
    return found


def replays_by_hour(dead_letters: list[dict], audit: AuditArgs) -> dict[str, int]:
    """DLQ replays sent inside the span, by hour (`2026-11-20T08:00:00Z`): the last replay of each
    item (the index keeps only its time)."""
    hours: dict[str, int] = {}
    for entry in dead_letters:
        replayed = entry.get("replayed_at")
        if replayed is not None and audit.start <= replayed < audit.end:
            hour = replayed.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:00:00Z")
            hours[hour] = hours.get(hour, 0) + 1
    return hours


def firehose_error_messages(s3, bucket: str, since: datetime) -> dict[str, list[dict]]:
    """Envelopes in Firehose's S3 error output written since `since`, by topic (replayed ones
    have moved to firehose-errors-replayed/ and are not read)."""
    by_topic: dict[str, list[dict]] = {}
    first_day = since.strftime("%Y-%m-%d")
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=FIREHOSE_ERRORS_PREFIX):
        for item in page.get("Contents", []):
            day = next((part[3:] for part in item["Key"].split("/") if part.startswith("dt=")), None)
            if day is not None and day < first_day:
                continue
            body = s3.get_object(Bucket=bucket, Key=item["Key"])["Body"].read().decode("utf-8")
            for envelope in _error_envelopes(body):
                by_topic.setdefault(envelope["topic"], []).append(
                    {"message_id": envelope["message_id"], "sent_at_micros": int(envelope["sent_at"]), "source": "undelivered"}
                )
    return by_topic


def _error_envelopes(body: str):
    for line in body.splitlines():
        if not line.strip():
            continue
        try:
            envelope = json.loads(base64.b64decode(json.loads(line).get("rawData", "")))
        except ValueError:
            continue  # not an envelope: replay-firehose-errors reports those lines
        if isinstance(envelope, dict) and isinstance(envelope.get("message_id"), str) and isinstance(envelope.get("topic"), str) and isinstance(envelope.get("sent_at"), int):
            yield envelope


def client(service: str):
    import boto3

    return boto3.client(service)


def micros(moment: datetime) -> int:
    return (moment - datetime(1970, 1, 1, tzinfo=timezone.utc)) // timedelta(microseconds=1)


def iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _parse_iso(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
