"""Policy tests on the parsed configuration (python-hcl2): what every module must declare."""

from __future__ import annotations

import re

import pytest

from conftest import MODULES, ROOT, blocks_of, required_lambda_environment

# Actions AWS does not scope to resources: only these may have "*" as resource
# (Service Authorization Reference, "Resource types" column empty).
NOT_RESOURCE_SCOPED = {
    "xray:PutTraceSegments",
    "xray:PutTelemetryRecords",
    "xray:GetSamplingRules",
    "xray:GetSamplingTargets",
    "cloudwatch:PutMetricData",
    "lambda:ListEventSourceMappings",
    "logs:CreateLogDelivery",
    "logs:GetLogDelivery",
    "logs:UpdateLogDelivery",
    "logs:DeleteLogDelivery",
    "logs:ListLogDeliveries",
    "logs:PutResourcePolicy",
    "logs:DescribeResourcePolicies",
    "logs:DescribeLogGroups",
}
LAMBDAS = {"sqs-processor", "firehose-transform", "dlq-archiver", "circuit-breaker", "checkpoints"}


def _has_star(resources) -> bool:
    """resources is a list of literals, or one expression string such as ${concat(...)}."""
    if isinstance(resources, str):
        return bool(re.search(r'(^|[\[,(]\s*)"\*"', resources))
    return "*" in resources


def _policy_statements(configs):
    for module, config in configs.items():
        for name, body in blocks_of(config, "data", "aws_iam_policy_document"):
            for statement in body.get("statement", []):
                yield module, name, statement


@pytest.mark.parametrize("module", ["root", *MODULES])
def test_every_variable_is_typed_and_described(configs, module):
    variables = configs[module].get("variable", [])
    assert variables, f"{module} declares no variables"
    for entry in variables:
        for name, body in entry.items():
            assert "type" in body, f"{module}: variable {name} has no type"
            assert str(body.get("description", "")).strip(), f"{module}: variable {name} has no description"


@pytest.mark.parametrize("module", MODULES)
def test_every_output_is_described(configs, module):
    for entry in configs[module].get("output", []):
        for name, body in entry.items():
            assert str(body.get("description", "")).strip(), f"{module}: output {name} has no description"


def test_every_queue_is_kms_encrypted_and_topic_queues_redrive_to_the_dlq_pair(configs):
    queues = dict(blocks_of(configs["messaging"], "resource", "aws_sqs_queue"))
    assert set(queues) == {"this", "dlq"}
    for name, body in queues.items():
        assert "var.kms_key_arn" in str(body.get("kms_master_key_id")), f"queue {name} is not SSE-KMS with the customer key"
        assert "policy" in body, f"queue {name} has no TLS-only policy"
    redrive = str(queues["this"]["redrive_policy"])
    assert "aws_sqs_queue.dlq" in redrive and "maxReceiveCount" in redrive
    assert '"fifo"' in redrive and '"standard"' in redrive, "FIFO topics must dead-letter to the FIFO DLQ"


def test_max_receive_count_cannot_go_below_five(configs):
    for module in ("root", "messaging"):
        [variable] = [e["max_receive_count"] for e in configs[module]["variable"] if "max_receive_count" in e]
        conditions = " ".join(str(v["condition"]) for v in variable["validation"])
        assert ">= 5" in conditions, f"{module}: max_receive_count validation must require >= 5"


def test_visibility_timeout_is_checked_against_six_times_the_processor_timeout(configs):
    [queue] = [b for n, b in blocks_of(configs["messaging"], "resource", "aws_sqs_queue") if n == "this"]
    preconditions = str(queue["lifecycle"])
    assert "6 * var.processor_timeout_seconds" in preconditions


def test_every_event_source_mapping_reports_batch_item_failures(configs):
    mappings = blocks_of(configs["compute"], "resource", "aws_lambda_event_source_mapping")
    assert {name for name, _ in mappings} == {"topic", "dlq"}
    for name, body in mappings:
        assert body.get("function_response_types") == ["ReportBatchItemFailures"], name
        assert body.get("scaling_config"), f"mapping {name} has no MaximumConcurrency"


