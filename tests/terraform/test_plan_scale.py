"""The prod plan with a generated 750-topic registry (5,000 in `make test-scale`), counted from
`terraform show -json`."""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path

import pytest

from conftest import fifo_topics, load_json, names, results_dir, topic_names

PER_TOPIC = {
    "module.messaging.aws_sqs_queue.this",
    "module.compute.aws_lambda_event_source_mapping.topic",
    "module.catalog.aws_glue_catalog_table.raw",
    "module.catalog.aws_glue_catalog_table_optimizer.raw_compaction",
    "module.observability.aws_cloudwatch_metric_alarm.topic_error_rate",
}


@pytest.fixture(scope="module")
def plan() -> dict:
    return load_json("prod-scale.plan.json")


@pytest.fixture(scope="module")
def registry() -> Path:
    results_dir()
    return Path(os.environ["LEAN_OPS_TF_SCALE_TOPICS"])


def _creates(plan: dict) -> dict[str, list[dict]]:
    by_resource: dict[str, list[dict]] = {}
    for change in plan["resource_changes"]:
        if change["mode"] == "managed" and change["change"]["actions"] == ["create"]:
            base = re.sub(r"\[[^\]]*\]", "", change["address"])
            by_resource.setdefault(base, []).append(change)
    return by_resource


def test_registry_is_at_least_700_topics(registry):
    assert len(topic_names(registry)) >= 700


def test_one_queue_mapping_raw_table_and_alarm_per_topic(plan, registry):
    topics = topic_names(registry)
    creates = _creates(plan)
    counts = {resource: Counter(change["index"] for change in creates.get(resource, [])) for resource in PER_TOPIC}
    for resource, per_key in counts.items():
        keys = set(per_key)
        expected = topics | {"raw_errors"} if resource.startswith("module.catalog.") else topics
        assert keys == expected, f"{resource}: {len(keys)} planned for {len(expected)} expected"
        assert set(per_key.values()) == {1}, f"{resource}: a topic is planned twice"


def test_queue_names_fifo_suffix_and_length(plan, registry):
    fifo = fifo_topics(registry)
    assert fifo, "the generated registry should contain FIFO topics"
    for change in _creates(plan)["module.messaging.aws_sqs_queue.this"]:
        topic, after = change["index"], change["change"]["after"]
        expected = names.queue_name_for_topic(names.queue_prefix_for("lean-ops-prod"), topic, topic in fifo)
        assert after["name"] == expected
        assert after["fifo_queue"] is (topic in fifo)
        assert len(after["name"]) <= 80
        assert after["visibility_timeout_seconds"] >= 6 * 60


def test_every_mapping_reports_failures_and_is_capped(plan, registry):
    fifo = fifo_topics(registry)
    for change in _creates(plan)["module.compute.aws_lambda_event_source_mapping.topic"]:
        after = change["change"]["after"]
        assert after["function_response_types"] == ["ReportBatchItemFailures"]
        assert 2 <= after["scaling_config"][0]["maximum_concurrency"] <= 1000
        if change["index"] in fifo:
            assert after["batch_size"] <= 10 and after["maximum_batching_window_in_seconds"] is None


def test_alarm_names_follow_the_naming_contract(plan, registry):
    alarms = {c["change"]["after"]["alarm_name"] for c in _creates(plan)["module.observability.aws_cloudwatch_metric_alarm.topic_error_rate"]}
    assert alarms == {names.error_rate_alarm_name("lean-ops-prod", topic) for topic in topic_names(registry)}


def test_singletons_are_not_multiplied_by_topics_and_streams_by_the_assignment(plan):
    creates = _creates(plan)
    streams = load_json("prod-scale.streams.json")["streams"]
    assert streams >= 2, "the scale plan exercises sharded streams"
    assert len(creates["module.ingestion.aws_kinesis_firehose_delivery_stream.this"]) == streams
    assert len(creates["module.compute.aws_lambda_function.this"]) == 4 + streams
    assert len(creates["module.messaging.aws_sqs_queue.dlq"]) == 2
    assert len(creates["module.orchestration.aws_sfn_state_machine.this"]) == 2
    for change in creates["module.ingestion.aws_kinesis_firehose_delivery_stream.this"]:
        stream = change["change"]["after"]
        assert stream["iceberg_configuration"][0]["destination_table_configuration"] == [], "routing belongs to otfMetadata"
    names_planned = {c["change"]["after"]["name"] for c in creates["module.ingestion.aws_kinesis_firehose_delivery_stream.this"]}
    assert names_planned == {names.sharded_name("lean-ops-prod-raw", stream) for stream in range(streams)}


def test_raw_tables_have_the_envelope_columns_of_schemas_raw_envelope_json(plan):
    # The one definition of the RAW envelope; the processor, transform and Glue jobs read it too.
    envelope = json.loads((Path(__file__).resolve().parents[2] / "schemas" / "raw-envelope.json").read_text())
    expected = [(column["name"], column["type"]) for column in envelope["columns"]]
    tables = _creates(plan)["module.catalog.aws_glue_catalog_table.raw"]
    for change in tables:
        [descriptor] = change["change"]["after"]["storage_descriptor"]
        planned = [(column["name"], column["type"]) for column in descriptor["columns"]]
        assert planned == expected, f"RAW table {change['index']}: {planned}"


def test_raw_compaction_optimizers_use_one_role_and_table_maintenance_is_one_job(plan, registry):
    # 750 topics: one compaction optimizer per RAW table (AWS compacts what Firehose writes), one
    # maintain job and no per-topic maintenance resource of ours (the orchestrator runs it)
    creates = _creates(plan)
    optimizers = creates["module.catalog.aws_glue_catalog_table_optimizer.raw_compaction"]
    assert {change["change"]["after"]["type"] for change in optimizers} == {"compaction"}
    assert all(change["change"]["after"]["configuration"][0]["enabled"] for change in optimizers)
    assert len(creates["module.catalog.aws_iam_role.raw_compaction"]) == 1
    jobs = {change["index"]: change["change"]["after"] for change in creates["module.orchestration.aws_glue_job.this"]}
    assert set(jobs) == {"standardize", "curate", "maintain", "audit"}
    # (default_arguments are unknown until apply: they name uploaded objects; see test_smoke_dev)
    assert jobs["maintain"]["timeout"] > jobs["standardize"]["timeout"]
