variable "database_names" {
  description = "Glue database names by layer: raw, standardized, curated (docs/naming.md)."
  type = object({
    raw          = string
    standardized = string
    curated      = string
  })
}

variable "lake_bucket" {
  description = "Name of the Iceberg data bucket; each database and RAW table gets a prefix in it."
  type        = string
}

variable "raw_tables" {
  description = "Topic → RAW Iceberg table name (the topic with '-' → '_')."
  type        = map(string)

  validation {
    condition     = alltrue([for table in values(var.raw_tables) : can(regex("^[a-z][a-z0-9_]{0,47}$", table)) && table != "raw_errors"])
    error_message = "RAW table names must match ^[a-z][a-z0-9_]{0,47}$ and must not be the reserved raw_errors."
  }
}

variable "errors_table_name" {
  description = "RAW table for poison records (DROP) that firehose-transform routes by otfMetadata."
  type        = string
  default     = "raw_errors"
}

variable "name" {
  description = "Resource name prefix, <project>-<env>; the RAW compaction role is <name>-raw-compaction."
  type        = string
}

variable "account_id" {
  description = "AWS account id for ARNs (the optimizers' catalog id)."
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
  description = "Key the lake bucket is encrypted with (the compaction optimizer reads and writes through it)."
  type        = string
}

variable "raw_compaction_optimizer" {
  description = "true: a Glue compaction optimizer per RAW table (AWS compacts what Firehose writes); false: the maintain job compacts RAW (maintenance.raw_compaction = \"job\")."
  type        = bool
  default     = true
}
