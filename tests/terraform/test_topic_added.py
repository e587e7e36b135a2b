"""Adding one topic to the registry of an applied dev deployment: the plan adds that topic's
resources and nothing else changes, above all not the Firehose stream.

Both plans run against the same applied state; `baseline` uses the unchanged registry, so
differences the emulator itself causes (attributes moto does not echo) cancel out.
"""

from __future__ import annotations

import os

import pytest

from conftest import load_json, results_dir

STREAM = 'module.ingestion["0"].aws_kinesis_firehose_delivery_stream.this'


@pytest.fixture(scope="module")
def added_topic() -> str:
    results_dir()
    return os.environ["LEAN_OPS_TF_ADDED_TOPIC"]


def _changes(plan: dict) -> dict[str, dict]:
    return {c["address"]: c for c in plan["resource_changes"] if c["change"]["actions"] != ["no-op"]}


def test_only_the_new_topics_resources_are_created(added_topic):
    baseline, grown = _changes(load_json("dev-baseline.plan.json")), _changes(load_json("dev-added-topic.plan.json"))
    new = {address: c for address, c in grown.items() if address not in baseline}
    assert new, "the grown registry planned nothing new"
    for address, change in new.items():
        assert f'"{added_topic}"' in address or f'"topic/{added_topic}"' in address, f"{address} changed for an unrelated reason"
        assert change["change"]["actions"] in (["create"], ["read"]), f"{address}: {change['change']['actions']}"
    created = {c["address"].split("[")[0] for c in new.values() if c["mode"] == "managed"}
    assert created == {
        "module.messaging.aws_sqs_queue.this",
        "module.compute.aws_lambda_event_source_mapping.topic",
        "module.catalog.aws_glue_catalog_table.raw",
        "module.observability.aws_cloudwatch_metric_alarm.topic_error_rate",
    }


def test_existing_resources_are_planned_exactly_as_without_the_topic(added_topic):
    baseline, grown = _changes(load_json("dev-baseline.plan.json")), _changes(load_json("dev-added-topic.plan.json"))
    for address, change in grown.items():
        if address in baseline:
            assert change["change"]["actions"] == baseline[address]["change"]["actions"], address
            assert change["change"]["after"] == baseline[address]["change"]["after"], address


def test_the_firehose_stream_is_never_replaced_or_changed():
    plan = load_json("dev-added-topic.plan.json")
    baseline = load_json("dev-baseline.plan.json")
    [stream] = [c for c in plan["resource_changes"] if c["address"] == STREAM]
    [before] = [c for c in baseline["resource_changes"] if c["address"] == STREAM]
    assert "delete" not in stream["change"]["actions"] and "create" not in stream["change"]["actions"]
    assert stream["change"]["actions"] == before["change"]["actions"]
    assert stream["change"]["after"] == before["change"]["after"]
    assert not stream["change"].get("replace_paths")


def test_nothing_is_destroyed():
    for change in load_json("dev-added-topic.plan.json")["resource_changes"]:
        assert "delete" not in change["change"]["actions"], change["address"]