def test_no_iam_statement_grants_star_actions_or_unscoped_resources(configs):
    checked = 0
    for module, name, statement in _policy_statements(configs):
        actions = statement.get("actions", [])
        is_resource_policy = bool(statement.get("principals"))
        for action in actions:
            assert action != "*", f"{module}.{name}: action '*'"
            if not is_resource_policy:
                assert not action.endswith(":*"), f"{module}.{name}: service-wide action {action}"
        resources = statement.get("resources", [])
        if _has_star(resources) and not is_resource_policy:
            unscoped = set(actions) - NOT_RESOURCE_SCOPED
            assert not unscoped, f"{module}.{name}: '*' resource for resource-scoped actions {sorted(unscoped)}"
        checked += 1
    assert checked >= 20, "expected the policy documents of every role"


def test_resource_policies_with_star_resources_are_key_policies_or_denies(configs):
    for module, name, statement in _policy_statements(configs):
        if statement.get("principals") and _has_star(statement.get("resources", [])):
            assert module == "storage" and name == "kms" or statement.get("effect") == "Deny", (
                f"{module}.{name}: only a KMS key policy (where '*' means this key) or a Deny may use '*'"
            )


def test_every_role_has_its_own_inline_policy(configs):
    for module in ("compute", "ingestion", "orchestration"):
        roles = {n for n, _ in blocks_of(configs[module], "resource", "aws_iam_role")}
        policies = {n for n, _ in blocks_of(configs[module], "resource", "aws_iam_role_policy")}
        assert roles and roles == policies, f"{module}: roles {roles} vs policies {policies}"
        assert not blocks_of(configs[module], "resource", "aws_iam_role_policy_attachment"), "no managed policies"


def test_every_bucket_blocks_public_access_and_is_encrypted_versioned_and_tls_only(configs):
    storage = configs["storage"]
    buckets = blocks_of(storage, "resource", "aws_s3_bucket")
    assert [n for n, _ in buckets] == ["this"]
    all_buckets = "aws_s3_bucket.this"
    [(_, block)] = blocks_of(storage, "resource", "aws_s3_bucket_public_access_block")
    assert block["for_each"] == "${" + all_buckets + "}"
    for flag in ("block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"):
        assert block[flag] in (True, "true"), flag
    for companion in ("aws_s3_bucket_versioning", "aws_s3_bucket_server_side_encryption_configuration", "aws_s3_bucket_policy", "aws_s3_bucket_lifecycle_configuration"):
        [(_, body)] = blocks_of(storage, "resource", companion)
        assert body["for_each"] == "${" + all_buckets + "}", f"{companion} must cover every bucket"
    for module in MODULES:
        if module != "storage":
            assert not blocks_of(configs[module], "resource", "aws_s3_bucket"), f"{module} creates a bucket outside storage"


def test_every_log_group_has_retention_and_kms(configs):
    found = 0
    for module in MODULES:
        for name, body in blocks_of(configs[module], "resource", "aws_cloudwatch_log_group"):
            assert "retention_in_days" in body and "kms_key_id" in body, f"{module}.{name}"
            found += 1
    assert found >= 3


def test_lambdas_are_the_five_components_on_nodejs22_arm64():
    compute = (ROOT / "modules" / "compute" / "main.tf").read_text()
    declared = set(re.findall(r'^    "([a-z-]+)" = \{', compute, flags=re.M))
    assert declared == LAMBDAS
    assert 'runtime          = "nodejs22.x"' in compute and 'architectures    = ["arm64"]' in compute
    assert 'handler          = "index.handler"' in compute


def test_every_referenced_file_is_produced_by_the_build_or_in_the_repo():
    package = (ROOT / "scripts" / "terraform" / "package.py").read_text()
    packaged = set(re.search(r"LAMBDAS = \(([^)]*)\)", package).group(1).replace('"', "").replace(" ", "").split(",")) - {""}
    assert packaged == LAMBDAS, "package.py must zip exactly the functions compute deploys"
    for name in LAMBDAS:
        source = ROOT / "lambdas" / name / "index.ts"
        bundle = ROOT / "dist" / "lambdas" / name / "index.mjs"
        if source.exists():
            assert bundle.exists(), f"{bundle} is not built: run node scripts/build.mjs"
    for definition in ("orchestrator.asl.json", "rebuilder.asl.json"):
        assert (ROOT / "modules" / "orchestration" / "definitions" / definition).exists()
    assert (ROOT / "glue-jobs" / "lean_ops_glue" / "__init__.py").exists()
    for job in ("standardize", "curate"):
        assert (ROOT / "glue-jobs" / f"{job}.py").exists(), f"glue-jobs/{job}.py, uploaded by the orchestration module"


