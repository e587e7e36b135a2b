variable "name" {
  description = "Resource name prefix, <project>-<env>; functions are <name>-<lambda> (docs/naming.md)."
  type        = string
}

variable "account_id" {
  description = "AWS account id, for ARNs of resources this module only references."
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

variable "artifacts_dir" {
  description = "Directory written by scripts/terraform/package.py; each function's code is lambdas/<name>.zip in it."
  type        = string
}

variable "kms_key_arn" {
  description = "Customer-managed key: environment variables, log groups, and the SQS/S3/DynamoDB data the functions touch."
  type        = string
}

variable "log_retention_days" {
  description = "Retention of every function's log group."
  type        = number
  default     = 30
}

variable "log_level" {
  description = "POWERTOOLS_LOG_LEVEL: DEBUG, INFO, WARN or ERROR."
  type        = string
  default     = "INFO"

  validation {
    condition     = contains(["DEBUG", "INFO", "WARN", "ERROR"], var.log_level)
    error_message = "log_level must be one of: DEBUG, INFO, WARN, ERROR."
  }
}

variable "metrics_namespace" {
  description = "CloudWatch namespace of the EMF metrics (POWERTOOLS_METRICS_NAMESPACE)."
  type        = string
  default     = "LeanOps"
}

variable "processor" {
  description = "sqs-processor timeout (1-900 s) and memory (128-10240 MB)."
  type = object({
    timeout_seconds = number
    memory_mb       = number
  })

  validation {
    condition     = var.processor.timeout_seconds >= 1 && var.processor.timeout_seconds <= 900 && var.processor.memory_mb >= 128 && var.processor.memory_mb <= 10240
    error_message = "processor.timeout_seconds must be 1-900 and processor.memory_mb 128-10240."
  }
}

variable "breaker" {
  description = "Circuit-breaker cool-downs and the schedule that re-evaluates OPEN topics."
  type = object({
    cooldown_seconds     = optional(number, 300)
    max_cooldown_seconds = optional(number, 3600)
    schedule_expression  = optional(string, "rate(1 minute)")
    # Lambda's control-plane APIs (List/UpdateEventSourceMapping) share 15 requests/s per account
    # and region; the breaker takes this many, split over its reserved concurrency.
    control_plane_rps = optional(number, 10)
    concurrency       = optional(number, 2)
  })
  default = {}

  validation {
    condition     = var.breaker.cooldown_seconds > 0 && var.breaker.max_cooldown_seconds >= var.breaker.cooldown_seconds
    error_message = "breaker needs 0 < cooldown_seconds <= max_cooldown_seconds."
  }

  validation {
    condition     = var.breaker.control_plane_rps >= 1 && var.breaker.control_plane_rps <= 15 && var.breaker.concurrency >= 1 && var.breaker.concurrency <= var.breaker.control_plane_rps
    error_message = "breaker.control_plane_rps must be 1-15 (Lambda's control plane allows 15 requests/s per account, not raisable) and breaker.concurrency between 1 and control_plane_rps."
  }
}

variable "queue_name_prefix" {
  description = "Prefix of every topic queue name (QUEUE_NAME_PREFIX)."
  type        = string
}

variable "topic_queues" {
  description = "Topic → its queue ARN, whether it is FIFO, the index of the Firehose stream that carries it (its processor's), and its tier's event source mapping settings."
  type = map(object({
    arn                     = string
    fifo                    = bool
    stream                  = number
    max_concurrency         = number
    batch_size              = number
    batching_window_seconds = number
  }))
}

variable "dlq_arns" {
  description = "ARNs of the centralized DLQ pair (standard and FIFO), both consumed by dlq-archiver."
  type        = list(string)

  validation {
    condition     = length(var.dlq_arns) == 2
    error_message = "dlq_arns must hold exactly the standard and the FIFO DLQ."
  }
}

variable "firehose_stream_names" {
  description = "Stream index (\"0\", \"1\", ...) → Firehose stream name (created by the ingestion module): one sqs-processor per stream writes to it; stream 0's is <name>-sqs-processor, stream k's <name>-sqs-processor-<k>."
  type        = map(string)

  validation {
    condition     = alltrue([for stream in range(length(var.firehose_stream_names)) : contains(keys(var.firehose_stream_names), tostring(stream))])
    error_message = "firehose_stream_names must be keyed \"0\" to \"N-1\"."
  }
}

variable "archive_bucket" {
  description = "Archive bucket: DLQ archive and oversized envelopes (ERROR_BUCKET, ARCHIVE_BUCKET)."
  type        = string
}

variable "archive_expiration_days" {
  description = "Days after which the archive bucket's lifecycle deletes dlq/ objects (archive_retention.expiration_days): the archiver stamps it on each dlq-index item (ARCHIVE_EXPIRATION_DAYS)."
  type        = number
}

variable "artifacts_bucket" {
  description = "Artifacts bucket: orchestrator executions keep their plan, scans and runs under orchestrator/ (ORCHESTRATOR_STATE_BUCKET)."
  type        = string
}

variable "lake_bucket" {
  description = "Iceberg data bucket the checkpoints function reads snapshot metadata from."
  type        = string
}

variable "database_names" {
  description = "Glue database names by layer."
  type = object({
    raw          = string
    standardized = string
    curated      = string
  })
}

variable "raw_errors_table" {
  description = "RAW table of poison records (RAW_ERRORS_TABLE)."
  type        = string
  default     = "raw_errors"
}

variable "tables" {
  description = "DynamoDB table names by role (from the state module)."
  type = object({
    checkpoints     = string
    locks           = string
    dlq_index       = string
    breaker         = string
    schema_registry = string
  })
}

variable "table_arns" {
  description = "DynamoDB table ARNs by role (from the state module)."
  type = object({
    checkpoints     = string
    locks           = string
    dlq_index       = string
    breaker         = string
    schema_registry = string
  })
}

variable "breaker_probation_seconds" {
  description = "Least time a HALF_OPEN breaker waits for its alarm before closing on the timer: the error-rate alarm's evaluation window, derived by the root from the alarm settings."
  type        = number
  default     = 900

  validation {
    condition     = var.breaker_probation_seconds >= 0 && var.breaker_probation_seconds <= 86400
    error_message = "breaker_probation_seconds must be 0-86400."
  }
}
