variable "name" {
  description = "Resource name prefix, <project>-<env>; queues are <name>-topic-<topic> and the DLQ pair <name>-dlq(.fifo)."
  type        = string
}

variable "topics" {
  description = "Topic name → queue settings: fifo = true for a FIFO queue (the schema's \"queue\": \"fifo\")."
  type = map(object({
    fifo = bool
  }))

  validation {
    condition     = alltrue([for topic in keys(var.topics) : can(regex("^[a-z][a-z0-9_-]{0,47}$", topic))])
    error_message = "Topic names must match ^[a-z][a-z0-9_-]{0,47}$ (SQS queue names allow no dots)."
  }
}

variable "kms_key_arn" {
  description = "Customer-managed KMS key for SSE of every queue."
  type        = string
}

variable "kms_data_key_reuse_period_seconds" {
  description = "How long SQS reuses a data key before calling KMS again (60-86400); longer is cheaper at 700+ queues."
  type        = number
  default     = 3600

  validation {
    condition     = var.kms_data_key_reuse_period_seconds >= 60 && var.kms_data_key_reuse_period_seconds <= 86400
    error_message = "kms_data_key_reuse_period_seconds must be between 60 and 86400."
  }
}

variable "processor_timeout_seconds" {
  description = "Timeout of the sqs-processor Lambda; the visibility timeout must be at least 6× this."
  type        = number
}

variable "visibility_timeout_seconds" {
  description = "Visibility timeout of every topic queue (0-43200)."
  type        = number

  validation {
    condition     = var.visibility_timeout_seconds >= 0 && var.visibility_timeout_seconds <= 43200
    error_message = "visibility_timeout_seconds must be between 0 and 43200."
  }
}

variable "dlq_consumer_timeout_seconds" {
  description = "Timeout of the dlq-archiver Lambda that consumes the DLQ pair (compute module); the pair's visibility timeout is at least 6x this."
  type        = number
  default     = 60
}

variable "max_receive_count" {
  description = "Receives before a message moves to the DLQ; at least 5 so throttling does not dead-letter healthy messages."
  type        = number
  default     = 5

  validation {
    condition     = var.max_receive_count >= 5 && var.max_receive_count <= 1000
    error_message = "max_receive_count must be between 5 and 1000."
  }
}

variable "message_retention_seconds" {
  description = "Retention of topic queues (60-1209600)."
  type        = number
  default     = 345600

  validation {
    condition     = var.message_retention_seconds >= 60 && var.message_retention_seconds <= 1209600
    error_message = "message_retention_seconds must be between 60 and 1209600."
  }
}

variable "dlq_retention_seconds" {
  description = "Retention of the DLQ pair; the maximum (14 days) gives the archiver and operators the most time."
  type        = number
  default     = 1209600

  validation {
    condition     = var.dlq_retention_seconds >= 60 && var.dlq_retention_seconds <= 1209600
    error_message = "dlq_retention_seconds must be between 60 and 1209600."
  }
}
