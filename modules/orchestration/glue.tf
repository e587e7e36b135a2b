# The four PySpark jobs (standardize, curate, maintain; audit, started by `lean-ops audit`) (Glue 5.0, Iceberg) with their scripts and package uploaded to the
# artifacts bucket. Each run processes a shard of topics, never one run per topic
# (SEED-LESSONS.md: per-topic runs were the prototype's cost trap).

locals {
  scripts_prefix = "glue/scripts"
  jobs = {
    standardize = "${var.glue_jobs_dir}/standardize.py"
    curate      = "${var.glue_jobs_dir}/curate.py"
    maintain    = "${var.glue_jobs_dir}/maintain.py"
    audit       = "${var.glue_jobs_dir}/audit.py"
  }
  # A maintain run compacts and expires whole tables: its own timeout, never the 15-minute
  # increment's (var.maintenance.timeout_minutes).
  job_timeouts = {
    standardize = var.glue.timeout_minutes
    curate      = var.glue.timeout_minutes
    maintain    = var.maintenance.timeout_minutes
    audit       = var.audit_timeout_minutes
  }
  job_arguments = {
    standardize = {}
    curate      = {}
    maintain = {
      "--snapshot-min-age-hours"     = tostring(var.maintenance.snapshot_min_age_hours)
      "--orphan-min-age-hours"       = tostring(var.maintenance.orphan_min_age_hours)
      "--maintenance-interval-hours" = tostring(var.maintenance.interval_hours)
      "--compact-raw"                = tostring(var.maintenance.raw_compaction == "job") # else the catalog module optimizers
    }
    # where the audit reads the DLQ index and Firehose's error output (docs/audit.md)
    audit = {
      "--dlq-index-table" = var.dlq_index_table_name
      "--archive-bucket"  = var.archive_bucket
    }
  }
  iceberg_conf = join(" --conf ", [
    "spark.sql.extensions=org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions",
    "spark.sql.catalog.glue_catalog=org.apache.iceberg.spark.SparkCatalog",
    "spark.sql.catalog.glue_catalog.catalog-impl=org.apache.iceberg.aws.glue.GlueCatalog",
    "spark.sql.catalog.glue_catalog.io-impl=org.apache.iceberg.aws.s3.S3FileIO",
    "spark.sql.catalog.glue_catalog.warehouse=s3://${var.lake_bucket}/",
  ])
}

resource "aws_s3_object" "script" {
  for_each = local.jobs

  bucket      = var.artifacts_bucket
  key         = "${local.scripts_prefix}/${each.key}.py"
  source      = each.value
  source_hash = filemd5(each.value)
  kms_key_id  = var.kms_key_arn
}

resource "aws_s3_object" "package" {
  bucket      = var.artifacts_bucket
  key         = "glue/lean_ops_glue.zip"
  source      = var.glue_package_zip
  source_hash = filemd5(var.glue_package_zip)
  kms_key_id  = var.kms_key_arn
}

resource "aws_glue_security_configuration" "this" {
  name = "${var.name}-glue"

  encryption_configuration {
    s3_encryption {
      s3_encryption_mode = "SSE-KMS"
      kms_key_arn        = var.kms_key_arn
    }
    cloudwatch_encryption {
      cloudwatch_encryption_mode = "SSE-KMS"
      kms_key_arn                = var.kms_key_arn
    }
    job_bookmarks_encryption {
      job_bookmarks_encryption_mode = "CSE-KMS"
      kms_key_arn                   = var.kms_key_arn
    }
  }
}

# Glue 5.0 writes driver/executor logs to `<prefix>/error` and stdout/stderr to `<prefix>/output`
# when the job sets --custom-logGroup-prefix (AWS Glue, "Logging for AWS Glue jobs"); without it,
# to the account-wide /aws-glue/jobs/error and /output, which nobody's retention governs. Our own
# groups get the environment's retention and the data key.
locals {
  glue_log_group_prefix = "/aws-glue/jobs/${var.name}"
}

resource "aws_cloudwatch_log_group" "glue" {
  for_each = toset(["error", "output"])
  #checkov:skip=CKV_AWS_338:Retention is set per environment (log_retention_days).

  name              = "${local.glue_log_group_prefix}/${each.key}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
}

resource "aws_glue_job" "this" {
  for_each = local.jobs

  name                   = "${var.name}-${each.key}"
  description            = "lean-ops ${each.key}: shards of topics per run"
  role_arn               = aws_iam_role.glue.arn
  glue_version           = "5.0"
  worker_type            = var.glue.worker_type
  number_of_workers      = var.glue.number_of_workers
  timeout                = local.job_timeouts[each.key]
  execution_class        = var.glue.execution_class # FLEX may start minutes late: only with a cadence that absorbs it
  max_retries            = 0                        # Step Functions decides about retries per shard
  security_configuration = aws_glue_security_configuration.this.name

  command {
    name            = "glueetl"
    script_location = "s3://${var.artifacts_bucket}/${aws_s3_object.script[each.key].key}"
    python_version  = "3"
  }

  execution_property {
    max_concurrent_runs = var.glue.max_concurrent_runs
  }

  depends_on = [aws_cloudwatch_log_group.glue]

  default_arguments = merge({
    "--job-language"                     = "python"
    "--datalake-formats"                 = "iceberg"
    "--conf"                             = local.iceberg_conf
    "--extra-py-files"                   = "s3://${var.artifacts_bucket}/${aws_s3_object.package.key}"
    "--TempDir"                          = "s3://${var.artifacts_bucket}/glue/tmp/"
    "--enable-metrics"                   = "true"
    "--enable-observability-metrics"     = "true"
    "--enable-continuous-cloudwatch-log" = "true"
    "--custom-logGroup-prefix"           = local.glue_log_group_prefix
    "--raw-database"                     = var.database_names.raw
    "--standardized-database"            = var.database_names.standardized
    "--curated-database"                 = var.database_names.curated
    "--checkpoint-table"                 = var.checkpoint_table_name
    "--schemas-uri"                      = "s3://${var.artifacts_bucket}/schemas/"
    "--mode"                             = "incremental"
  }, local.job_arguments[each.key])
}
