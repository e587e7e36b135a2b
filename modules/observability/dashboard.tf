# One dashboard for the whole pipeline; per-topic series use SEARCH so 700+ topics need no
# per-topic widget definitions. SEARCH matches the exact dimension set: every Powertools metric
# carries `service` besides `topic`.
resource "aws_cloudwatch_dashboard" "this" {
  dashboard_name = var.name
  dashboard_body = jsonencode({
    widgets = [
      {
        type = "metric", x = 0, y = 0, width = 12, height = 6
        properties = {
          title  = "Records by outcome (all topics)"
          region = data.aws_region.current.region
          stat   = "Sum"
          period = 300
          metrics = [
            [{ expression = "SUM(SEARCH('{${var.metrics_namespace},service,topic} MetricName=\"RecordsReceived\"', 'Sum', 300))", label = "received", id = "received" }],
            [{ expression = "SUM(SEARCH('{${var.metrics_namespace},service} MetricName=\"RecordsForwarded\"', 'Sum', 300))", label = "forwarded", id = "forwarded" }],
            [{ expression = "SUM(SEARCH('{${var.metrics_namespace},service} MetricName=\"RecordsDropped\"', 'Sum', 300))", label = "dropped", id = "dropped" }],
            [{ expression = "SUM(SEARCH('{${var.metrics_namespace},service,topic} MetricName=\"RecordsRetried\"', 'Sum', 300))", label = "retried", id = "retried" }],
          ]
        }
      },
      {
        type = "metric", x = 12, y = 0, width = 12, height = 6
        properties = {
          title   = "Top 10 topics by retried records"
          region  = data.aws_region.current.region
          period  = 300
          metrics = [[{ expression = "SORT(SEARCH('{${var.metrics_namespace},service,topic} MetricName=\"RecordsRetried\"', 'Sum', 300), SUM, DESC, 10)", id = "top" }]]
        }
      },
      {
        # fleet-wide by code: which topics dropped what is in raw_errors and the DROP log lines
        type = "metric", x = 0, y = 36, width = 24, height = 6
        properties = {
          title   = "Records dropped, by code (all topics)"
          region  = data.aws_region.current.region
          period  = 300
          metrics = [[{ expression = "SEARCH('{${var.metrics_namespace},service,code} MetricName=\"RecordsDroppedByCode\"', 'Sum', 300)", id = "codes" }]]
        }
      },
      {
        type = "metric", x = 0, y = 6, width = 8, height = 6
        properties = {
          title   = "DLQ oldest message age (s)"
          region  = data.aws_region.current.region
          stat    = "Maximum"
          period  = 60
          metrics = [for dlq in var.dlq_names : ["AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", dlq]]
        }
      },
      {
        type = "metric", x = 8, y = 6, width = 8, height = 6
        properties = {
          title  = "Lambda p95 duration (ms)"
          region = data.aws_region.current.region
          stat   = "p95"
          period = 300
          metrics = concat(
            [for processor in values(var.processor_function_names) : ["AWS/Lambda", "Duration", "FunctionName", processor]],
            [["AWS/Lambda", "Duration", "FunctionName", var.transform_function_name]],
          )
        }
      },
      {
        type = "metric", x = 16, y = 6, width = 8, height = 6
        properties = {
          title  = "Firehose delivery to Iceberg"
          region = data.aws_region.current.region
          period = 300
          metrics = flatten([for stream in values(var.firehose_stream_names) : [
            ["AWS/Firehose", "IncomingRecords", "DeliveryStreamName", stream, { stat = "Sum" }],
            ["AWS/Firehose", "DeliveryToIceberg.SuccessfulRowCount", "DeliveryStreamName", stream, { stat = "Sum" }],
            ["AWS/Firehose", "DeliveryToIceberg.DataFreshness", "DeliveryStreamName", stream, { stat = "Maximum", yAxis = "right" }],
          ]])
        }
      },
      {
        type = "metric", x = 0, y = 12, width = 12, height = 6
        properties = {
          title   = "Orchestration executions"
          region  = data.aws_region.current.region
          stat    = "Sum"
          period  = 900
          metrics = flatten([for role, arn in var.state_machine_arns : [["AWS/States", "ExecutionsSucceeded", "StateMachineArn", arn], ["AWS/States", "ExecutionsFailed", "StateMachineArn", arn]]])
        }
      },
      {
        type = "metric", x = 12, y = 12, width = 12, height = 6
        properties = {
          title  = "Curated freshness lag (s): fleet maximum (alarm) and topics measured unreadable"
          region = data.aws_region.current.region
          stat   = "Maximum"
          period = 900
          metrics = [
            [var.metrics_namespace, local.freshness_metric_name, "service", local.checkpoints_service],
            [var.metrics_namespace, "CuratedFreshnessUnmeasuredTopics", "service", local.checkpoints_service, { yAxis = "right" }],
          ]
          annotations = { horizontal = [{ label = "alarm", value = var.alarms.freshness_lag_seconds }] }
        }
      },
      {
        type = "metric", x = 0, y = 18, width = 24, height = 6
        properties = {
          title   = "Stalest topics: seconds their oldest un-curated data has waited (a topic with nothing waiting has no point)"
          region  = data.aws_region.current.region
          period  = 900
          metrics = [[{ expression = "SORT(SEARCH('{${var.metrics_namespace},service,topic} MetricName=\"${local.freshness_metric_name}\"', 'Maximum', 900), MAX, DESC, 10)", id = "stalest" }]]
        }
      },
      {
        type = "metric", x = 0, y = 24, width = 24, height = 6
        properties = {
          title  = "Table maintenance: most snapshots and largest metadata file of any RAW or standardized table; failed maintenance runs"
          region = data.aws_region.current.region
          stat   = "Maximum"
          period = 900
          metrics = [
            [var.metrics_namespace, "TableSnapshotsMax", "service", local.checkpoints_service],
            [var.metrics_namespace, "TableMetadataBytesMax", "service", local.checkpoints_service, { yAxis = "right" }],
            [var.metrics_namespace, "MaintenanceFailedRuns", { stat = "Sum" }],
          ]
          annotations = { horizontal = [{ label = "alarm", value = var.table_snapshots_alarm_threshold }] }
        }
      },
      {
        type = "metric", x = 0, y = 30, width = 24, height = 6
        properties = {
          title  = "Topic isolation: failed topics per cycle, topics backing off after failures, quarantined topics (docs/orchestration.md 1a)"
          region = data.aws_region.current.region
          period = 900
          metrics = [
            [var.metrics_namespace, "OrchestratorFailedTopics", { stat = "Sum" }],
            [var.metrics_namespace, "BackingOffTopics", "service", local.checkpoints_service, { stat = "Maximum" }],
            [var.metrics_namespace, "QuarantinedTopics", "service", local.checkpoints_service, { stat = "Maximum" }],
          ]
        }
      },
    ]
  })
}
