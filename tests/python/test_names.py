"""The Python name rules (lean_ops_glue.names) against docs/naming.md, written out; the
TypeScript rules are compared with these in tests/integration/naming/crossLanguage.test.ts."""

from __future__ import annotations

import pytest

from lean_ops_glue import names


def test_names_every_resource_of_a_deployment_as_the_doc_does():
    resources = names.resource_names("lean-ops-dev", "123456789012")
    assert resources["queueNamePrefix"] == "lean-ops-dev-topic-"
    assert resources["dlqFifo"] == "lean-ops-dev-dlq.fifo"
    assert resources["rawDatabase"] == "lean_ops_dev_raw"
    assert resources["curatedDatabase"] == "lean_ops_dev_curated"
    assert resources["dlqIndexTable"] == "lean-ops-dev-dlq-index"
    assert resources["archiveBucket"] == "lean-ops-dev-archive-123456789012"
    assert names.error_rate_alarm_name("lean-ops-dev", "gps") == "lean-ops-dev-topic-error-rate-gps"


def test_stream_zero_keeps_the_unsharded_names_and_stream_k_ends_in_k():
    assert names.sharded_name("lean-ops-dev-raw", 0) == "lean-ops-dev-raw"
    assert names.sharded_name("lean-ops-dev-sqs-processor", 3) == "lean-ops-dev-sqs-processor-3"
    with pytest.raises(ValueError):
        names.sharded_name("lean-ops-dev-raw", -1)


def test_maps_topics_to_tables_and_paths_to_columns():
    assert names.table_name_for_topic("engine-temperature") == "engine_temperature"
    assert names.column_name_for_field("engine.coolant_c") == "engine__coolant_c"
    assert names.queue_name_for_topic("p-topic-", "door-events", fifo=True) == "p-topic-door-events.fifo"


@pytest.mark.parametrize(
    ("topic", "valid"),
    [("gps-position", True), ("a" * 48, True), ("a" * 49, False), ("Upper", False), ("dotted.topic", False),
     ("raw_errors", False), ("curated-errors", False), ("", False), (None, False)],
)
def test_accepts_only_well_formed_topics_outside_the_reserved_tables(topic, valid):
    assert names.is_valid_topic_name(topic) is valid
