"""Test harness: a private set of databases, checkpoint table and topic schemas per test, with
factories for RAW envelopes and helpers that run the real jobs and read the real tables."""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import shutil
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import raw_writer
from local_checkpoints import create_checkpoint_table
from lean_ops_glue import curate_job, standardize_job
from lean_ops_glue.checkpoints import CheckpointStore
from lean_ops_glue.config import parse_job_args
from lean_ops_glue.iceberg_tables import qualified
from lean_ops_glue.names import table_name_for_topic

FIXTURE_TOPICS = Path(__file__).resolve().parent / "fixtures" / "topics"
BASE_TIME = datetime(2026, 11, 20, 8, 0, 0, tzinfo=timezone.utc)
_message_counter = itertools.count(1)


def epoch_micros(moment: datetime) -> int:
    """A time as the processor sends it to Firehose: epoch microseconds."""
    return (moment - datetime(1970, 1, 1, tzinfo=timezone.utc)) // timedelta(microseconds=1)


def envelope(topic: str, payload, *, minute: int = 0, message_id: str | None = None, error: dict | None = None) -> dict:
    """A RAW envelope as the sqs-processor writes it; `minute` sets the arrival time."""
    body = payload if isinstance(payload, str) else json.dumps(payload)
    arrived = BASE_TIME + timedelta(minutes=minute)
    return {
        "topic": topic,
        "message_id": message_id or f"msg-{next(_message_counter):06d}",
        "payload": body,
        "payload_sha256": hashlib.sha256(body.encode()).hexdigest(),
        "sent_at": epoch_micros(arrived - timedelta(seconds=2)),
        "ingested_at": epoch_micros(arrived),
        "receive_count": 1,
        "source_arn": f"arn:aws:sqs:us-east-1:000000000000:lean-ops-local-topic-{topic}",
        "message_group_id": None,
        "sequence_number": None,
        "error": error,
    }


class CrashAfterCommit(CheckpointStore):
    """Simulates the job dying after its table commit, before the checkpoint write."""

    def advance(self, *args, **kwargs):
        raise RuntimeError("injected crash between the write and the checkpoint")


@dataclass
class Lake:
    spark: object
    catalog: object
    root: Path
    prefix: str
    checkpoint_table: str
    schemas_dir: Path

    @classmethod
    def create(cls, spark, catalog, tmp_path: Path, test_name: str) -> "Lake":
        slug = re.sub(r"[^a-z0-9]", "", test_name.lower())[:20]
        prefix = f"t{slug}_{uuid.uuid4().hex[:6]}"
        schemas_dir = tmp_path / "schemas"
        shutil.copytree(FIXTURE_TOPICS, schemas_dir)
        table = f"{prefix}-checkpoints"
        create_checkpoint_table(table)
        return cls(spark, catalog, tmp_path, prefix, table, schemas_dir)

    @property
    def raw_db(self) -> str:
        return f"{self.prefix}_raw"

    @property
    def std_db(self) -> str:
        return f"{self.prefix}_standardized"

    @property
    def cur_db(self) -> str:
        return f"{self.prefix}_curated"

    def write_schema(self, document: dict) -> None:
        (self.schemas_dir / f"{document['topic']}.json").write_text(json.dumps(document))

    def schema_document(self, topic: str) -> dict:
        return json.loads((self.schemas_dir / f"{topic}.json").read_text())

    def land(self, topic: str, envelopes: list[dict]) -> dict:
        """Deliver envelopes to the topic's RAW table: one spool file, one Iceberg commit."""
        spool = self.root / "spool"
        folder = spool / self.raw_db / table_name_for_topic(topic)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{uuid.uuid4().hex}.ndjson").write_text("".join(json.dumps(e) + "\n" for e in envelopes))
        # The table exists before anything is delivered, as Terraform creates it with the topic.
        raw_writer.ensure_tables("unused", self.raw_db, [table_name_for_topic(topic)], catalog=self.catalog)
        return raw_writer.deliver_spool(spool, "unused", catalog=self.catalog)

    def config(self, topics: list[str], mode: str = "incremental", **extra: str):
        argv = [
            "--topics", ",".join(topics),
            "--mode", mode,
            "--raw-database", self.raw_db,
            "--standardized-database", self.std_db,
            "--curated-database", self.cur_db,
            "--checkpoint-table", self.checkpoint_table,
            "--schemas-uri", str(self.schemas_dir),
            "--summary-uri", str(self.root / "summary.json"),
        ]
        for key, value in extra.items():
            argv += [f"--{key.replace('_', '-')}", value]
        return parse_job_args(argv)

    def store(self) -> CheckpointStore:
        return CheckpointStore(self.checkpoint_table)

    def standardize(self, topics: list[str], mode: str = "incremental", checkpoints=None) -> dict:
        summary = standardize_job.run(self.spark, self.config(topics, mode), checkpoints or self.store())
        return summary

    def curate(self, topics: list[str], mode: str = "incremental", checkpoints=None) -> dict:
        return curate_job.run(self.spark, self.config(topics, mode), checkpoints or self.store())

    def checkpoint(self, topic: str, layer: str):
        return self.store().read(topic, layer)

    def rows(self, database: str, topic_or_table: str) -> list[dict]:
        name = qualified(database, table_name_for_topic(topic_or_table))
        return [row.asDict(recursive=True) for row in self.spark.table(name).collect()]

    def standardized(self, topic: str) -> list[dict]:
        return self.rows(self.std_db, topic)

    def curated(self, topic: str) -> list[dict]:
        return self.rows(self.cur_db, topic)

    def curated_errors(self, topic: str) -> list[dict]:
        return [row for row in self.rows(self.cur_db, "curated_errors") if row["topic"] == topic]


def topic_result(summary: dict, topic: str) -> dict:
    return next(entry for entry in summary["topics"] if entry["topic"] == topic)