def test_asl_templates_use_only_the_agreed_variables():
    agreed = {
        "checkpoints_function_arn", "standardize_job_name", "curate_job_name", "locks_table_name",
        "checkpoint_table_name", "map_max_concurrency", "topics_per_glue_run", "metrics_namespace",
        "maintain_job_name", "maintenance_interval_seconds", "rebuild_timeout_minutes",
        "rebuild_timeout_seconds", "rebuild_worker_type", "rebuild_number_of_workers",
    }
    for definition in ("orchestrator.asl.json", "rebuilder.asl.json"):
        text = (ROOT / "modules" / "orchestration" / "definitions" / definition).read_text()
        used = set(re.findall(r"\$\{([a-z_]+)\}", text))
        assert used <= agreed, f"{definition} uses {used - agreed}, which templatefile() does not pass"


def test_environments_declare_project_and_environment_lines():
    for env in ("dev", "staging", "prod"):
        text = (ROOT / "environments" / f"{env}.tfvars").read_text()
        assert re.search(r'^project\s*=\s*"lean-ops"$', text, flags=re.M), env
        assert re.search(rf'^environment\s*=\s*"{env}"$', text, flags=re.M), env
        backend = (ROOT / "environments" / f"{env}.s3.tfbackend").read_text()
        assert "use_lockfile = true" in backend and "encrypt      = true" in backend


def test_module_readmes_list_the_current_inputs_and_outputs():
    import subprocess
    import sys

    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "terraform" / "module_docs.py"), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def _ts_const(path: str, name: str) -> str:
    """The string value of `export const <name> = '...'` in a TypeScript file of the repository."""
    match = re.search(rf"export const {name} = '([^']+)';", (ROOT / path).read_text())
    assert match, f"{path} exports no string constant {name}"
    return match.group(1)


def _locals(config) -> dict:
    merged: dict = {}
    for entry in config.get("locals", []):
        merged.update(entry)
    return merged


def _resolve_local(config, value: str) -> str:
    """'${local.x}' → the literal value of local x (other values unchanged)."""
    match = re.fullmatch(r"\$\{local\.([a-z_]+)\}", str(value))
    return _locals(config)[match.group(1)] if match else value


def _lambda_functions(configs) -> dict:
    return _locals(configs["compute"])["functions"]


def test_every_lambda_environment_sets_what_its_config_requires(configs):
    # A variable the code requires but Terraform does not set fails the cold start in AWS only.
    # The map is tied to each config.ts by tests/unit/lambdas/common/naming/lambdaEnvironment.test.ts.
    functions = _lambda_functions(configs)
    required_by_lambda = required_lambda_environment()
    assert set(required_by_lambda) == LAMBDAS
    for name in LAMBDAS:
        required = required_by_lambda[name]
        assert required, f"lambda-environment.json requires no variable of {name}?"
        declared = set(functions[name]["environment"])
        assert required <= declared, f"{name}: Terraform does not set {sorted(required - declared)}"


def test_metrics_carry_the_service_dimension_terraform_names():
    # Powertools adds `service` = POWERTOOLS_SERVICE_NAME to every EMF metric; compute sets it to the
    # function's key, so the alarms' `service` values must be function keys.
    compute = (ROOT / "modules" / "compute" / "main.tf").read_text()
    # every stream's processor reports as the service sqs-processor (its bundle), the others as their key
    assert '{ POWERTOOLS_SERVICE_NAME = lookup(each.value, "bundle", each.key) }' in compute
    assert "POWERTOOLS_METRICS_NAMESPACE = var.metrics_namespace" in compute
    assert _ts_const("lambdas/checkpoints/constants.ts", "METRICS_SERVICE") == "checkpoints"


