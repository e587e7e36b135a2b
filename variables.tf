variable "project" {
  description = "Project name; the first part of every resource name (docs/naming.md)."
  type        = string
  default     = "lean-ops"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,19}$", var.project))
    error_message = "project must be 2-20 characters of a-z, 0-9 and '-', starting with a letter."
  }
}

variable "environment" {
  description = "Deployment environment: dev, staging or prod."
  type        = string

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be one of: dev, staging, prod."
  }
}

variable "aws_region" {
  description = "AWS region every resource is created in."
  type        = string
  default     = "us-east-1"
}

variable "tags" {
  description = "Extra tags for every resource (project, environment and managed-by are always set)."
  type        = map(string)
  default     = {}
}

variable "topics_dir" {
  description = "Directory of topic files (<topic>.json); null means schemas/topics of this repository. Tests point it at a generated registry."
  type        = string
  default     = null
}

variable "artifacts_dir" {
  description = "Directory written by scripts/terraform/package.py (lambdas/<name>.zip, glue/lean_ops_glue.zip); null means dist/packages of this repository."
  type        = string
  default     = null
}

variable "glue_jobs_dir" {
  description = "Directory holding standardize.py, curate.py and maintain.py; null means glue-jobs of this repository."
  type        = string
  default     = null
}

variable "topic_selection" {
  description = "Which registry topics this environment deploys: include = null means all of them; exclude removes topics after that."
  type = object({
    include = optional(list(string))
    exclude = optional(list(string), [])
  })
  default = {}
}

variable "tiers" {
  description = "Named ingestion tiers: per-topic event source mapping settings. A tier named by default_tier must exist."
  type = map(object({
    max_concurrency         = number
    batch_size              = number
    batching_window_seconds = number
  }))
  default = {
    standard = { max_concurrency = 2, batch_size = 100, batching_window_seconds = 5 }
  }

  validation {
    condition = alltrue([for tier in values(var.tiers) :
      tier.max_concurrency >= 2 && tier.max_concurrency <= 1000 &&
      tier.batch_size >= 1 && tier.batch_size <= 10000 &&
      tier.batching_window_seconds >= 0 && tier.batching_window_seconds <= 300
    ])
    error_message = "Each tier needs max_concurrency 2-1000 (the ESM ScalingConfig range), batch_size 1-10000 and batching_window_seconds 0-300."
  }

  validation {
    condition     = alltrue([for tier in values(var.tiers) : tier.batch_size <= 10 || tier.batching_window_seconds >= 1])
    error_message = "A batch_size above 10 needs batching_window_seconds >= 1 (Lambda's rule for standard SQS queues)."
  }
}

variable "default_tier" {
  description = "Tier of every topic that topic_tiers does not name."
  type        = string
  default     = "standard"
}

variable "topic_tiers" {
  description = "Topic name → tier name, for topics that need more (or less) than the default tier."
  type        = map(string)
  default     = {}
}

variable "stream_assignment_file" {
  description = "Path of the `lean-ops capacity --write` document {\"streams\": N, \"topics\": {topic: stream index}}: N Firehose streams, each with its own sqs-processor, and the stream that carries each topic (docs/deploy.md, Capacity). null: one stream carries every topic."
  type        = string
  default     = null
}

variable "processor" {
  description = "sqs-processor sizing. The topic queues' visibility timeout is visibility_timeout_multiplier × timeout_seconds."
  type = object({
    timeout_seconds               = optional(number, 60)
    memory_mb                     = optional(number, 512)
    visibility_timeout_multiplier = optional(number, 6)
  })
  default = {}

  validation {
    condition     = var.processor.visibility_timeout_multiplier >= 6
    error_message = "visibility_timeout_multiplier must be >= 6 (AWS guidance for SQS event sources)."
  }
}

variable "max_receive_count" {
  description = "Receives before a topic message moves to the centralized DLQ; >= 5 so throttled receives do not dead-letter healthy messages."
  type        = number
  default     = 5

  validation {
    condition     = var.max_receive_count >= 5 && var.max_receive_count <= 1000
    error_message = "max_receive_count must be between 5 and 1000."
  }
}

variable "queue_retention_seconds" {
  description = "How long topic queues keep unconsumed messages (60-1209600)."
  type        = number
  default     = 345600
}

variable "log_retention_days" {
  description = "CloudWatch Logs retention of every log group."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a CloudWatch Logs value: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }
}

variable "archive_retention" {
  description = "Lifecycle of the archive bucket (DLQ archive, oversized envelopes, Firehose errors)."
  type = object({
    transition_to_ia_days      = optional(number, 30)
    transition_to_glacier_days = optional(number, 90)
    expiration_days            = optional(number, 365)
  })
  default = {}
}

