"""After `terraform apply` of dev on the local endpoint: what exists is what the Lambdas'
environment (docs/naming.md) says exists. Names are rebuilt here from naming.md's patterns, not
read back from Terraform, so a drift between the two fails."""

from __future__ import annotations

import json
import os
from pathlib import Path

import boto3
import pytest

from conftest import ROOT, load_json, names, required_lambda_environment, results_dir, topic_names, topic_queue_names

NAME = "lean-ops-dev"
RESOURCES = names.resource_names(NAME, "000000000000")
DB = "lean_ops_dev"
TOPICS_DIR = ROOT / "schemas" / "topics"
REQUIRED_ENV = required_lambda_environment()
KEY_SCHEMAS = {
    f"{NAME}-checkpoints": [("topic", "HASH"), ("layer", "RANGE")],
    f"{NAME}-locks": [("lock_name", "HASH")],
    f"{NAME}-dlq-index": [("topic", "HASH"), ("sk", "RANGE")],
    f"{NAME}-breaker": [("topic", "HASH")],
    f"{NAME}-schema-registry": [("topic", "HASH")],
}


@pytest.fixture(scope="module")
def endpoint() -> dict:
    results_dir()
    return json.loads(Path(os.environ["LEAN_OPS_TF_ENDPOINT_STATE"]).read_text())


