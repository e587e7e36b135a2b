variable "name" {
  description = "Resource name prefix, <project>-<env> (docs/naming.md)."
  type        = string
}

variable "kms_key_arn" {
  description = "Customer-managed KMS key for server-side encryption of every table."
  type        = string
}

variable "deletion_protection" {
  description = "Refuse DeleteTable on every table (true in staging and prod)."
  type        = bool
  default     = true
}
