# RAW compaction by the Glue Data Catalog's compaction optimizer, one per RAW table (docs/decisions.md,
# "RAW compaction: Glue optimizer"): AWS bin-packs Firehose's small files next to the writes, with
# no run of ours holding the orchestrator's lock. Snapshot expiry and orphan removal of RAW stay
# with the maintain job, which never expires past a topic's standardized checkpoint — something
# the managed retention optimizer (age and count only) cannot express.

locals {
  arn_prefix          = "arn:${var.partition}"
  compacted_raw       = var.raw_compaction_optimizer ? local.raw_tables : {}
  raw_database_arn    = "${local.arn_prefix}:glue:${var.region}:${var.account_id}:database/${var.database_names.raw}"
  raw_tables_arn      = "${local.arn_prefix}:glue:${var.region}:${var.account_id}:table/${var.database_names.raw}/*"
  lake_bucket_arn     = "${local.arn_prefix}:s3:::${var.lake_bucket}"
  compaction_log_arns = ["${local.arn_prefix}:logs:${var.region}:${var.account_id}:log-group:/aws-glue/iceberg-compaction/*"]
  # The optimizers read the table names through this one local, never as
  # aws_glue_catalog_table.raw[each.key]: Terraform's apply graph (which `plan` builds too, to
  # check it) links a reference with an instance key to every instance of the resource, so that
  # reference made topics² edges and a plan quadratic in topics (docs/benchmarks.md, Scale).
  # Through the local it is topics edges in and topics edges out.
  created_raw_tables = { for topic, table in aws_glue_catalog_table.raw : topic => table.name }
}

data "aws_iam_policy_document" "optimizer_assume" {
  count = var.raw_compaction_optimizer ? 1 : 0

  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["glue.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "raw_compaction" {
  count = var.raw_compaction_optimizer ? 1 : 0

  name               = "${var.name}-raw-compaction"
  assume_role_policy = data.aws_iam_policy_document.optimizer_assume[0].json
}

# What the Glue table-optimization prerequisites list for compaction, limited to the RAW layer.
data "aws_iam_policy_document" "raw_compaction" {
  count = var.raw_compaction_optimizer ? 1 : 0

  statement {
    sid       = "RawData"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = ["${local.lake_bucket_arn}/raw/*"]
  }
  statement {
    sid       = "ListLake"
    actions   = ["s3:ListBucket"]
    resources = [local.lake_bucket_arn]
  }
  statement {
    sid       = "RawTables"
    actions   = ["glue:GetTable", "glue:UpdateTable"]
    resources = ["${local.arn_prefix}:glue:${var.region}:${var.account_id}:catalog", local.raw_database_arn, local.raw_tables_arn]
  }
  statement {
    sid       = "LakeKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.kms_key_arn]
  }
  statement {
    sid       = "OptimizerLogs"
    actions   = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]
    resources = concat(local.compaction_log_arns, [for arn in local.compaction_log_arns : "${arn}:*"])
  }
}

resource "aws_iam_role_policy" "raw_compaction" {
  count = var.raw_compaction_optimizer ? 1 : 0

  name   = "${var.name}-raw-compaction"
  role   = aws_iam_role.raw_compaction[0].id
  policy = data.aws_iam_policy_document.raw_compaction[0].json
}

resource "aws_glue_catalog_table_optimizer" "raw_compaction" {
  for_each = local.compacted_raw

  catalog_id    = var.account_id
  database_name = aws_glue_catalog_database.this["raw"].name
  table_name    = local.created_raw_tables[each.key]
  type          = "compaction"

  configuration {
    role_arn = aws_iam_role.raw_compaction[0].arn
    enabled  = true
  }

  depends_on = [aws_iam_role_policy.raw_compaction]
}