variable "firehose_buffering" {
  description = "Firehose buffering hints for the Iceberg destination (size 1-128 MiB, interval 0-900 s) and the transform Lambda (size 0.2-3 MiB, interval 0-900 s)."
  type = object({
    size_mb                    = optional(number, 128)
    interval_seconds           = optional(number, 300)
    transform_size_mb          = optional(number, 1)
    transform_interval_seconds = optional(number, 60)
  })
  default = {}
}

variable "glue" {
  description = "Glue job sizing and orchestration fan-out."
  type = object({
    worker_type         = optional(string, "G.1X")
    number_of_workers   = optional(number, 2)
    max_concurrent_runs = optional(number, 10)
    timeout_minutes     = optional(number, 60)
    topics_per_run      = optional(number, 25)
    map_max_concurrency = optional(number, 10)
    schedule_expression = optional(string, "rate(15 minutes)")
    schedule_enabled    = optional(bool, true)
    # FLEX runs on spare capacity at a lower DPU-hour price but may start minutes late: for
    # deployments whose freshness target allows it, with a slower schedule_expression
    execution_class = optional(string, "STANDARD")
    # a rebuild of a topic's whole RAW history (the rebuilder), not a 15-minute increment
    rebuild_timeout_minutes   = optional(number, 240)
    rebuild_number_of_workers = optional(number, 10)
  })
  default = {}

  validation {
    condition     = contains(["STANDARD", "FLEX"], var.glue.execution_class) && (var.glue.execution_class == "STANDARD" || contains(["G.1X", "G.2X"], var.glue.worker_type))
    error_message = "glue.execution_class must be STANDARD or FLEX, and FLEX runs only on G.1X or G.2X workers (Glue's Flex execution class)."
  }
}

variable "maintenance" {
  description = "Iceberg table maintenance by the orchestrator (docs/glue-jobs.md, maintain): how often a topic with new data is maintained, how much snapshot history and how young an unreferenced file is kept, the maintain job's timeout, and who compacts RAW: \"optimizer\" (a Glue compaction optimizer per RAW table) or \"job\" (the maintain job)."
  type = object({
    interval_hours         = optional(number, 24)
    snapshot_min_age_hours = optional(number, 24)
    orphan_min_age_hours   = optional(number, 72)
    timeout_minutes        = optional(number, 120)
    raw_compaction         = optional(string, "optimizer")
  })
  default = {}

  validation {
    condition     = var.maintenance.interval_hours >= 1 && var.maintenance.interval_hours <= 720
    error_message = "maintenance.interval_hours must be 1-720 (the checkpoints Lambda accepts at most 30 days)."
  }

  validation {
    condition     = var.maintenance.orphan_min_age_hours >= 24 && var.maintenance.snapshot_min_age_hours >= 0
    error_message = "maintenance.orphan_min_age_hours must be at least 24 (Iceberg refuses less: a younger file may belong to a commit in flight, and Firehose retries for up to 2 h) and snapshot_min_age_hours not negative."
  }

  validation {
    condition     = var.maintenance.timeout_minutes >= 1
    error_message = "maintenance.timeout_minutes must be at least 1."
  }

  validation {
    condition     = contains(["optimizer", "job"], var.maintenance.raw_compaction)
    error_message = "maintenance.raw_compaction must be \"optimizer\" (a Glue compaction optimizer per RAW table) or \"job\" (the maintain job compacts RAW)."
  }
}

variable "breaker" {
  description = "Circuit-breaker cool-downs and the schedule that moves OPEN topics to HALF_OPEN."
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
    condition     = var.breaker.control_plane_rps >= 1 && var.breaker.control_plane_rps <= 15 && var.breaker.concurrency >= 1 && var.breaker.concurrency <= var.breaker.control_plane_rps
    error_message = "breaker.control_plane_rps must be 1-15 (Lambda's control plane allows 15 requests/s per account, not raisable) and breaker.concurrency between 1 and control_plane_rps."
  }
}

variable "alarms" {
  description = "Alarm thresholds (docs/deploy.md lists what each one watches)."
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
}

variable "log_level" {
  description = "POWERTOOLS_LOG_LEVEL of every Lambda."
  type        = string
  default     = "INFO"

  validation {
    condition     = contains(["DEBUG", "INFO", "WARN", "ERROR"], var.log_level)
    error_message = "log_level must be one of: DEBUG, INFO, WARN, ERROR."
  }
}

variable "deletion_protection" {
  description = "Protect DynamoDB tables from deletion and keep buckets' objects on destroy (true in staging and prod)."
  type        = bool
  default     = true
}

variable "lambda_concurrency_budget" {
  description = "Lambda concurrent executions this deployment may use in the region: the account quota (default 1,000; Service Quotas, Lambda, Concurrent executions) minus what other workloads need. The plan refuses topic tiers whose MaximumConcurrency sum, plus the other functions' share, does not fit (docs/deploy.md, Account quotas)."
  type        = number
  default     = 1000

  validation {
    condition     = var.lambda_concurrency_budget >= 10
    error_message = "lambda_concurrency_budget must be at least 10."
  }
}