@pytest.fixture(scope="module")
def aws(endpoint):
    def client(service: str):
        url = {"sqs": endpoint["sqs_url"], "cloudwatch": endpoint["gateway_url"]}.get(service, endpoint["moto_url"])
        return boto3.client(service, endpoint_url=url, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")

    return client


@pytest.fixture(scope="module")
def functions(aws) -> dict[str, dict]:
    lam = aws("lambda")
    return {lambda_name: lam.get_function_configuration(FunctionName=f"{NAME}-{lambda_name}") for lambda_name in REQUIRED_ENV}


def test_one_queue_per_topic_plus_the_dlq_pair(aws):
    expected = topic_queue_names(NAME, TOPICS_DIR)
    urls = aws("sqs").list_queues(QueueNamePrefix=NAME)["QueueUrls"]
    assert {url.rsplit("/", 1)[-1] for url in urls} == expected | {RESOURCES["dlqStandard"], RESOURCES["dlqFifo"]}


def test_topic_queues_redrive_to_the_matching_dlq_after_at_least_five_receives(aws, functions):
    sqs = aws("sqs")
    processor_timeout = functions["sqs-processor"]["Timeout"]
    for url in sqs.list_queues(QueueNamePrefix=f"{NAME}-topic-")["QueueUrls"]:
        attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
        redrive = json.loads(attributes["RedrivePolicy"])
        dlq = RESOURCES["dlqFifo"] if url.endswith(names.FIFO_QUEUE_SUFFIX) else RESOURCES["dlqStandard"]
        assert redrive["deadLetterTargetArn"].endswith(f":{dlq}"), url
        assert int(redrive["maxReceiveCount"]) >= 5
        assert int(attributes["VisibilityTimeout"]) >= 6 * processor_timeout


def test_functions_run_nodejs22_on_arm64_with_the_contracted_environment(functions):
    for lambda_name, config in functions.items():
        assert config["Runtime"] == "nodejs22.x" and config["Architectures"] == ["arm64"]
        assert config["Handler"] == "index.handler"
        env = config["Environment"]["Variables"]
        assert REQUIRED_ENV[lambda_name] <= set(env), f"{lambda_name} misses {REQUIRED_ENV[lambda_name] - set(env)}"
        assert env["POWERTOOLS_METRICS_NAMESPACE"] == "LeanOps"
        assert env["POWERTOOLS_SERVICE_NAME"] == lambda_name
        if "QUEUE_NAME_PREFIX" in env:
            assert env["QUEUE_NAME_PREFIX"] == f"{NAME}-topic-"


def test_environment_names_resources_that_exist(aws, functions):
    processor = functions["sqs-processor"]["Environment"]["Variables"]
    assert processor["FIREHOSE_STREAM_NAME"] == f"{NAME}-raw"
    aws("firehose").describe_delivery_stream(DeliveryStreamName=processor["FIREHOSE_STREAM_NAME"])
    s3 = aws("s3")
    archive = functions["dlq-archiver"]["Environment"]["Variables"]["ARCHIVE_BUCKET"]
    assert archive == processor["ERROR_BUCKET"] and archive.startswith(f"{NAME}-archive-")
    s3.head_bucket(Bucket=archive)
    breaker = functions["circuit-breaker"]["Environment"]["Variables"]
    aws("lambda").get_function(FunctionName=breaker["PROCESSOR_FUNCTION_NAME"])
    checkpoints = functions["checkpoints"]["Environment"]["Variables"]
    glue = aws("glue")
    for variable, layer in (("RAW_DATABASE_NAME", "raw"), ("STANDARDIZED_DATABASE_NAME", "standardized"), ("CURATED_DATABASE_NAME", "curated")):
        assert checkpoints[variable] == f"{DB}_{layer}"
        glue.get_database(Name=checkpoints[variable])
    for variable in ("CHECKPOINT_TABLE",):
        assert checkpoints[variable] in KEY_SCHEMAS
    assert functions["dlq-archiver"]["Environment"]["Variables"]["ERROR_INDEX_TABLE"] == f"{NAME}-dlq-index"
    assert breaker["BREAKER_TABLE"] == f"{NAME}-breaker"


def test_dynamodb_tables_have_the_contracted_key_schemas(aws):
    ddb = aws("dynamodb")
    for table, keys in KEY_SCHEMAS.items():
        described = ddb.describe_table(TableName=table)["Table"]
        assert [(k["AttributeName"], k["KeyType"]) for k in described["KeySchema"]] == keys, table
    ttl = ddb.describe_time_to_live(TableName=f"{NAME}-locks")["TimeToLiveDescription"]
    assert ttl["AttributeName"] == "expires_at" and ttl["TimeToLiveStatus"] == "ENABLED"


def test_a_raw_iceberg_table_per_topic_and_raw_errors(aws):
    tables = {t["Name"] for t in aws("glue").get_tables(DatabaseName=f"{DB}_raw")["TableList"]}
    expected = {names.table_name_for_topic(t) for t in topic_names(TOPICS_DIR)} | {names.RAW_ERRORS_TABLE}
    assert tables == expected


def _mappings_of(aws, function_name: str) -> list[dict]:
    # moto filters list_event_source_mappings by FunctionName only on ARNs, so filter here.
    pages = aws("lambda").get_paginator("list_event_source_mappings").paginate()
    mappings = [m for page in pages for m in page["EventSourceMappings"]]
    return [m for m in mappings if m["FunctionArn"].endswith(f":function:{function_name}")]


def test_each_topic_queue_has_one_mapping_reporting_batch_item_failures(aws):
    mappings = _mappings_of(aws, f"{NAME}-sqs-processor")
    expected = topic_queue_names(NAME, TOPICS_DIR)
    assert sorted(m["EventSourceArn"].rsplit(":", 1)[-1] for m in mappings) == sorted(expected)
    assert all(m["FunctionResponseTypes"] == ["ReportBatchItemFailures"] for m in mappings)
    assert all(m["ScalingConfig"]["MaximumConcurrency"] >= 2 for m in mappings)
    archiver = _mappings_of(aws, f"{NAME}-dlq-archiver")
    assert sorted(m["EventSourceArn"].rsplit(":", 1)[-1] for m in archiver) == [RESOURCES["dlqStandard"], RESOURCES["dlqFifo"]]


def test_every_topic_has_its_error_rate_alarm_on_the_breaker_topic(aws):
    alarms = aws("cloudwatch").describe_alarms(AlarmNamePrefix=f"{NAME}-topic-error-rate-")["MetricAlarms"]
    assert {a["AlarmName"] for a in alarms} == {names.error_rate_alarm_name(NAME, t) for t in topic_names(TOPICS_DIR)}
    assert all(a["AlarmActions"] == [a["AlarmActions"][0]] and a["AlarmActions"][0].endswith(f":{NAME}-breaker-alarms") for a in alarms)


def test_terraform_outputs_agree_with_the_naming_contract():
    outputs = {name: value["value"] for name, value in load_json("dev-outputs.json").items()}
    assert outputs["queue_name_prefix"] == f"{NAME}-topic-"
    assert outputs["firehose_stream_name"] == f"{NAME}-raw"
    assert outputs["dlq_names"] == {"standard": RESOURCES["dlqStandard"], "fifo": RESOURCES["dlqFifo"]}
    assert outputs["glue_job_names"] == {
        "standardize": f"{NAME}-standardize",
        "curate": f"{NAME}-curate",
        "maintain": f"{NAME}-maintain",
        "audit": f"{NAME}-audit",
    }
    assert set(outputs["dynamodb_table_names"].values()) == set(KEY_SCHEMAS)


def test_the_maintain_job_has_its_policy_and_dev_compacts_raw_with_it(aws):
    # dev.tfvars: maintenance.raw_compaction = "job" (no optimizers, the job compacts RAW)
    job = aws("glue").get_job(JobName=f"{NAME}-maintain")["Job"]
    arguments = job["DefaultArguments"]
    assert arguments["--compact-raw"] == "true"
    assert float(arguments["--orphan-min-age-hours"]) >= 24
    assert arguments["--maintenance-interval-hours"] == "24"
    assert job["Timeout"] == 120
    assert job["Command"]["ScriptLocation"].endswith("/maintain.py")


def test_the_audit_job_reads_the_dlq_index_and_the_firehose_error_output_and_pages_nobody(aws):
    # docs/audit.md: started by `lean-ops audit`, never by the orchestrator
    job = aws("glue").get_job(JobName=f"{NAME}-audit")["Job"]
    arguments = job["DefaultArguments"]
    assert arguments["--dlq-index-table"] == RESOURCES["dlqIndexTable"]
    assert arguments["--archive-bucket"] == RESOURCES["archiveBucket"]
    assert job["Command"]["ScriptLocation"].endswith("/audit.py")
    rules = aws("events").list_rules(NamePrefix=NAME)["Rules"]
    patterns = [rule.get("EventPattern", "") for rule in rules]
    assert any(f"{NAME}-maintain" in pattern for pattern in patterns)
    assert not any(f"{NAME}-audit" in pattern for pattern in patterns)
