output "queue_name_prefix" {
  description = "Prefix of every topic queue name (QUEUE_NAME_PREFIX of the Lambdas)."
  value       = local.queue_name_prefix
}

output "queue_names" {
  description = "Topic → queue name."
  value       = { for topic, queue in aws_sqs_queue.this : topic => queue.name }
}

output "queue_arns" {
  description = "Topic → queue ARN."
  value       = { for topic, queue in aws_sqs_queue.this : topic => queue.arn }
}

output "queue_urls" {
  description = "Topic → queue URL."
  value       = { for topic, queue in aws_sqs_queue.this : topic => queue.url }
}

output "dlq_standard_name" {
  description = "Name of the standard centralized DLQ."
  value       = try(aws_sqs_queue.dlq["standard"].name, null)
}

output "dlq_standard_arn" {
  description = "ARN of the standard centralized DLQ."
  value       = try(aws_sqs_queue.dlq["standard"].arn, null)
}

output "dlq_fifo_name" {
  description = "Name of the FIFO centralized DLQ."
  value       = try(aws_sqs_queue.dlq["fifo"].name, null)
}

output "dlq_fifo_arn" {
  description = "ARN of the FIFO centralized DLQ."
  value       = try(aws_sqs_queue.dlq["fifo"].arn, null)
}
