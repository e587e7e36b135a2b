"""Sharded Firehose streams (issue 20): one stream and one sqs-processor per entry of the
`lean-ops capacity --write` document, stream 0 keeping the unsharded names.

The second-stream plan runs against the applied one-stream dev deployment, with the added topic
on stream 1 and every deployed topic on stream 0: nothing deployed may be replaced or moved, and
only the breaker (which toggles every stream's mappings) and the dashboard change in place.
"""

from __future__ import annotations

import re

import pytest

from conftest import load_json, names

NAME = "lean-ops-dev"
# What a second stream may update in place: the breaker learns the new processor (environment,
# policy condition) and the dashboard plots the new stream.
UPDATED_FOR_A_NEW_STREAM = {
    'module.compute.aws_lambda_function.this["circuit-breaker"]',
    'module.compute.aws_iam_role_policy.this["circuit-breaker"]',
    "module.observability.aws_cloudwatch_dashboard.this",
}


def _changes(plan: dict) -> dict[str, dict]:
    return {c["address"]: c for c in plan["resource_changes"] if c["mode"] == "managed"}


def _base(address: str) -> str:
    return re.sub(r"\[[^\]]*\]", "", address)


@pytest.fixture(scope="module")
def second_stream() -> dict[str, dict]:
    return _changes(load_json("dev-second-stream.plan.json"))


def test_sharding_is_a_moved_block_not_a_replacement(configs):
    moved = [block for block in configs["root"].get("moved", [])]
    assert {"from": "${module.ingestion}", "to": '${module.ingestion["0"]}'} in moved
    alarm_moves = {(block["from"], block["to"]) for block in configs["observability"].get("moved", [])}
    for alarm in ("iceberg_delivery_failed", "iceberg_data_freshness", "traffic_without_iceberg_rows"):
        address = f"aws_cloudwatch_metric_alarm.{alarm}"
        assert (f"${{{address}}}", f'${{{address}["0"]}}') in alarm_moves, alarm


def test_nothing_deployed_is_replaced_or_deleted(second_stream):
    for address, change in second_stream.items():
        actions = change["change"]["actions"]
        assert "delete" not in actions, f"{address}: {actions}"


def test_stream_zero_and_every_deployed_topic_stay_as_they_are(second_stream):
    baseline = _changes(load_json("dev-baseline.plan.json"))
    for address, change in second_stream.items():
        if address not in baseline or address in UPDATED_FOR_A_NEW_STREAM:
            continue
        assert change["change"]["actions"] == baseline[address]["change"]["actions"], address
        assert change["change"]["after"] == baseline[address]["change"]["after"], address


def test_only_the_new_stream_its_processor_and_the_new_topic_are_created(second_stream):
    added = load_json("dev-second-stream.streams.json")
    [new_topic] = [topic for topic, stream in added["topics"].items() if stream == 1]
    created = {a: c for a, c in second_stream.items() if c["change"]["actions"] == ["create"]}
    for address in created:
        per_stream = address.startswith('module.ingestion["1"]') or '"sqs-processor-1"' in address or address.endswith('["1"]')
        assert per_stream or f'"{new_topic}"' in address, f"{address} created for an unrelated reason"
    bases = {_base(a) for a in created}
    assert "module.ingestion.aws_kinesis_firehose_delivery_stream.this" in bases
    assert "module.compute.aws_lambda_function.this" in bases
    assert "module.observability.aws_cloudwatch_metric_alarm.iceberg_delivery_failed" in bases

    stream = created['module.ingestion["1"].aws_kinesis_firehose_delivery_stream.this']["change"]["after"]
    assert stream["name"] == names.sharded_name(f"{NAME}-raw", 1)
    processor = created['module.compute.aws_lambda_function.this["sqs-processor-1"]']["change"]["after"]
    assert processor["function_name"] == names.sharded_name(f"{NAME}-sqs-processor", 1)
    environment = processor["environment"][0]["variables"]
    assert environment["FIREHOSE_STREAM_NAME"] == stream["name"]
    assert environment["POWERTOOLS_SERVICE_NAME"] == "sqs-processor", "per-topic alarms read service=sqs-processor"
    alarm = created['module.observability.aws_cloudwatch_metric_alarm.iceberg_delivery_failed["1"]']["change"]["after"]
    assert alarm["dimensions"] == {"DeliveryStreamName": stream["name"]}
    assert alarm["alarm_name"] == f"{NAME}-iceberg-delivery-failed-1"


def test_the_new_topic_is_consumed_by_the_new_streams_processor(second_stream):
    added = load_json("dev-second-stream.streams.json")
    [new_topic] = [topic for topic, stream in added["topics"].items() if stream == 1]
    mapping = second_stream[f'module.compute.aws_lambda_event_source_mapping.topic["{new_topic}"]']["change"]
    # the new processor's ARN is known only after apply: the mapping waits for it
    assert mapping["after_unknown"].get("function_name") is True
    deployed = [c["change"] for a, c in second_stream.items() if a.startswith("module.compute.aws_lambda_event_source_mapping.topic[") and new_topic not in a]
    assert deployed and all(change["actions"] == ["no-op"] for change in deployed)


def test_the_breaker_toggles_every_streams_processor(second_stream):
    breaker = second_stream['module.compute.aws_lambda_function.this["circuit-breaker"]']["change"]["after"]
    assert breaker["environment"][0]["variables"]["PROCESSOR_STREAMS"] == "2"
    policy = second_stream['module.compute.aws_iam_role_policy.this["circuit-breaker"]']["change"]["after"]["policy"]
    assert f"function:{NAME}-sqs-processor-1" in policy and f'function:{NAME}-sqs-processor"' in policy