def test_freshness_alarm_reads_exactly_the_metric_the_checkpoints_lambda_emits(configs):
    observability = configs["observability"]
    [(_, alarm)] = [(n, b) for n, b in blocks_of(observability, "resource", "aws_cloudwatch_metric_alarm") if n == "data_freshness"]
    metric = _ts_const("lambdas/checkpoints/constants.ts", "FRESHNESS_LAG_METRIC")
    service = _ts_const("lambdas/checkpoints/constants.ts", "METRICS_SERVICE")
    assert _resolve_local(observability, alarm["metric_name"]) == metric
    assert {k: _resolve_local(observability, v) for k, v in alarm["dimensions"].items()} == {"service": service}
    assert service in _lambda_functions(configs), "the service dimension is the emitting function's key"
    # Namespace: the module variable, fed the same value the Lambdas get as POWERTOOLS_METRICS_NAMESPACE.
    assert alarm["namespace"] == "${var.metrics_namespace}"
    [namespace_var] = [e["metrics_namespace"] for e in observability["variable"] if "metrics_namespace" in e]
    emitted_namespace = _ts_const("lambdas/common/observability.ts", "METRICS_NAMESPACE")
    assert namespace_var["default"] == emitted_namespace
    assert _locals(configs["root"])["metrics_namespace"] == emitted_namespace
    [root_module] = [b for e in configs["root"]["module"] for n, b in e.items() if n == "observability"]
    [compute_module] = [b for e in configs["root"]["module"] for n, b in e.items() if n == "compute"]
    assert root_module["metrics_namespace"] == compute_module["metrics_namespace"] == "${local.metrics_namespace}"
    # Missing data pages only because the measurement runs on its own schedule besides each run.
    assert alarm["treat_missing_data"] == "breaching" and alarm["statistic"] == "Maximum"
    assert alarm["comparison_operator"] == "GreaterThanThreshold" and alarm["threshold"] == "${var.alarms.freshness_lag_seconds}"
    assert alarm["alarm_actions"] == "${local.operators}"


# The Firehose developer guide's metrics of the Apache Iceberg destination (per stream) and the
# stream-level IncomingRecords: the only names these alarms may read from AWS/Firehose.
FIREHOSE_ICEBERG_METRICS = {
    "DeliveryToIceberg.Bytes", "DeliveryToIceberg.IncomingRowCount", "DeliveryToIceberg.SuccessfulRowCount",
    "DeliveryToIceberg.FailedRowCount", "DeliveryToIceberg.DataFreshness", "DeliveryToIceberg.Success", "IncomingRecords",
}


def _alarm(configs, name):
    observability = configs["observability"]
    [alarm] = [b for n, b in blocks_of(observability, "resource", "aws_cloudwatch_metric_alarm") if n == name]
    return observability, alarm


def _alarm_metrics(alarm) -> list[dict]:
    """Every metric an alarm reads: its own, or each metric_query's."""
    if "metric_name" in alarm:
        return [{k: alarm[k] for k in ("namespace", "metric_name", "dimensions")}]
    queries = alarm["metric_query"]
    return [q["metric"][0] if isinstance(q["metric"], list) else q["metric"] for q in queries if q.get("metric")]


