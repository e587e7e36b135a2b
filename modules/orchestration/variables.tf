variable "name" {
  description = "Resource name prefix, <project>-<env>; jobs are <name>-standardize/-curate, machines <name>-orchestrator/-rebuilder."
  type        = string
}

variable "account_id" {
  description = "AWS account id for ARNs."
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
  description = "Customer-managed key for Glue output, Glue logs, bookmarks and the state machines' log groups."
  type        = string
}

variable "log_retention_days" {
  description = "Retention of the state machines' log groups."
  type        = number
  default     = 30
}

variable "metrics_namespace" {
  description = "CloudWatch namespace the orchestrator and jobs publish to."
  type        = string
  default     = "LeanOps"
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
    condition     = contains(["G.1X", "G.2X", "G.4X", "G.8X", "G.025X"], var.glue.worker_type)
    error_message = "glue.worker_type must be one of: G.1X, G.2X, G.4X, G.8X, G.025X."
  }

  validation {
    condition     = var.glue.number_of_workers >= 2 && var.glue.max_concurrent_runs >= 1 && var.glue.timeout_minutes >= 1
    error_message = "glue needs number_of_workers >= 2, max_concurrent_runs >= 1 and timeout_minutes >= 1."
  }

  validation {
    condition     = var.glue.rebuild_timeout_minutes >= 1 && var.glue.rebuild_timeout_minutes <= 330 && var.glue.rebuild_number_of_workers >= 2
    error_message = "glue.rebuild_timeout_minutes must be 1-330 (standardize and curate rebuilds both fit the rebuilder's 12-hour limit) and rebuild_number_of_workers at least 2."
  }

  validation {
    condition     = var.glue.map_max_concurrency >= 1 && var.glue.map_max_concurrency <= 30 && var.glue.topics_per_run >= 1
    error_message = "glue.map_max_concurrency must be 1-30 (docs/architecture.md §2) and topics_per_run at least 1."
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

variable "glue_jobs_dir" {
  description = "Directory holding standardize.py, curate.py and maintain.py."
  type        = string
}

variable "glue_package_zip" {
  description = "Path of the zipped lean_ops_glue package (scripts/terraform/package.py), passed as --extra-py-files."
  type        = string
}

variable "artifacts_bucket" {
  description = "Bucket for Glue scripts, the package, temporary files and published schemas."
  type        = string
}

variable "lake_bucket" {
  description = "Iceberg data bucket (the catalog warehouse)."
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

variable "checkpoints_function_arn" {
  description = "ARN of the checkpoints Lambda the orchestrator calls first (also the freshness schedule's target)."
  type        = string
}

variable "freshness_schedule_expression" {
  description = "How often the checkpoints Lambda measures curated freshness besides the end of each orchestrator run; at least once per freshness alarm period (900 s)."
  type        = string
  default     = "rate(10 minutes)"

  validation {
    condition     = can(regex("^(rate\\(([1-9]|1[0-5]) minutes?\\)|cron\\(.+\\))$", var.freshness_schedule_expression))
    error_message = "freshness_schedule_expression must be rate(1..15 minutes) or a cron() expression: the freshness alarm treats a 15-minute period without a reading as breaching."
  }
}

variable "checkpoint_table_name" {
  description = "DynamoDB checkpoints table (the jobs compare-and-set their snapshot checkpoints)."
  type        = string
}

variable "locks_table_name" {
  description = "DynamoDB locks table (one orchestrator run at a time, one rebuild per topic)."
  type        = string
}

variable "dynamodb_table_arns" {
  description = "ARNs of the tables the jobs and state machines read and write (checkpoints, locks, schema registry)."
  type        = list(string)
}

variable "dlq_index_table_name" {
  description = "DynamoDB DLQ index the audit job reads (dead letters and replays by topic and send time)."
  type        = string
}

variable "dlq_index_table_arn" {
  description = "ARN of the DLQ index: the audit job may Query it, nothing more."
  type        = string
}

variable "archive_bucket" {
  description = "Archive bucket whose firehose-errors/ the audit job reads."
  type        = string
}

variable "audit_timeout_minutes" {
  description = "Timeout of one audit job run (a run audits --topics-per-run topics over the span the CLI asks for)."
  type        = number
  default     = 120
  validation {
    condition     = var.audit_timeout_minutes >= 10 && var.audit_timeout_minutes <= 2880
    error_message = "audit_timeout_minutes must be from 10 to 2880 (Glue's maximum job timeout, 48 h)."
  }
}
