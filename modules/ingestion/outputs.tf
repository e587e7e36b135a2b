output "stream_name" {
  description = "Name of the Firehose stream (FIREHOSE_STREAM_NAME)."
  value       = aws_kinesis_firehose_delivery_stream.this.name
}

output "stream_arn" {
  description = "ARN of the Firehose stream."
  value       = aws_kinesis_firehose_delivery_stream.this.arn
}

output "role_arn" {
  description = "ARN of the stream's role."
  value       = aws_iam_role.this.arn
}