def test_firehose_delivery_alarms_read_the_documented_metrics_of_the_deployed_stream(configs):
    # A failed delivery is a terminal state someone sees: failed rows, records stuck in Firehose,
    # and records arriving with no row delivered each page the operators.
    root_modules = {n: b for e in configs["root"]["module"] for n, b in e.items()}
    # The streams the ingestion module creates (its output), not names that could drift from them.
    assert root_modules["observability"]["firehose_stream_names"] == "${{for stream, ingestion in module.ingestion : stream => ingestion.stream_name}}"
    assert root_modules["ingestion"]["for_each"] == "${local.stream_names}"
    assert root_modules["ingestion"]["stream_name"] == "${each.value}"
    expected = {
        "iceberg_delivery_failed": {"DeliveryToIceberg.FailedRowCount"},
        "iceberg_data_freshness": {"DeliveryToIceberg.DataFreshness"},
        "traffic_without_iceberg_rows": {"IncomingRecords", "DeliveryToIceberg.SuccessfulRowCount"},
    }
    for name, metric_names in expected.items():
        _, alarm = _alarm(configs, name)
        metrics = _alarm_metrics(alarm)
        assert {m["metric_name"] for m in metrics} == metric_names, name
        assert metric_names <= FIREHOSE_ICEBERG_METRICS
        for metric in metrics:
            assert metric["namespace"] == "AWS/Firehose", name
            assert metric["dimensions"] == {"DeliveryStreamName": "${each.value}"}, name
        assert alarm["for_each"] == "${var.firehose_stream_names}", f"{name}: one per stream"
        assert alarm["alarm_actions"] == "${local.operators}", name
        assert "docs/operations.md" in alarm["alarm_description"], name
    _, failed = _alarm(configs, "iceberg_delivery_failed")
    assert (failed["statistic"], failed["comparison_operator"], failed["threshold"]) == ("Sum", "GreaterThanThreshold", 0)


def test_firehose_error_output_never_expires_and_the_other_archive_prefixes_do():
    # The error output is the only copy of an undelivered record: kept until replayed.
    storage = (ROOT / "modules" / "storage" / "main.tf").read_text()
    expiring = re.search(r"archive_expiring_prefixes = \[([^\]]*)\]", storage)
    assert expiring, "modules/storage has no archive_expiring_prefixes"
    prefixes = set(re.findall(r'"([^"]+)"', expiring.group(1)))
    resources = (ROOT / "lambdas" / "common" / "naming" / "resources.ts").read_text()
    archive = dict(re.findall(r"(\w+): '([a-z-]+/)'", resources[resources.index("ARCHIVE_PREFIXES") :]))
    assert prefixes == {value for key, value in archive.items() if key != "firehoseErrors"}
    assert archive["firehoseErrors"] not in prefixes
    # Expiration appears only in per-prefix rules (the archive's, and the artifacts bucket's
    # orchestrator/ state), never in one that covers a whole bucket.
    expirations = re.findall(r"^\s*expiration \{", storage, re.M)
    per_prefix = re.findall(r"filter \{\s*prefix = rule\.value\s*\}\s*expiration \{", storage)
    assert len(expirations) == len(per_prefix) == 2


def test_transform_processing_failed_alarm_reads_exactly_the_metric_the_transform_emits(configs):
    observability, alarm = _alarm(configs, "transform_processing_failed")
    metric = _ts_const("lambdas/firehose-transform/constants.ts", "PROCESSING_FAILED_METRIC")
    service = _ts_const("lambdas/firehose-transform/constants.ts", "METRICS_SERVICE")
    assert _resolve_local(observability, alarm["metric_name"]) == metric
    assert {k: _resolve_local(observability, v) for k, v in alarm["dimensions"].items()} == {"service": service}
    assert service in _lambda_functions(configs), "the service dimension is the emitting function's key"
    assert alarm["namespace"] == "${var.metrics_namespace}"
    index = (ROOT / "lambdas" / "firehose-transform" / "index.ts").read_text()
    assert "metrics.addMetric(PROCESSING_FAILED_METRIC," in index and "createMetrics(METRICS_SERVICE)" in index
    assert (alarm["statistic"], alarm["threshold"], alarm["alarm_actions"]) == ("Sum", 0, "${local.operators}")


