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
