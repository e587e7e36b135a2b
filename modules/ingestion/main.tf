# One Firehose stream for every topic, writing to Iceberg tables in the Glue catalog.
# Routing is per record (the transform stamps metadata.otfMetadata), so the stream carries no
# destination_table_configuration: adding or removing a topic never updates or replaces it.
# tests/terraform/test.sh proves that with two plans that differ by one topic.

locals {
  catalog_arn = "arn:${var.partition}:glue:${var.region}:${var.account_id}:catalog"
}

resource "aws_cloudwatch_log_group" "this" {
  #checkov:skip=CKV_AWS_338:Retention is set per environment (log_retention_days).
  name              = "/aws/kinesisfirehose/${var.stream_name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
}

resource "aws_cloudwatch_log_stream" "delivery" {
  name           = "DestinationDelivery"
  log_group_name = aws_cloudwatch_log_group.this.name
}

resource "aws_kinesis_firehose_delivery_stream" "this" {
  name        = var.stream_name
  destination = "iceberg"

  server_side_encryption {
    enabled  = true
    key_type = "CUSTOMER_MANAGED_CMK"
    key_arn  = var.kms_key_arn
  }

  iceberg_configuration {
    role_arn           = aws_iam_role.this.arn
    catalog_arn        = local.catalog_arn
    append_only        = true
    buffering_size     = var.buffering.size_mb
    buffering_interval = var.buffering.interval_seconds
    retry_duration     = var.retry_duration_seconds
    s3_backup_mode     = "FailedDataOnly"

    s3_configuration {
      role_arn            = aws_iam_role.this.arn
      bucket_arn          = var.archive_bucket_arn
      prefix              = "firehose-backup/"
      error_output_prefix = "firehose-errors/!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/"
      kms_key_arn         = var.kms_key_arn
      compression_format  = "GZIP"
    }

    processing_configuration {
      enabled = true

      processors {
        type = "Lambda"

        parameters {
          parameter_name  = "LambdaArn"
          parameter_value = "${var.transform_function_arn}:$LATEST"
        }
        # Only values that differ from Firehose's defaults (1 MiB, 60 s) are sent: a default-valued
        # parameter is not returned on read (seen on the local endpoint), so it would show as a
        # change on every plan.
        dynamic "parameters" {
          for_each = {
            for name, value in {
              BufferSizeInMBs         = tostring(var.buffering.transform_size_mb)
              BufferIntervalInSeconds = tostring(var.buffering.transform_interval_seconds)
            } : name => value if value != lookup({ BufferSizeInMBs = "1", BufferIntervalInSeconds = "60" }, name)
          }
          content {
            parameter_name  = parameters.key
            parameter_value = parameters.value
          }
        }
      }
    }

    cloudwatch_logging_options {
      enabled         = true
      log_group_name  = aws_cloudwatch_log_group.this.name
      log_stream_name = aws_cloudwatch_log_stream.delivery.name
    }
  }
}