def test_curated_freshness_is_measured_on_a_schedule_and_at_the_end_of_every_run(configs):
    orchestration = configs["orchestration"]
    [(_, rule)] = [(n, b) for n, b in blocks_of(orchestration, "resource", "aws_cloudwatch_event_rule") if n == "freshness"]
    assert rule["schedule_expression"] == "${var.freshness_schedule_expression}"
    [(_, target)] = [(n, b) for n, b in blocks_of(orchestration, "resource", "aws_cloudwatch_event_target") if n == "freshness"]
    assert target["arn"] == "${var.checkpoints_function_arn}" and '"freshness"' in target["input"]
    [(_, permission)] = blocks_of(orchestration, "resource", "aws_lambda_permission")
    assert permission["principal"] == "events.amazonaws.com"
    assert permission["source_arn"] == "${aws_cloudwatch_event_rule.freshness.arn}"
    [variable] = [e["freshness_schedule_expression"] for e in orchestration["variable"] if "freshness_schedule_expression" in e]
    assert re.fullmatch(r"rate\((\d+) minutes\)", variable["default"]) and int(variable["default"][5:-9]) < 15, (
        "at least one reading per 900 s alarm period"
    )
    definition = (ROOT / "modules" / "orchestration" / "definitions" / "orchestrator.asl.json").read_text()
    assert '"Payload": { "action": "freshness" }' in definition


def test_topic_error_rate_alarm_reads_the_processor_metrics_with_their_emitted_dimensions(configs):
    observability = configs["observability"]
    [(_, alarm)] = [(n, b) for n, b in blocks_of(observability, "resource", "aws_cloudwatch_metric_alarm") if n == "topic_error_rate"]
    report = (ROOT / "lambdas" / "sqs-processor" / "report.ts").read_text()
    assert "metrics.addDimension('topic', topic);" in report
    metrics = [query["metric"][0] for query in alarm["metric_query"] if "metric" in query]
    assert {metric["metric_name"] for metric in metrics} == {"RecordsReceived", "RecordsRetried"}
    for metric in metrics:
        assert f"metrics.addMetric('{metric['metric_name']}'" in report
        dimensions = {k: _resolve_local(observability, v) for k, v in metric["dimensions"].items()}
        assert dimensions == {"service": "sqs-processor", "topic": "${each.key}"}
        assert "sqs-processor" in _lambda_functions(configs)


def test_raw_partition_spec_step_matches_raw_schema_py():
    # Terraform creates the RAW tables without a partition spec (docs/decisions.md); docs/deploy.md
    # gives the one-time evolution to day(ingested_at). It must name what raw_schema.py declares.
    from lean_ops_glue import raw_schema

    schema = raw_schema.iceberg_schema()
    [field] = raw_schema.iceberg_partition_spec(schema).fields
    assert str(field.transform) == "day"
    statement = f"ADD PARTITION FIELD days({schema.find_field(field.source_id).name}) AS {field.name}"
    deploy = (ROOT / "docs" / "deploy.md").read_text()
    assert statement in deploy, f"docs/deploy.md must give: ALTER TABLE ... {statement}"
    catalog = (ROOT / "modules" / "catalog" / "main.tf").read_text()
    if "partition_spec" not in catalog:
        assert "Terraform creates the RAW tables without a partition spec" in deploy


def test_maintenance_alarm_reads_exactly_the_metric_the_orchestrator_emits(configs):
    definition = (ROOT / "modules" / "orchestration" / "definitions" / "orchestrator.asl.json").read_text()
    emitted = set(re.findall(r'"MetricName": "(Maintenance[A-Za-z]+)"', definition))
    _, alarm = _alarm(configs, "maintenance_failing")
    assert emitted == {alarm["metric_name"]}
    assert "dimensions" not in alarm  # the state machine puts the metric without dimensions
    assert alarm["namespace"] == "${var.metrics_namespace}" and alarm["alarm_actions"] == "${local.operators}"


def test_table_snapshots_alarm_reads_exactly_the_metric_the_checkpoints_lambda_emits(configs):
    observability, alarm = _alarm(configs, "table_snapshots")
    assert alarm["metric_name"] == _ts_const("lambdas/checkpoints/constants.ts", "TABLE_SNAPSHOTS_MAX_METRIC")
    service = _ts_const("lambdas/checkpoints/constants.ts", "METRICS_SERVICE")
    assert {k: _resolve_local(observability, v) for k, v in alarm["dimensions"].items()} == {"service": service}
    assert alarm["statistic"] == "Maximum" and alarm["threshold"] == "${var.table_snapshots_alarm_threshold}"


