locals {
  operators = [aws_sns_topic.this["operators"].arn]

  # Powertools Metrics adds the dimension `service` = POWERTOOLS_SERVICE_NAME (the function's key in
  # modules/compute) to every EMF metric, so an alarm must name it: CloudWatch matches the exact
  # dimension set. tests/terraform/test_policies.py compares these with the Lambda code.
  processor_service   = "sqs-processor"
  checkpoints_service = "checkpoints"

  # lambdas/checkpoints/constants.ts FRESHNESS_LAG_METRIC: the fleet-wide maximum has only the
  # `service` dimension; per-topic points (dimension `topic` too) are for the dashboard.
  freshness_metric_name = "CuratedFreshnessLagSeconds"
}

# Terraform re-evaluates a resource's for_each for every instance it plans, and a set is sorted
# each time: at thousands of topics toset(var.topics) here was the largest share of the plan.
# A map built once in a local costs one lookup per instance (docs/benchmarks.md, Scale).
locals {
  topic_keys = { for topic in var.topics : topic => topic }
}

# Per topic: RecordsRetried / RecordsReceived in percent, but only above a minimum volume so a
# quiet topic with one failure does not trip. Missing data is "not breaching": a topic the
# breaker stopped produces no metrics, and the breaker re-opens it on a timer (HALF_OPEN).
resource "aws_cloudwatch_metric_alarm" "topic_error_rate" {
  for_each = local.topic_keys

  alarm_name          = "${var.name}-topic-error-rate-${each.key}"
  alarm_description   = "Retried/received records of topic ${each.key} above ${var.alarms.error_rate_percent}% with at least ${var.alarms.error_rate_min_records} records"
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.alarms.error_rate_percent
  evaluation_periods  = var.error_rate_evaluation_periods
  datapoints_to_alarm = var.error_rate_evaluation_periods
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.this["breaker"].arn]
  ok_actions          = [aws_sns_topic.this["breaker"].arn]

  metric_query {
    id          = "error_rate"
    expression  = "IF(received >= ${var.alarms.error_rate_min_records}, 100 * retried / received, 0)"
    label       = "error rate (%)"
    return_data = true
  }

  metric_query {
    id = "received"
    metric {
      namespace   = var.metrics_namespace
      metric_name = "RecordsReceived"
      dimensions  = { service = local.processor_service, topic = each.key }
      period      = var.alarms.error_rate_period_seconds
      stat        = "Sum"
    }
  }

  metric_query {
    id = "retried"
    metric {
      namespace   = var.metrics_namespace
      metric_name = "RecordsRetried"
      dimensions  = { service = local.processor_service, topic = each.key }
      period      = var.alarms.error_rate_period_seconds
      stat        = "Sum"
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "dlq_oldest_message" {
  for_each = toset(var.dlq_names)

  alarm_name          = "${each.key}-oldest-message-age"
  alarm_description   = "A message has waited in ${each.key} longer than ${var.alarms.dlq_oldest_age_seconds} s: the dlq-archiver is not keeping up or failing"
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateAgeOfOldestMessage"
  dimensions          = { QueueName = each.key }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.alarms.dlq_oldest_age_seconds
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.operators
}

resource "aws_cloudwatch_metric_alarm" "transform_p95_duration" {
  alarm_name          = "${var.transform_function_name}-p95-duration"
  alarm_description   = "firehose-transform p95 duration above ${var.alarms.transform_p95_ms} ms"
  namespace           = "AWS/Lambda"
  metric_name         = "Duration"
  dimensions          = { FunctionName = var.transform_function_name }
  extended_statistic  = "p95"
  period              = 300
  evaluation_periods  = 3
  datapoints_to_alarm = 2
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.alarms.transform_p95_ms
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.operators
}

# Curated freshness (docs/operations.md): the checkpoints Lambda publishes the largest lag of any
# topic at the end of every orchestrator run and on its own schedule (at least once per period), so
# a period without a reading means the measurement is broken, which is as unknown as stale: missing
# data is breaching. Idle topics read 0: only data waiting in RAW counts.
resource "aws_cloudwatch_metric_alarm" "data_freshness" {
  alarm_name          = "${var.name}-data-freshness-lag"
  alarm_description   = "Some topic's data has waited in RAW more than ${var.alarms.freshness_lag_seconds} s without reaching curated, or no freshness reading for 30 min. Runbook: docs/operations.md, Curated freshness."
  namespace           = var.metrics_namespace
  metric_name         = local.freshness_metric_name
  dimensions          = { service = local.checkpoints_service }
  statistic           = "Maximum"
  period              = 900
  evaluation_periods  = 2
  datapoints_to_alarm = 2
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.alarms.freshness_lag_seconds
  treat_missing_data  = "breaching"
  alarm_actions       = local.operators
}

# Table maintenance falling behind: the orchestrator counts each run branch whose maintain job (or
# its scan) failed; its topics stay due, so one failure heals with their next run, but failures in
# two of the last four 6-hour windows mean tables are growing unmaintained. Runbook:
# docs/operations.md, Table maintenance.
resource "aws_cloudwatch_metric_alarm" "maintenance_failing" {
  alarm_name          = "${var.name}-table-maintenance-failing"
  alarm_description   = "Table maintenance runs failed in 2 of the last 4 six-hour windows: snapshots and small files accumulate. Runbook: docs/operations.md, Table maintenance."
  namespace           = var.metrics_namespace
  metric_name         = "MaintenanceFailedRuns"
  statistic           = "Sum"
  period              = 21600
  evaluation_periods  = 4
  datapoints_to_alarm = 2
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.operators
}

# Maintenance that is not keeping up, whatever the reason (failing, suspended optimizer, something
# expiring nothing): the fleet's largest snapshot count, measured with every freshness reading.
resource "aws_cloudwatch_metric_alarm" "table_snapshots" {
  alarm_name          = "${var.name}-table-snapshots-growing"
  alarm_description   = "Some RAW or standardized table keeps more than ${var.table_snapshots_alarm_threshold} snapshots for an hour: maintenance is behind and every reader of its metadata slows down. Runbook: docs/operations.md, Table maintenance."
  namespace           = var.metrics_namespace
  metric_name         = "TableSnapshotsMax"
  dimensions          = { service = local.checkpoints_service }
  statistic           = "Maximum"
  period              = 900
  evaluation_periods  = 4
  datapoints_to_alarm = 4
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.table_snapshots_alarm_threshold
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.operators
}

# An execution that failed, timed out or was aborted: Step Functions counts each in its own metric
# (AWS/States ExecutionsFailed, ExecutionsTimedOut, ExecutionsAborted), so the alarm sums the three.
resource "aws_cloudwatch_metric_alarm" "state_machine_failed" {
  for_each = var.state_machine_arns

  alarm_name          = "${var.name}-${each.key}-executions-failed"
  alarm_description   = "An execution of the ${each.key} state machine failed, timed out or was aborted"
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.operators

  metric_query {
    id          = "ended_badly"
    expression  = "failed + timed_out + aborted"
    label       = "executions failed, timed out or aborted"
    return_data = true
  }

  dynamic "metric_query" {
    for_each = { failed = "ExecutionsFailed", timed_out = "ExecutionsTimedOut", aborted = "ExecutionsAborted" }
    content {
      id = metric_query.key
      metric {
        namespace   = "AWS/States"
        metric_name = metric_query.value
        dimensions  = { StateMachineArn = each.value }
        period      = 300
        stat        = "Sum"
      }
    }
  }
}

# Topics that failed in two of the last three orchestrator cycles (a failing topic is retried at
# once, then backs off: docs/orchestration.md 1a, so it fails at most twice in three cycles),
# topics quarantined after five failures in a row, and registered topics whose tables cannot be
# read or measured for 30 minutes (they are left out of the freshness maximum, so the freshness
# alarm cannot see them).
resource "aws_cloudwatch_metric_alarm" "orchestrator_failed_topics" {
  alarm_name          = "${var.name}-orchestrator-failed-topics"
  alarm_description   = "Some topics failed in standardize or curate in 2 of the last 3 orchestrator cycles (they are retried apart, with back-off). Runbook: docs/operations.md, Curated freshness (the failed topics are in each execution's summary)."
  namespace           = var.metrics_namespace
  metric_name         = "OrchestratorFailedTopics"
  statistic           = "Sum"
  period              = 900
  evaluation_periods  = 3
  datapoints_to_alarm = 2
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.operators
}

# lambdas/checkpoints/constants.ts QUARANTINED_TOPICS_METRIC, published once per execution by the
# summarize step: the maximum over 30 minutes, so one reading with a quarantined topic pages.
resource "aws_cloudwatch_metric_alarm" "quarantined_topics" {
  alarm_name          = "${var.name}-quarantined-topics"
  alarm_description   = "Topics failed 5 times in a row and are quarantined: retried alone every 6 h, their data waits in RAW. Runbook: docs/operations.md, A topic is quarantined."
  namespace           = var.metrics_namespace
  metric_name         = "QuarantinedTopics"
  dimensions          = { service = local.checkpoints_service }
  statistic           = "Maximum"
  period              = 1800
  evaluation_periods  = 1
  datapoints_to_alarm = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.operators
}

resource "aws_cloudwatch_metric_alarm" "unmeasured_topics" {
  alarm_name          = "${var.name}-unmeasured-topics"
  alarm_description   = "Some registered topics' tables or checkpoints could not be read for 30 min: they stall unseen by the freshness alarm. Runbook: docs/operations.md, Curated freshness."
  namespace           = var.metrics_namespace
  metric_name         = "CuratedFreshnessUnmeasuredTopics"
  dimensions          = { service = local.checkpoints_service }
  statistic           = "Maximum"
  period              = 900
  evaluation_periods  = 2
  datapoints_to_alarm = 2
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.operators
}
