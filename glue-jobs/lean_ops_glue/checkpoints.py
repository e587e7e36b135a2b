"""Snapshot checkpoints in the `<name>-checkpoints` DynamoDB table (docs/naming.md), advanced
only by compare-and-set after the write they describe has committed.

Item: topic (S) + layer (S: standardized | curated), snapshot_id (S), sequence_number (N),
updated_at (S), run_id (S). The write succeeds only if the stored sequence_number is exactly the
one read before the run (or absent if none was) and smaller than the new one: a concurrent or
stale run can neither overwrite a newer checkpoint nor move one backwards. The orchestrator's
TypeScript side uses the same condition (docs/glue-jobs.md).
"""

from __future__ import annotations

from datetime import datetime, timezone

from .iceberg_tables import Snapshot

LAYERS = ("standardized", "curated")
#: The item beside the checkpoints where the rebuilder pauses a topic (paused: BOOL).
CONTROL_LAYER = "control"
#: The item the maintain job stamps after a topic's maintenance (maintained_at: S, ISO-8601); the
#: orchestrator's `maintain` scan reads it to decide when the topic is due again.
MAINTENANCE_LAYER = "maintenance"
#: The item counting a topic's consecutive failures per stage (`<stage>_failures` N,
#: `<stage>_failed_at` S, `<stage>_error` S): written here when a topic fails, removed when it next
#: succeeds; the orchestrator reads it to back off and isolate the topic
#: (lambdas/checkpoints/topicIsolation.ts, which names the same attributes).
FAILURES_LAYER = "failures"
FAILURE_STAGES = ("standardize", "curate")
MAX_STORED_ERROR_CHARS = 500
CONDITION_FIRST_WRITE = "attribute_not_exists(sequence_number)"
CONDITION_ADVANCE = "sequence_number = :expected AND sequence_number < :new"


class CheckpointConflictError(Exception):
    """The stored checkpoint is not the one this run started from (or the new one is not newer)."""


