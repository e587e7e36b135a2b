# Firehose → Iceberg delivery (issue 16). A record Firehose cannot deliver after its retry window
# goes to the S3 error output (firehose-errors/ in the archive bucket); the SQS message was deleted
# when PutRecordBatch succeeded, so that object is the only copy. Each of these pages the operators
# (runbook: docs/operations.md, "Firehose cannot deliver"; replay: lean-ops replay-firehose-errors).
# Metric names: Firehose developer guide, "Monitor metrics" of the Apache Iceberg destination; they
# are per stream, with no per-table dimension.

locals {
  # Delivery alarms per stream: stream 0's keep their unsharded names, stream k's end in -<k>.
  stream_alarm_suffix = { for stream, _ in var.firehose_stream_names : stream => stream == "0" ? "" : "-${stream}" }

  # lambdas/firehose-transform/constants.ts: the transform's EMF metric and its `service`
  # dimension (tests/terraform/test_policies.py compares them).
  transform_service                  = "firehose-transform"
  transform_processing_failed_metric = "TransformProcessingFailed"
}

resource "aws_cloudwatch_metric_alarm" "iceberg_delivery_failed" {
  for_each = var.firehose_stream_names

  alarm_name          = "${var.name}-iceberg-delivery-failed${local.stream_alarm_suffix[each.key]}"
  alarm_description   = "Firehose wrote rows it could not deliver to Iceberg into the S3 error output (firehose-errors/). They are the only copy: replay them with lean-ops replay-firehose-errors. Runbook: docs/operations.md, Firehose cannot deliver."
  namespace           = "AWS/Firehose"
  metric_name         = "DeliveryToIceberg.FailedRowCount"
  dimensions          = { DeliveryStreamName = each.value }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.operators
}

# AWS recommends alarming when DataFreshness passes the buffering limit: records stay in Firehose
# (retrying a table, Glue or S3 access) instead of reaching RAW. No data means nothing is waiting.
resource "aws_cloudwatch_metric_alarm" "iceberg_data_freshness" {
  for_each = var.firehose_stream_names

  alarm_name          = "${var.name}-iceberg-data-freshness${local.stream_alarm_suffix[each.key]}"
  alarm_description   = "The oldest record in Firehose has waited more than ${var.alarms.firehose_freshness_seconds} s to reach Iceberg: delivery is failing or retrying. Runbook: docs/operations.md, Firehose cannot deliver."
  namespace           = "AWS/Firehose"
  metric_name         = "DeliveryToIceberg.DataFreshness"
  dimensions          = { DeliveryStreamName = each.value }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 2
  datapoints_to_alarm = 2
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.alarms.firehose_freshness_seconds
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.operators
}

# The transform refused records (ProcessingFailed): they are in firehose-errors/processing-failed/.
resource "aws_cloudwatch_metric_alarm" "transform_processing_failed" {
  alarm_name          = "${var.transform_function_name}-processing-failed"
  alarm_description   = "The firehose-transform answered ProcessingFailed: those records are in firehose-errors/processing-failed/ and in no table. Runbook: docs/operations.md, Firehose cannot deliver."
  namespace           = var.metrics_namespace
  metric_name         = local.transform_processing_failed_metric
  dimensions          = { service = local.transform_service }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.operators
}

# Records keep arriving but no row reaches Iceberg for three periods: a stall no failure count
# shows yet (every attempt still retrying). Fleet-wide: Firehose has no per-table metric, so the
# topic is found in the error output or by `lean-ops audit`.
resource "aws_cloudwatch_metric_alarm" "traffic_without_iceberg_rows" {
  for_each = var.firehose_stream_names

  alarm_name          = "${var.name}-traffic-without-iceberg-rows${local.stream_alarm_suffix[each.key]}"
  alarm_description   = "Firehose received records for 15 minutes and delivered no row to Iceberg. Runbook: docs/operations.md, Firehose cannot deliver."
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  evaluation_periods  = 3
  datapoints_to_alarm = 3
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.operators

  metric_query {
    id          = "stalled"
    expression  = "IF(FILL(incoming, 0) > 0 AND FILL(delivered, 0) == 0, 1, 0)"
    label       = "records in, no rows delivered"
    return_data = true
  }

  metric_query {
    id = "incoming"
    metric {
      namespace   = "AWS/Firehose"
      metric_name = "IncomingRecords"
      dimensions  = { DeliveryStreamName = each.value }
      period      = 300
      stat        = "Sum"
    }
  }

  metric_query {
    id = "delivered"
    metric {
      namespace   = "AWS/Firehose"
      metric_name = "DeliveryToIceberg.SuccessfulRowCount"
      dimensions  = { DeliveryStreamName = each.value }
      period      = 300
      stat        = "Sum"
    }
  }
}

# Before streams were sharded these alarms watched the one stream: they are stream 0's, unchanged.
moved {
  from = aws_cloudwatch_metric_alarm.iceberg_delivery_failed
  to   = aws_cloudwatch_metric_alarm.iceberg_delivery_failed["0"]
}

moved {
  from = aws_cloudwatch_metric_alarm.iceberg_data_freshness
  to   = aws_cloudwatch_metric_alarm.iceberg_data_freshness["0"]
}

moved {
  from = aws_cloudwatch_metric_alarm.traffic_without_iceberg_rows
  to   = aws_cloudwatch_metric_alarm.traffic_without_iceberg_rows["0"]
}
