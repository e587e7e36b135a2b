# What invokes the functions: one SQS mapping per topic queue, the DLQ pair's mappings, and the
# breaker's schedule (SNS alarm delivery to the breaker lives in the observability module).

# for_each over topic → topic, built once, with the settings read by key: Terraform re-evaluates
# (and deep-copies) the whole for_each value for every instance it plans, which at 5,000 topics
# costs far less for a map of strings than for a map of objects (docs/benchmarks.md, Scale).
locals {
  mapped_topics = { for topic in keys(var.topic_queues) : topic => topic }
}

resource "aws_lambda_event_source_mapping" "topic" {
  for_each = local.mapped_topics

  # the processor of the topic's stream; a rebalance (lean-ops capacity --rebalance) updates it in place
  function_name    = aws_lambda_function.this[local.processor_keys[tostring(var.topic_queues[each.key].stream)]].arn
  event_source_arn = var.topic_queues[each.key].arn
  # FIFO sources take at most 10 records and no batching window (Lambda's limits).
  batch_size                         = var.topic_queues[each.key].fifo ? min(var.topic_queues[each.key].batch_size, 10) : var.topic_queues[each.key].batch_size
  maximum_batching_window_in_seconds = var.topic_queues[each.key].fifo ? null : var.topic_queues[each.key].batching_window_seconds
  function_response_types            = ["ReportBatchItemFailures"]

  scaling_config {
    maximum_concurrency = var.topic_queues[each.key].max_concurrency
  }

  # The circuit-breaker toggles `enabled` at run time; Terraform must not undo an OPEN breaker.
  lifecycle {
    ignore_changes = [enabled]
  }
}

resource "aws_lambda_event_source_mapping" "dlq" {
  for_each = { standard = var.dlq_arns[0], fifo = var.dlq_arns[1] }

  function_name           = aws_lambda_function.this["dlq-archiver"].arn
  event_source_arn        = each.value
  batch_size              = 10
  function_response_types = ["ReportBatchItemFailures"]

  scaling_config {
    maximum_concurrency = 5
  }
}

resource "aws_cloudwatch_event_rule" "breaker_tick" {
  name                = "${var.name}-breaker-tick"
  description         = "Moves OPEN topics to HALF_OPEN after their cool-down"
  schedule_expression = var.breaker.schedule_expression
}

resource "aws_cloudwatch_event_target" "breaker_tick" {
  rule = aws_cloudwatch_event_rule.breaker_tick.name
  arn  = aws_lambda_function.this["circuit-breaker"].arn
}

resource "aws_lambda_permission" "breaker_tick" {
  statement_id  = "AllowScheduleTick"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.this["circuit-breaker"].function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.breaker_tick.arn
}
