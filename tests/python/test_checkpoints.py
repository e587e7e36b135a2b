"""Checkpoint compare-and-set against DynamoDB on the local endpoint (conditions are evaluated
by the emulator, not by a mock)."""

import uuid

import boto3
import pytest
from lean_ops_glue.checkpoints import CheckpointConflictError, CheckpointStore
from lean_ops_glue.iceberg_tables import Snapshot


@pytest.fixture
def store(endpoint):
    name = f"cp-{uuid.uuid4().hex[:8]}"
    boto3.client("dynamodb").create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "topic", "KeyType": "HASH"}, {"AttributeName": "layer", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "topic", "AttributeType": "S"}, {"AttributeName": "layer", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    return CheckpointStore(name)


BIG_ID = 9_007_199_254_740_993  # > 2^53: must survive as a string


def test_first_write_then_advance_stores_the_documented_item(store):
    store.advance("t", "standardized", None, Snapshot(BIG_ID, 1), "run-1")
    store.advance("t", "standardized", Snapshot(BIG_ID, 1), Snapshot(42, 3), "run-2")

    item = boto3.client("dynamodb").get_item(
        TableName=store.table_name, Key={"topic": {"S": "t"}, "layer": {"S": "standardized"}}
    )["Item"]
    assert item["snapshot_id"] == {"S": "42"} and item["sequence_number"] == {"N": "3"}
    assert item["run_id"] == {"S": "run-2"} and item["updated_at"]["S"].endswith("Z")
    assert store.read("t", "standardized") == Snapshot(42, 3)
    assert store.read("t", "curated") is None


def test_stale_runs_cannot_overwrite_or_move_backwards(store):
    store.advance("t", "curated", None, Snapshot(BIG_ID, 5), "run-1")

    with pytest.raises(CheckpointConflictError):  # a second "first" writer
        store.advance("t", "curated", None, Snapshot(7, 9), "run-2")
    with pytest.raises(CheckpointConflictError):  # started from an older checkpoint
        store.advance("t", "curated", Snapshot(1, 4), Snapshot(7, 9), "run-3")
    with pytest.raises(CheckpointConflictError):  # not newer
        store.advance("t", "curated", Snapshot(BIG_ID, 5), Snapshot(7, 5), "run-4")

    assert store.read("t", "curated") == Snapshot(BIG_ID, 5)


def test_unknown_layer_is_refused(store):
    with pytest.raises(ValueError, match="layer"):
        store.read("t", "control")


def _failures_item(store, topic):
    return boto3.client("dynamodb").get_item(
        TableName=store.table_name, Key={"topic": {"S": topic}, "layer": {"S": "failures"}}
    ).get("Item")


def test_failures_count_per_stage_and_a_success_clears_only_its_stage(store):
    from datetime import datetime, timezone

    at = datetime(2026, 12, 7, 3, 0, tzinfo=timezone.utc)
    store.record_failure("t", "standardize", "ValueError: bad", at)
    store.record_failure("t", "standardize", "ValueError: worse", at)
    store.record_failure("t", "curate", "x" * 900, at)

    item = _failures_item(store, "t")
    assert item["standardize_failures"] == {"N": "2"}
    assert item["standardize_error"] == {"S": "ValueError: worse"}
    assert item["standardize_failed_at"] == {"S": "2026-12-07T03:00:00.000Z"}
    assert item["curate_failures"] == {"N": "1"} and len(item["curate_error"]["S"]) == 500

    store.clear_failures("t", "standardize")
    item = _failures_item(store, "t")
    assert "standardize_failures" not in item and "standardize_error" not in item
    assert item["curate_failures"] == {"N": "1"}


def test_clearing_a_healthy_topic_writes_no_item(store):
    store.clear_failures("healthy", "curate")
    assert _failures_item(store, "healthy") is None
    with pytest.raises(ValueError, match="stage"):
        store.clear_failures("healthy", "maintain")
