# The stream's own role: write the RAW tables of one database, write failures to the archive
# bucket, invoke the transform, log delivery errors.

locals {
  glue_arn_prefix = "arn:${var.partition}:glue:${var.region}:${var.account_id}"
}

data "aws_iam_policy_document" "assume_firehose" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["firehose.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "sts:ExternalId"
      values   = [var.account_id]
    }
  }
}

resource "aws_iam_role" "this" {
  name               = "${var.stream_name}-firehose"
  assume_role_policy = data.aws_iam_policy_document.assume_firehose.json
}

data "aws_iam_policy_document" "this" {
  statement {
    sid     = "RawTablesInCatalog"
    actions = ["glue:GetTable", "glue:GetDatabase", "glue:UpdateTable"]
    resources = [
      local.catalog_arn,
      "${local.glue_arn_prefix}:database/${var.raw_database_name}",
      "${local.glue_arn_prefix}:table/${var.raw_database_name}/*",
    ]
  }

  statement {
    sid       = "IcebergDataAndFailedRecords"
    actions   = ["s3:AbortMultipartUpload", "s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = ["${var.lake_bucket_arn}/raw/*", "${var.archive_bucket_arn}/firehose-*"]
  }

  statement {
    sid       = "ListBuckets"
    actions   = ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"]
    resources = [var.lake_bucket_arn, var.archive_bucket_arn]
  }

  statement {
    sid       = "InvokeTransform"
    actions   = ["lambda:InvokeFunction", "lambda:GetFunctionConfiguration"]
    resources = [var.transform_function_arn, "${var.transform_function_arn}:*"]
  }

  statement {
    sid       = "UseDataKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.kms_key_arn]
  }

  statement {
    sid       = "DeliveryErrorLog"
    actions   = ["logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.this.arn}:*"]
  }
}

resource "aws_iam_role_policy" "this" {
  name   = "${var.stream_name}-firehose"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.this.json
}
