variable "name" {
  description = "Resource name prefix, <project>-<env>."
  type        = string
}

variable "stream_name" {
  description = "Firehose stream name, <name>-raw (FIREHOSE_STREAM_NAME of sqs-processor)."
  type        = string
}

variable "account_id" {
  description = "AWS account id: the Glue Data Catalog of this account is the Iceberg catalog."
  type        = string
}

variable "partition" {
  description = "AWS partition for ARNs."
  type        = string
  default     = "aws"
}

variable "region" {
  description = "AWS region for ARNs."
  type        = string
}

variable "kms_key_arn" {
  description = "Customer-managed key for the stream, its S3 error/backup output and its log group."
  type        = string
}

variable "lake_bucket_arn" {
  description = "ARN of the Iceberg data bucket the RAW tables live in."
  type        = string
}

variable "archive_bucket_arn" {
  description = "ARN of the bucket that receives records Firehose could not deliver or transform."
  type        = string
}

variable "raw_database_name" {
  description = "Glue database of the RAW tables; the transform routes each record to a table in it."
  type        = string
}

variable "transform_function_arn" {
  description = "ARN of the firehose-transform Lambda (the stream's record processor)."
  type        = string
}

variable "buffering" {
  description = "Buffering hints: Iceberg destination (size 1-128 MiB, interval 0-900 s) and transform Lambda (size 0.2-3 MiB, interval 0-900 s)."
  type = object({
    size_mb                    = optional(number, 128)
    interval_seconds           = optional(number, 300)
    transform_size_mb          = optional(number, 1)
    transform_interval_seconds = optional(number, 60)
  })
  default = {}

  validation {
    condition = (
      var.buffering.size_mb >= 1 && var.buffering.size_mb <= 128 &&
      var.buffering.interval_seconds >= 0 && var.buffering.interval_seconds <= 900 &&
      var.buffering.transform_size_mb >= 0.2 && var.buffering.transform_size_mb <= 3 &&
      var.buffering.transform_interval_seconds >= 0 && var.buffering.transform_interval_seconds <= 900
    )
    error_message = "buffering needs size_mb 1-128, interval_seconds 0-900, transform_size_mb 0.2-3 and transform_interval_seconds 0-900."
  }
}

variable "retry_duration_seconds" {
  description = "How long Firehose retries a failed Iceberg commit before the records go to the S3 error output (0-7200)."
  type        = number
  default     = 3600
}

variable "log_retention_days" {
  description = "Retention of the stream's delivery error log group."
  type        = number
  default     = 30
}