class CheckpointStore:
    def __init__(self, table_name: str, client=None):
        if client is None:
            import boto3

            client = boto3.client("dynamodb")
        self.table_name = table_name
        self.client = client

    def read(self, topic: str, layer: str) -> Snapshot | None:
        """The checkpoint, read strongly consistent; None when the layer was never processed."""
        _check_layer(layer)
        item = self.client.get_item(
            TableName=self.table_name,
            Key={"topic": {"S": topic}, "layer": {"S": layer}},
            ConsistentRead=True,
        ).get("Item")
        if not item or "sequence_number" not in item:
            return None
        return Snapshot(int(item["snapshot_id"]["S"]), int(item["sequence_number"]["N"]))

    def is_paused(self, topic: str) -> bool:
        """Whether the topic's control item says paused (a rebuild is running or failed): nothing
        but the rebuilder may touch its tables then. Read strongly consistent."""
        item = self.client.get_item(
            TableName=self.table_name,
            Key={"topic": {"S": topic}, "layer": {"S": CONTROL_LAYER}},
            ConsistentRead=True,
        ).get("Item")
        return bool(item and item.get("paused", {}).get("BOOL"))

    def record_maintenance(self, topic: str, run_id: str, at: datetime) -> None:
        """Stamps the topic's maintenance as finished at `at` (a plain overwrite: the latest wins)."""
        self.client.put_item(TableName=self.table_name, Item=_maintenance_item(topic, run_id, at))

    def claim_maintenance(self, key: str, run_id: str, at: datetime, due_before: datetime) -> bool:
        """Stamps `key` (a shared table's name) as maintained at `at` if its last stamp is older
        than `due_before` or absent; False when another run claimed it since. Runs of one
        orchestrator cycle race for it, and exactly one wins."""
        try:
            self.client.put_item(
                TableName=self.table_name,
                Item=_maintenance_item(key, run_id, at),
                ConditionExpression="attribute_not_exists(maintained_at) OR maintained_at < :due_before",
                ExpressionAttributeValues={":due_before": {"S": _iso(due_before)}},
            )
        except self.client.exceptions.ConditionalCheckFailedException:
            return False
        return True

    def record_failure(self, topic: str, stage: str, error: str, at: datetime) -> None:
        """Counts one more consecutive failure of `stage` (atomic: the orchestrator may count the
        same topic's failure of a run that died, and neither count is lost)."""
        _check_stage(stage)
        self.client.update_item(
            TableName=self.table_name,
            Key={"topic": {"S": topic}, "layer": {"S": FAILURES_LAYER}},
            UpdateExpression="SET #count = if_not_exists(#count, :zero) + :one, #at = :at, #error = :error",
            ExpressionAttributeNames={
                "#count": f"{stage}_failures",
                "#at": f"{stage}_failed_at",
                "#error": f"{stage}_error",
            },
            ExpressionAttributeValues={
                ":zero": {"N": "0"},
                ":one": {"N": "1"},
                ":at": {"S": _iso(at)},
                ":error": {"S": error[:MAX_STORED_ERROR_CHARS] or "failed"},
            },
        )

    def clear_failures(self, topic: str, stage: str) -> None:
        """After a success of `stage`: its failures are no longer consecutive. Conditional, so a
        healthy topic (the usual case) gets no item."""
        _check_stage(stage)
        try:
            self.client.update_item(
                TableName=self.table_name,
                Key={"topic": {"S": topic}, "layer": {"S": FAILURES_LAYER}},
                UpdateExpression="REMOVE #count, #at, #error",
                ConditionExpression="attribute_exists(#count)",
                ExpressionAttributeNames={
                    "#count": f"{stage}_failures",
                    "#at": f"{stage}_failed_at",
                    "#error": f"{stage}_error",
                },
            )
        except self.client.exceptions.ConditionalCheckFailedException:
            pass

    def advance(self, topic: str, layer: str, expected: Snapshot | None, new: Snapshot, run_id: str) -> None:
        """Compare-and-set from `expected` (what `read` returned before the run) to `new`."""
        _check_layer(layer)
        if expected is not None and new.sequence_number <= expected.sequence_number:
            raise CheckpointConflictError(
                f"{topic}/{layer}: new sequence {new.sequence_number} is not after {expected.sequence_number}"
            )
        condition_args: dict = {"ConditionExpression": CONDITION_FIRST_WRITE}
        if expected is not None:
            condition_args = {
                "ConditionExpression": CONDITION_ADVANCE,
                "ExpressionAttributeValues": {
                    ":expected": {"N": str(expected.sequence_number)},
                    ":new": {"N": str(new.sequence_number)},
                },
            }
        item = {
            "topic": {"S": topic},
            "layer": {"S": layer},
            "snapshot_id": {"S": str(new.snapshot_id)},
            "sequence_number": {"N": str(new.sequence_number)},
            "updated_at": {"S": datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")},
            "run_id": {"S": run_id},
        }
        try:
            self.client.put_item(TableName=self.table_name, Item=item, **condition_args)
        except self.client.exceptions.ConditionalCheckFailedException as error:
            raise CheckpointConflictError(
                f"{topic}/{layer}: checkpoint moved since the run read it (expected {expected})"
            ) from error


def _check_layer(layer: str) -> None:
    if layer not in LAYERS:
        raise ValueError(f"layer must be one of {LAYERS}, got {layer!r}")


def _check_stage(stage: str) -> None:
    if stage not in FAILURE_STAGES:
        raise ValueError(f"stage must be one of {FAILURE_STAGES}, got {stage!r}")


def _iso(moment: datetime) -> str:
    """UTC, milliseconds, `Z`: one fixed width, so stored times compare as strings."""
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _maintenance_item(key: str, run_id: str, at: datetime) -> dict:
    """The `maintenance` item of a topic (or shared table) maintained at `at` (docs/naming.md)."""
    return {
        "topic": {"S": key},
        "layer": {"S": MAINTENANCE_LAYER},
        "maintained_at": {"S": _iso(at)},
        "run_id": {"S": run_id},
    }
