# Roles of the Glue jobs, the state machines and the schedule, each limited to what it touches.
# `"*"` resources appear only where AWS offers no resource scoping (PutMetricData, the
# CloudWatch Logs delivery API of Step Functions, X-Ray); tests/terraform/test_policies.py checks it.

locals {
  arn_prefix      = "arn:${var.partition}"
  glue_arn_prefix = "${local.arn_prefix}:glue:${var.region}:${var.account_id}"
  lake_bucket_arn = "${local.arn_prefix}:s3:::${var.lake_bucket}"
  artifacts_arn   = "${local.arn_prefix}:s3:::${var.artifacts_bucket}"
  # the state machines start the pipeline's jobs; the audit job is started by operators only
  glue_job_arns            = [for job in keys(local.jobs) : "${local.glue_arn_prefix}:job/${var.name}-${job}" if job != "audit"]
  archive_bucket_arn       = "${local.arn_prefix}:s3:::${var.archive_bucket}"
  state_machine_arn_prefix = "${local.arn_prefix}:states:${var.region}:${var.account_id}:stateMachine:${var.name}-"
  catalog_resources = concat(
    ["${local.glue_arn_prefix}:catalog"],
    [for database in values(var.database_names) : "${local.glue_arn_prefix}:database/${database}"],
    [for database in values(var.database_names) : "${local.glue_arn_prefix}:table/${database}/*"],
  )
}

data "aws_iam_policy_document" "assume" {
  for_each = { glue = "glue.amazonaws.com", states = "states.amazonaws.com", events = "events.amazonaws.com" }

  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = [each.value]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [var.account_id]
    }
  }
}

resource "aws_iam_role" "glue" {
  name               = "${var.name}-glue"
  assume_role_policy = data.aws_iam_policy_document.assume["glue"].json
}

data "aws_iam_policy_document" "glue" {
  statement {
    sid       = "IcebergCatalog"
    actions   = ["glue:GetDatabase", "glue:GetDatabases", "glue:GetTable", "glue:GetTables", "glue:CreateTable", "glue:UpdateTable"]
    resources = local.catalog_resources
  }

  statement {
    sid       = "LakeData"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]
    resources = ["${local.lake_bucket_arn}/*"]
  }

  statement {
    sid       = "ReadArtifactsWriteTemp"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = ["${local.artifacts_arn}/glue/*", "${local.artifacts_arn}/schemas/*"]
  }

  statement {
    sid       = "ListBuckets"
    actions   = ["s3:ListBucket", "s3:GetBucketLocation"]
    resources = [local.lake_bucket_arn, local.artifacts_arn]
  }

  statement {
    sid       = "Checkpoints"
    actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query"]
    resources = var.dynamodb_table_arns
  }

  statement {
    sid       = "AuditReadsDlqIndex"
    actions   = ["dynamodb:Query"]
    resources = [var.dlq_index_table_arn]
  }

  statement {
    sid       = "AuditReadsFirehoseErrors"
    actions   = ["s3:GetObject"]
    resources = ["${local.archive_bucket_arn}/firehose-errors/*"]
  }

  statement {
    sid       = "AuditListsFirehoseErrors"
    actions   = ["s3:ListBucket"]
    resources = [local.archive_bucket_arn]
    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["firehose-errors/*"]
    }
  }

  statement {
    sid       = "AuditWritesResults"
    actions   = ["s3:PutObject"]
    resources = ["${local.artifacts_arn}/audit/*"]
  }

  statement {
    sid       = "UseDataKey"
    actions   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]
    resources = [var.kms_key_arn]
  }

  statement {
    sid       = "JobLogs"
    actions   = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:AssociateKmsKey"]
    resources = ["${local.arn_prefix}:logs:${var.region}:${var.account_id}:log-group:/aws-glue/*"]
  }

  statement {
    sid       = "MetricsAreNotResourceScoped"
    actions   = ["cloudwatch:PutMetricData"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "cloudwatch:namespace"
      values   = ["Glue", var.metrics_namespace]
    }
  }
}

resource "aws_iam_role_policy" "glue" {
  name   = "${var.name}-glue"
  role   = aws_iam_role.glue.id
  policy = data.aws_iam_policy_document.glue.json
}

resource "aws_iam_role" "state_machine" {
  name               = "${var.name}-state-machines"
  assume_role_policy = data.aws_iam_policy_document.assume["states"].json
}

data "aws_iam_policy_document" "state_machine" {
  statement {
    sid       = "Checkpoints"
    actions   = ["lambda:InvokeFunction"]
    resources = [var.checkpoints_function_arn, "${var.checkpoints_function_arn}:*"]
  }

  statement {
    sid       = "RunJobs"
    actions   = ["glue:StartJobRun", "glue:GetJobRun", "glue:GetJobRuns", "glue:BatchStopJobRun"]
    resources = local.glue_job_arns
  }

  statement {
    sid       = "LocksAndPauseFlags"
    actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"]
    resources = var.dynamodb_table_arns
  }

  statement {
    sid       = "UseDataKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.kms_key_arn]
  }

  statement {
    sid       = "MetricsAreNotResourceScoped"
    actions   = ["cloudwatch:PutMetricData"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "cloudwatch:namespace"
      values   = [var.metrics_namespace]
    }
  }

  statement {
    sid = "LogDeliveryIsNotResourceScoped"
    actions = [
      "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
      "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups",
    ]
    resources = ["*"]
  }

  statement {
    sid       = "XRayWritesAreNotResourceScoped"
    actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"]
    resources = ["*"]
  }

  statement {
    sid       = "RunSyncJobsEventRule"
    actions   = ["events:PutTargets", "events:PutRule", "events:DescribeRule"]
    resources = ["${local.arn_prefix}:events:${var.region}:${var.account_id}:rule/StepFunctionsGetEventsForGlueJobRunsRule"]
  }
}

resource "aws_iam_role_policy" "state_machine" {
  name   = "${var.name}-state-machines"
  role   = aws_iam_role.state_machine.id
  policy = data.aws_iam_policy_document.state_machine.json
}

resource "aws_iam_role" "schedule" {
  name               = "${var.name}-orchestrator-schedule"
  assume_role_policy = data.aws_iam_policy_document.assume["events"].json
}

data "aws_iam_policy_document" "schedule" {
  statement {
    sid       = "StartOrchestrator"
    actions   = ["states:StartExecution"]
    resources = ["${local.state_machine_arn_prefix}orchestrator"]
  }
}

resource "aws_iam_role_policy" "schedule" {
  name   = "${var.name}-orchestrator-schedule"
  role   = aws_iam_role.schedule.id
  policy = data.aws_iam_policy_document.schedule.json
}
