variable "name" {
  description = "Resource name prefix, <project>-<env> (docs/naming.md)."
  type        = string
}

variable "account_id" {
  description = "AWS account id: bucket names end with it so they are globally unique."
  type        = string
}

variable "partition" {
  description = "AWS partition (aws, aws-cn, aws-us-gov) for ARNs."
  type        = string
  default     = "aws"
}

variable "region" {
  description = "AWS region, for the KMS key policy's service conditions."
  type        = string
}

variable "archive_retention" {
  description = "Archive bucket lifecycle: days to STANDARD_IA, days to GLACIER_IR, days to expiry of dead letters and oversized envelopes (firehose-errors/ never expires: it is kept until replayed)."
  type = object({
    transition_to_ia_days      = optional(number, 30)
    transition_to_glacier_days = optional(number, 90)
    expiration_days            = optional(number, 365)
  })
  default = {}

  validation {
    condition = (
      var.archive_retention.transition_to_ia_days >= 30 &&
      var.archive_retention.transition_to_glacier_days > var.archive_retention.transition_to_ia_days &&
      var.archive_retention.expiration_days > var.archive_retention.transition_to_glacier_days
    )
    error_message = "archive_retention needs 30 <= transition_to_ia_days < transition_to_glacier_days < expiration_days."
  }
}

variable "noncurrent_version_expiration_days" {
  description = "Days a replaced or deleted object version is kept in any bucket."
  type        = number
  default     = 30
}

variable "force_destroy" {
  description = "Let `terraform destroy` delete non-empty buckets (dev only)."
  type        = bool
  default     = false
}