def test_state_machine_alarms_count_failed_timed_out_and_aborted_executions(configs):
    _, alarm = _alarm(configs, "state_machine_failed")
    [expression] = [q for q in alarm["metric_query"] if q.get("return_data")]
    [queries] = [block["metric_query"] for block in alarm["dynamic"] if "metric_query" in block]
    assert set(queries["for_each"].values()) == {"ExecutionsFailed", "ExecutionsTimedOut", "ExecutionsAborted"}
    assert set(expression["expression"].replace("+", " ").split()) == set(queries["for_each"])
    [metric] = queries["content"][0]["metric"]
    assert metric["namespace"] == "AWS/States" and metric["dimensions"] == {"StateMachineArn": "${each.value}"}


def test_failed_and_unmeasured_topics_page_someone(configs):
    _, failed = _alarm(configs, "orchestrator_failed_topics")
    definition = (ROOT / "modules" / "orchestration" / "definitions" / "orchestrator.asl.json").read_text()
    assert f'"MetricName": "{failed["metric_name"]}"' in definition
    observability, unmeasured = _alarm(configs, "unmeasured_topics")
    assert unmeasured["metric_name"] == _ts_const("lambdas/checkpoints/constants.ts", "FRESHNESS_UNMEASURED_METRIC")
    _, quarantined = _alarm(configs, "quarantined_topics")
    assert quarantined["metric_name"] == _ts_const("lambdas/checkpoints/constants.ts", "QUARANTINED_TOPICS_METRIC")
    assert quarantined["dimensions"] == {"service": "${local.checkpoints_service}"}
    for alarm in (failed, unmeasured, quarantined):
        assert alarm["alarm_actions"] == "${local.operators}"


def test_a_topic_that_fails_and_then_backs_off_still_pages(configs):
    # lambdas/checkpoints/topicIsolation.ts retries a failure at once, then backs off 15 min: a
    # failing topic fails in two consecutive cycles, then skips one, so "3 in a row" would never fire
    _, failed = _alarm(configs, "orchestrator_failed_topics")
    assert failed["period"] == 900 and failed["datapoints_to_alarm"] <= 2 <= failed["evaluation_periods"]


def _statements(configs, module: str, document: str) -> dict[str, dict]:
    [(_, policy)] = [(n, b) for n, b in blocks_of(configs[module], "data", "aws_iam_policy_document") if n == document]
    return {statement["sid"]: statement for statement in policy["statement"]}


def test_processor_writes_only_oversized_envelopes_and_the_breaker_reads_no_alarms(configs):
    [processor_policy] = [n for n, _ in blocks_of(configs["compute"], "data", "aws_iam_policy_document") if "processor" in n]
    oversized = _statements(configs, "compute", processor_policy)["WriteOversizedEnvelopes"]
    assert oversized["resources"] == ["${local.archive_bucket_arn}/oversized/*"]
    # the prefix the processor writes under (lambdas/common/naming/resources.ts)
    assert "oversized: 'oversized/'," in (ROOT / "lambdas" / "common" / "naming" / "resources.ts").read_text()
    every_action = {
        action
        for _, policy in blocks_of(configs["compute"], "data", "aws_iam_policy_document")
        for statement in policy.get("statement", [])
        for action in statement.get("actions", [])
    }
    assert "cloudwatch:DescribeAlarms" not in every_action
    for source in (ROOT / "lambdas").rglob("*.ts"):
        assert "DescribeAlarms" not in source.read_text(), source


def test_breaker_probation_covers_the_error_rate_alarm_window(configs):
    root = configs["root"]
    [compute] = [b for e in root["module"] for n, b in e.items() if n == "compute"]
    [observability] = [b for e in root["module"] for n, b in e.items() if n == "observability"]
    assert compute["breaker_probation_seconds"] == (
        "${var.alarms.error_rate_period_seconds * (local.error_rate_evaluation_periods + 1)}"
    )
    assert observability["error_rate_evaluation_periods"] == "${local.error_rate_evaluation_periods}"
    _, alarm = _alarm(configs, "topic_error_rate")
    assert alarm["evaluation_periods"] == alarm["datapoints_to_alarm"] == "${var.error_rate_evaluation_periods}"
    config = (ROOT / "lambdas" / "circuit-breaker" / "config.ts").read_text()
    assert "integerEnv('PROBATION_SECONDS'" in config


