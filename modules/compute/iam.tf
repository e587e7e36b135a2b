# One role per function, each with only the actions and resources that function uses.
# `"*"` resources appear only for actions AWS does not scope to resources (X-Ray writes,
# lambda:ListEventSourceMappings); tests/terraform/test_policies.py enforces that list.

locals {
  lambda_arn_prefix  = "${local.arn_prefix}:lambda:${var.region}:${var.account_id}"
  topic_queues_arn   = "${local.arn_prefix}:sqs:${var.region}:${var.account_id}:${var.queue_name_prefix}*"
  archive_bucket_arn = "${local.arn_prefix}:s3:::${var.archive_bucket}"
  lake_bucket_arn    = "${local.arn_prefix}:s3:::${var.lake_bucket}"
  artifacts_arn      = "${local.arn_prefix}:s3:::${var.artifacts_bucket}"
  glue_arn_prefix    = "${local.arn_prefix}:glue:${var.region}:${var.account_id}"

  policies = merge({ for key in keys(local.processors) : key => data.aws_iam_policy_document.processor[key].json }, {
    "firehose-transform" = data.aws_iam_policy_document.transform.json
    "dlq-archiver"       = data.aws_iam_policy_document.archiver.json
    "circuit-breaker"    = data.aws_iam_policy_document.breaker.json
    "checkpoints"        = data.aws_iam_policy_document.checkpoints.json
  })
  processor_function_arns = [for key in keys(local.processors) : "${local.lambda_arn_prefix}:function:${var.name}-${key}"]
}

data "aws_iam_policy_document" "assume_lambda" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "this" {
  for_each = local.deployed_functions

  name               = "${var.name}-${each.key}"
  assume_role_policy = data.aws_iam_policy_document.assume_lambda.json
}

resource "aws_iam_role_policy" "this" {
  for_each = local.deployed_functions

  name   = "${var.name}-${each.key}"
  role   = aws_iam_role.this[each.key].id
  policy = local.policies[each.key]
}

# Statements every function needs: its own log group, and X-Ray (tracing is Active). The log
# group's ARN is built from its name, not read from the resource: a data source that refers to a
# resource with pending changes is read only at apply, so adding one function (a stream's
# processor) would otherwise show every role's policy as changing.
data "aws_iam_policy_document" "baseline" {
  for_each = local.deployed_functions

  statement {
    sid       = "OwnLogGroup"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${local.arn_prefix}:logs:${var.region}:${var.account_id}:log-group:/aws/lambda/${var.name}-${each.key}:*"]
  }

  statement {
    sid       = "XRayWritesAreNotResourceScoped"
    actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
    resources = ["*"]
  }
}

# Each stream's processor puts records into its own stream only.
data "aws_iam_policy_document" "processor" {
  for_each                = local.processors
  source_policy_documents = [data.aws_iam_policy_document.baseline[each.key].json]

  statement {
    sid       = "ConsumeTopicQueues"
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"]
    resources = [local.topic_queues_arn]
  }

  statement {
    sid       = "ForwardToFirehose"
    actions   = ["firehose:PutRecordBatch", "firehose:PutRecord"]
    resources = ["${local.arn_prefix}:firehose:${var.region}:${var.account_id}:deliverystream/${each.value}"]
  }

  statement {
    sid       = "WriteOversizedEnvelopes"
    actions   = ["s3:PutObject"]
    resources = ["${local.archive_bucket_arn}/oversized/*"] # prepareRecord.ts oversizedArchiveKey
  }

  statement {
    sid       = "UseDataKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.kms_key_arn]
  }
}

data "aws_iam_policy_document" "transform" {
  source_policy_documents = [data.aws_iam_policy_document.baseline["firehose-transform"].json]

  statement {
    sid       = "DecryptEnvironment"
    actions   = ["kms:Decrypt"]
    resources = [var.kms_key_arn]
  }
}

data "aws_iam_policy_document" "archiver" {
  source_policy_documents = [data.aws_iam_policy_document.baseline["dlq-archiver"].json]

  statement {
    sid       = "ConsumeDlqPair"
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"]
    resources = var.dlq_arns
  }

  statement {
    sid       = "ArchiveMessages"
    actions   = ["s3:PutObject"]
    resources = ["${local.archive_bucket_arn}/dlq/*"]
  }

  statement {
    sid       = "IndexMessages"
    actions   = ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:GetItem"]
    resources = [var.table_arns.dlq_index]
  }

  statement {
    sid       = "UseDataKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.kms_key_arn]
  }
}

data "aws_iam_policy_document" "breaker" {
  source_policy_documents = [data.aws_iam_policy_document.baseline["circuit-breaker"].json]

  statement {
    sid       = "BreakerState"
    actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Scan"]
    resources = [var.table_arns.breaker]
  }

  statement {
    sid       = "ListMappingsIsNotResourceScoped"
    actions   = ["lambda:ListEventSourceMappings"]
    resources = ["*"]
  }

  statement {
    sid       = "ToggleProcessorMappingsOnly"
    actions   = ["lambda:GetEventSourceMapping", "lambda:UpdateEventSourceMapping"]
    resources = ["${local.lambda_arn_prefix}:event-source-mapping:*"]

    condition {
      test     = "StringEquals"
      variable = "lambda:FunctionArn"
      values   = local.processor_function_arns
    }
  }

  statement {
    sid       = "UseDataKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.kms_key_arn]
  }
}

data "aws_iam_policy_document" "checkpoints" {
  source_policy_documents = [data.aws_iam_policy_document.baseline["checkpoints"].json]

  statement {
    sid       = "ReadCheckpoints"
    actions   = ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:BatchGetItem", "dynamodb:Scan"]
    resources = [var.table_arns.checkpoints]
  }

  # commit-rebuild settles the checkpoints by conditional PutItem (lambdas/common/checkpoints);
  # settle counts the failures of a run that died by UpdateItem (lambdas/checkpoints/recordFailures.ts).
  statement {
    sid       = "SettleCheckpoints"
    actions   = ["dynamodb:PutItem", "dynamodb:UpdateItem"]
    resources = [var.table_arns.checkpoints]
  }

  # plan and freshness list the registered topics (REGISTRY_TABLE): one paginated Scan.
  statement {
    sid       = "ListRegisteredTopics"
    actions   = ["dynamodb:Scan"]
    resources = [var.table_arns.schema_registry]
  }

  statement {
    sid     = "ReadCatalog"
    actions = ["glue:GetDatabase", "glue:GetTable", "glue:GetTables"]
    resources = concat(
      ["${local.glue_arn_prefix}:catalog"],
      [for database in values(var.database_names) : "${local.glue_arn_prefix}:database/${database}"],
      [for database in values(var.database_names) : "${local.glue_arn_prefix}:table/${database}/*"],
    )
  }

  statement {
    sid       = "ReadIcebergMetadata"
    actions   = ["s3:GetObject"]
    resources = ["${local.lake_bucket_arn}/*"]
  }

  statement {
    sid       = "ListIcebergMetadata"
    actions   = ["s3:ListBucket"]
    resources = [local.lake_bucket_arn]
  }

  # The orchestrator's plan, scans and runs (lambdas/checkpoints/executionState.ts), expired by
  # the storage module after a day.
  statement {
    sid       = "ExecutionState"
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = ["${local.artifacts_arn}/orchestrator/*"]
  }

  statement {
    sid       = "UseDataKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.kms_key_arn]
  }
}
