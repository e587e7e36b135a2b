# One SQS queue per topic (standard or FIFO per schema) and the centralized DLQ pair: a FIFO
# queue can only dead-letter to a FIFO queue, so there is one standard and one FIFO DLQ.

locals {
  queue_name_prefix = "${var.name}-topic-"
  queue_names = {
    for topic, settings in var.topics : topic => "${local.queue_name_prefix}${topic}${settings.fifo ? ".fifo" : ""}"
  }
}

data "aws_region" "current" {}
data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

# Deny any request that does not use TLS. Rendered with jsonencode rather than a policy-document
# data source: at 700+ queues the data sources alone cost minutes of every plan.
locals {
  queue_arn_prefix = "arn:${data.aws_partition.current.partition}:sqs:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}"
  tls_only_policies = {
    for key, queue_name in merge(
      # Keys are namespaced so a topic called "dlq" cannot collide with the DLQ pair.
      { for topic, queue_name in local.queue_names : "topic/${topic}" => queue_name },
      { "dlq/standard" = "${var.name}-dlq", "dlq/fifo" = "${var.name}-dlq.fifo" },
      ) : key => jsonencode({
        Version = "2012-10-17"
        Statement = [{
          Sid       = "DenyInsecureTransport"
          Effect    = "Deny"
          Principal = "*"
          Action    = "sqs:*"
          Resource  = "${local.queue_arn_prefix}:${queue_name}"
          Condition = { Bool = { "aws:SecureTransport" = "false" } }
        }]
    })
  }
}

resource "aws_sqs_queue" "dlq" {
  for_each = { standard = false, fifo = true }

  name                              = each.value ? "${var.name}-dlq.fifo" : "${var.name}-dlq"
  fifo_queue                        = each.value
  message_retention_seconds         = var.dlq_retention_seconds
  visibility_timeout_seconds        = max(var.visibility_timeout_seconds, 6 * var.dlq_consumer_timeout_seconds)
  kms_master_key_id                 = var.kms_key_arn
  kms_data_key_reuse_period_seconds = var.kms_data_key_reuse_period_seconds
  policy                            = local.tls_only_policies["dlq/${each.key}"]
}

# for_each over a map of strings built once: Terraform re-evaluates (and deep-copies) the whole
# for_each value for every instance it plans, so small values keep that cost down at 5,000 topics.
resource "aws_sqs_queue" "this" {
  for_each = local.queue_names

  name                              = each.value
  fifo_queue                        = var.topics[each.key].fifo
  content_based_deduplication       = var.topics[each.key].fifo ? false : null
  message_retention_seconds         = var.message_retention_seconds
  visibility_timeout_seconds        = var.visibility_timeout_seconds
  kms_master_key_id                 = var.kms_key_arn
  kms_data_key_reuse_period_seconds = var.kms_data_key_reuse_period_seconds
  policy                            = local.tls_only_policies["topic/${each.key}"]

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq[var.topics[each.key].fifo ? "fifo" : "standard"].arn
    maxReceiveCount     = var.max_receive_count
  })

  lifecycle {
    precondition {
      condition     = var.visibility_timeout_seconds >= 6 * var.processor_timeout_seconds
      error_message = "visibility_timeout_seconds (${var.visibility_timeout_seconds}) must be at least 6 × the processor timeout (${var.processor_timeout_seconds} s)."
    }
    precondition {
      condition     = length(each.value) <= 80
      error_message = "Queue name ${each.value} is longer than SQS's 80 characters: shorten the topic or the project name."
    }
  }
}
