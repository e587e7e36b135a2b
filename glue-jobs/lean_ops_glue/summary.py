"""The JSON run summary: one entry per topic, written to `--summary-uri` and printed on stdout."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from .iceberg_tables import Snapshot

SUCCEEDED = "SUCCEEDED"
NO_NEW_DATA = "NO_NEW_DATA"
FAILED = "FAILED"
MAX_LISTED_PATHS = 200


@dataclass
class TopicResult:
    topic: str
    outcome: str = FAILED
    read_from: dict | None = None  # checkpoint snapshot (exclusive), None = from the beginning
    read_to: dict | None = None  # snapshot read up to (inclusive)
    rows_in: int = 0
    duplicates_in_batch: int = 0
    duplicates_across_runs: int = 0
    rows_written: int = 0
    rows_rejected: int = 0
    new_columns: list[str] = field(default_factory=list)
    drift: list[str] = field(default_factory=list)
    collisions: list[str] = field(default_factory=list)
    parse_errors: int = 0
    cast_failures: dict[str, int] = field(default_factory=dict)
    checkpoint_advanced: bool = False
    written_snapshot: dict | None = None
    error: str | None = None
    #: The maintain job's actions and table health per layer (None for the other jobs).
    maintenance: dict | None = None

    @property
    def duplicates_removed(self) -> int:
        return self.duplicates_in_batch + self.duplicates_across_runs


def snapshot_dict(snapshot: Snapshot | None) -> dict | None:
    if snapshot is None:
        return None
    # snapshot ids are 64-bit: strings, as in the checkpoint table, so JS readers lose nothing
    return {"snapshot_id": str(snapshot.snapshot_id), "sequence_number": snapshot.sequence_number}


def utc_now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def build_summary(job: str, mode: str, run_id: str, started_at: str, results: list[TopicResult]) -> dict:
    topics = []
    for result in results:
        entry = asdict(result)
        entry["duplicates_removed"] = result.duplicates_removed
        for listed in ("drift", "collisions", "new_columns"):
            entry[f"{listed}_count"] = len(entry[listed])
            entry[listed] = entry[listed][:MAX_LISTED_PATHS]
        topics.append(entry)
    outcomes = {name: sum(1 for r in results if r.outcome == name) for name in (SUCCEEDED, NO_NEW_DATA, FAILED)}
    return {
        "job": job,
        "mode": mode,
        "run_id": run_id,
        "started_at": started_at,
        "finished_at": utc_now_iso(),
        "outcomes": outcomes,
        "topics": topics,
    }


def write_summary(summary: dict, uri: str | None, s3_client=None) -> None:
    """Write to a local path or s3://bucket/key; None writes nothing (stdout still has it)."""
    if not uri:
        return
    body = json.dumps(summary, indent=2, sort_keys=True).encode()
    if uri.startswith("s3://"):
        bucket, _, key = uri[len("s3://") :].partition("/")
        if s3_client is None:
            import boto3

            s3_client = boto3.client("s3")
        s3_client.put_object(Bucket=bucket, Key=key, Body=body, ContentType="application/json")
        return
    path = Path(uri)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(body)
    tmp.replace(path)
