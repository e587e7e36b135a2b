# The data key and the three buckets of docs/naming.md: lake (Iceberg data), archive (DLQ archive,
# oversized envelopes, Firehose errors), artifacts (Glue scripts, published schemas).

locals {
  # Archive prefixes whose objects expire after archive_retention.expiration_days
  # (lambdas/common/naming ARCHIVE_PREFIXES: every prefix but firehoseErrors).
  archive_expiring_prefixes = ["dlq/", "oversized/", "firehose-errors-replayed/"]

  buckets = {
    lake      = "${var.name}-lake-${var.account_id}"
    archive   = "${var.name}-archive-${var.account_id}"
    artifacts = "${var.name}-artifacts-${var.account_id}"
  }
}

data "aws_iam_policy_document" "kms" {
  #checkov:skip=CKV_AWS_111:A key policy's "*" resource is this key only; the account-root statement is AWS's default that delegates key access to IAM.
  #checkov:skip=CKV_AWS_356:A key policy's "*" resource is this key only, never other resources.
  #checkov:skip=CKV_AWS_109:The account-root statement is AWS's default key policy; without it the key becomes unmanageable.
  statement {
    sid       = "AccountAdministersKeyThroughIam"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:${var.partition}:iam::${var.account_id}:root"]
    }
  }

  # CloudWatch Logs encrypts the log groups of this account only (AWS's documented condition).
  statement {
    sid       = "LogsEncryptThisAccountsLogGroups"
    actions   = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["logs.${var.region}.amazonaws.com"]
    }

    condition {
      test     = "ArnLike"
      variable = "kms:EncryptionContext:aws:logs:arn"
      values   = ["arn:${var.partition}:logs:${var.region}:${var.account_id}:log-group:*"]
    }
  }

  # Alarms publish to the KMS-encrypted SNS topics: only this account's alarms (confused deputy).
  statement {
    sid       = "AlarmsPublishToEncryptedTopics"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey*"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [var.account_id]
    }
  }

  # EventBridge rules publish to them too. No aws:SourceAccount here: EventBridge's delivery to an
  # encrypted topic does not carry it to KMS (docs/decisions.md), and the condition would drop
  # every event silently.
  statement {
    sid       = "RulesPublishToEncryptedTopics"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey*"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }
  }
}

resource "aws_kms_key" "this" {
  description             = "${var.name}: queues, tables, buckets, logs and topics"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.kms.json
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.name}-data"
  target_key_id = aws_kms_key.this.key_id
}

resource "aws_s3_bucket" "this" {
  for_each = local.buckets
  #checkov:skip=CKV_AWS_18:Server access logs would need a fourth, unencrypted-by-KMS log bucket; CloudTrail S3 data events are the audit trail (docs/security.md).
  #checkov:skip=CKV_AWS_144:Cross-region replication is a disaster-recovery choice per account, not part of this deployment (docs/security.md).
  #checkov:skip=CKV2_AWS_62:No consumer needs S3 event notifications; Firehose and Glue drive the flow.

  bucket        = each.value
  force_destroy = var.force_destroy
}

resource "aws_s3_bucket_public_access_block" "this" {
  for_each = aws_s3_bucket.this

  bucket                  = each.value.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_versioning" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.this.arn
    }
    bucket_key_enabled = true
  }
}

data "aws_iam_policy_document" "tls_only" {
  for_each = aws_s3_bucket.this

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [each.value.arn, "${each.value.arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id
  policy = data.aws_iam_policy_document.tls_only[each.key].json

  depends_on = [aws_s3_bucket_public_access_block.this]
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id

  rule {
    id     = "abort-incomplete-uploads-and-expire-old-versions"
    status = "Enabled"
    filter {}

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_expiration_days
    }
  }

  # Everything in the archive bucket tiers down; only dead letters and oversized envelopes expire.
  # firehose-errors/ is the only copy of a record Firehose could not deliver: it is kept until an
  # operator replays it (lean-ops replay-firehose-errors), never expired behind their back.
  dynamic "rule" {
    for_each = each.key == "archive" ? [var.archive_retention] : []
    content {
      id     = "archive-tiering"
      status = "Enabled"
      filter {}

      transition {
        days          = rule.value.transition_to_ia_days
        storage_class = "STANDARD_IA"
      }
      transition {
        days          = rule.value.transition_to_glacier_days
        storage_class = "GLACIER_IR"
      }
    }
  }

  dynamic "rule" {
    for_each = each.key == "archive" ? toset(local.archive_expiring_prefixes) : toset([])
    content {
      id     = "archive-expiry-${trimsuffix(rule.value, "/")}"
      status = "Enabled"
      filter {
        prefix = rule.value
      }
      expiration {
        days = var.archive_retention.expiration_days
      }
    }
  }

  # Orchestrator executions keep their plan, scans and runs here (at most 2 h each): a day is plenty.
  dynamic "rule" {
    for_each = each.key == "artifacts" ? ["orchestrator/"] : []
    content {
      id     = "orchestrator-state-expiry"
      status = "Enabled"
      filter {
        prefix = rule.value
      }
      expiration {
        days = 1
      }
    }
  }

  depends_on = [aws_s3_bucket_versioning.this]
}
