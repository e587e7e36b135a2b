variable "name" {
  description = "Resource name prefix, <project>-<env>; per-topic alarms are <name>-topic-error-rate-<topic>."
  type        = string
}

variable "kms_key_arn" {
  description = "Customer-managed key for the SNS topics."
  type        = string
}

variable "metrics_namespace" {
  description = "Namespace of the Lambdas' EMF metrics (POWERTOOLS_METRICS_NAMESPACE): the processor's per-topic counts, the checkpoints Lambda's freshness."
  type        = string
  default     = "LeanOps"
}

variable "topics" {
  description = "Names of the deployed topics; each gets an error-rate alarm."
  type        = list(string)
}

variable "alarms" {
  description = "Thresholds: error rate (percent of received records retried, above a minimum volume), DLQ oldest message age, transform p95, curated freshness lag, Firehose → Iceberg freshness; e-mail addresses of operators."
  type = object({
    error_rate_percent           = optional(number, 20)
    error_rate_min_records       = optional(number, 50)
    error_rate_period_seconds    = optional(number, 300)
    dlq_oldest_age_seconds       = optional(number, 300)
    transform_p95_ms             = optional(number, 800)
    freshness_lag_seconds        = optional(number, 7200)
    firehose_freshness_seconds   = optional(number, 900)
    operator_email_subscriptions = optional(list(string), [])
  })
  default = {}

  validation {
    condition = (
      var.alarms.error_rate_percent > 0 && var.alarms.error_rate_percent <= 100 &&
      var.alarms.error_rate_min_records >= 1 &&
      contains([60, 300, 900, 3600], var.alarms.error_rate_period_seconds)
    )
    error_message = "alarms needs 0 < error_rate_percent <= 100, error_rate_min_records >= 1 and error_rate_period_seconds one of 60, 300, 900, 3600."
  }
}

variable "breaker_function_arn" {
  description = "ARN of the circuit-breaker Lambda, subscribed to the breaker alarm topic."
  type        = string
}

variable "breaker_function_name" {
  description = "Name of the circuit-breaker Lambda (for the SNS invoke permission)."
  type        = string
}

variable "processor_function_names" {
  description = "Stream index → name of that stream's sqs-processor Lambda (dashboard)."
  type        = map(string)
}

variable "transform_function_name" {
  description = "Name of the firehose-transform Lambda (p95 duration alarm)."
  type        = string
}

variable "dlq_names" {
  description = "Names of the centralized DLQ pair (oldest-message age alarms)."
  type        = list(string)
}

variable "firehose_stream_names" {
  description = "Stream index (\"0\", \"1\", ...) → Firehose stream name: delivery alarms per stream (stream 0's keep their unsharded names), dashboard."
  type        = map(string)
}

variable "glue_job_names" {
  description = "Names of the Glue jobs whose failures page operators."
  type        = list(string)
}

variable "state_machine_arns" {
  description = "State machine ARNs by role (orchestrator, rebuilder): failed executions page operators."
  type        = map(string)
}

variable "table_snapshots_alarm_threshold" {
  description = "Snapshots one table may keep before the table-maintenance alarm fires: what maintenance keeps (the snapshot age, the maintenance interval) plus two days of Firehose flushes, from the root's maintenance and buffering settings."
  type        = number
  default     = 1152

  validation {
    condition     = var.table_snapshots_alarm_threshold >= 10
    error_message = "table_snapshots_alarm_threshold must be at least 10."
  }
}

variable "error_rate_evaluation_periods" {
  description = "Breaching periods in a row before a topic's error-rate alarm fires; the root derives the breaker's probation from the same value."
  type        = number
  default     = 2

  validation {
    condition     = var.error_rate_evaluation_periods >= 1 && var.error_rate_evaluation_periods <= 10
    error_message = "error_rate_evaluation_periods must be 1-10."
  }
}