def test_orchestrator_state_is_written_only_under_its_prefix_and_expires(configs):
    # lambdas/checkpoints/executionState.ts keeps every key under `orchestrator/<execution>/`
    state_ts = (ROOT / "lambdas" / "checkpoints" / "executionState.ts").read_text()
    assert "const root = (execution: string) => `orchestrator/${execution}`;" in state_ts
    statement = _statements(configs, "compute", "checkpoints")["ExecutionState"]
    assert statement["resources"] == ["${local.artifacts_arn}/orchestrator/*"]
    assert set(statement["actions"]) == {"s3:GetObject", "s3:PutObject"}
    storage = (ROOT / "modules" / "storage" / "main.tf").read_text()
    assert re.search(r'each\.key == "artifacts" \? \["orchestrator/"\]', storage)


def test_dlq_index_items_expire_after_their_archived_bodies(configs):
    # The archiver stamps expires_at = body expiry + INDEX_GRACE_DAYS (buildArchiveEntry.ts) from
    # ARCHIVE_EXPIRATION_DAYS, which is the same figure as the archive's dlq/ lifecycle expiry.
    archiver_ts = (ROOT / "lambdas" / "dlq-archiver" / "buildArchiveEntry.ts").read_text()
    assert "expires_at: Math.floor(" in archiver_ts
    state_tf = (ROOT / "modules" / "state" / "main.tf").read_text()
    dlq_block = state_tf[state_tf.index("dlq_index = {") : state_tf.index("breaker = {")]
    assert re.search(r'ttl_attribute\s*=\s*"expires_at"', dlq_block)
    compute = (ROOT / "modules" / "compute" / "main.tf").read_text()
    assert "ARCHIVE_EXPIRATION_DAYS = tostring(var.archive_expiration_days)" in compute
    root = (ROOT / "main.tf").read_text()
    assert "archive_expiration_days = var.archive_retention.expiration_days" in root
    storage = (ROOT / "modules" / "storage" / "main.tf").read_text()
    assert '"dlq/"' in re.search(r"archive_expiring_prefixes = \[([^\]]*)\]", storage).group(1)
    assert "days = var.archive_retention.expiration_days" in storage


def test_alarm_service_may_use_the_key_only_for_this_account(configs):
    statements = _statements(configs, "storage", "kms")
    alarms = statements["AlarmsPublishToEncryptedTopics"]
    assert alarms["principals"][0]["identifiers"] == ["cloudwatch.amazonaws.com"]
    [condition] = alarms["condition"]
    assert (condition["test"], condition["variable"], condition["values"]) == (
        "StringEquals",
        "aws:SourceAccount",
        ["${var.account_id}"],
    )
    # EventBridge's deliveries do not carry aws:SourceAccount to KMS: a condition would drop them
    rules = statements["RulesPublishToEncryptedTopics"]
    assert rules["principals"][0]["identifiers"] == ["events.amazonaws.com"]
    assert "condition" not in rules


def test_glue_jobs_log_to_log_groups_terraform_manages(configs):
    # Glue 5.0: --custom-logGroup-prefix P sends the jobs' logs to P/error and P/output
    glue = (ROOT / "modules" / "orchestration" / "glue.tf").read_text()
    assert '"--custom-logGroup-prefix"           = local.glue_log_group_prefix' in glue
    assert 'for_each = toset(["error", "output"])' in glue
    assert 'name              = "${local.glue_log_group_prefix}/${each.key}"' in glue


def test_only_the_glue_role_reads_what_the_audit_reads(configs):
    # docs/audit.md: the audit job's role reads the DLQ index and firehose-errors/; the state
    # machines neither start the audit job nor read what it reads
    glue = _statements(configs, "orchestration", "glue")
    assert glue["AuditReadsDlqIndex"]["actions"] == ["dynamodb:Query"]
    assert glue["AuditWritesResults"]["resources"] == ["${local.artifacts_arn}/audit/*"]
    state_machine = _statements(configs, "orchestration", "state_machine")
    assert not [sid for sid in state_machine if sid.startswith("Audit")]
