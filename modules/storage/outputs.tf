output "kms_key_arn" {
  description = "ARN of the customer-managed key that encrypts queues, tables, buckets, logs and topics."
  value       = aws_kms_key.this.arn
}

output "bucket_names" {
  description = "Bucket names by role: lake, archive, artifacts."
  value       = { for role, bucket in aws_s3_bucket.this : role => bucket.id }
}

output "lake_bucket_name" {
  description = "Iceberg data bucket."
  value       = try(aws_s3_bucket.this["lake"].id, null)
}

output "lake_bucket_arn" {
  description = "ARN of the Iceberg data bucket."
  value       = try(aws_s3_bucket.this["lake"].arn, null)
}

output "archive_bucket_name" {
  description = "DLQ archive, oversized envelopes and Firehose error output bucket."
  value       = try(aws_s3_bucket.this["archive"].id, null)
}

output "archive_bucket_arn" {
  description = "ARN of the archive bucket."
  value       = try(aws_s3_bucket.this["archive"].arn, null)
}

output "artifacts_bucket_name" {
  description = "Glue scripts and published schemas bucket."
  value       = try(aws_s3_bucket.this["artifacts"].id, null)
}
