output "function_names" {
  description = "Function names by Lambda: sqs-processor (and sqs-processor-<k> for stream k > 0), firehose-transform, dlq-archiver, circuit-breaker, checkpoints."
  value       = { for lambda, function in aws_lambda_function.this : lambda => function.function_name }
}

output "processor_function_names" {
  description = "Stream index → the sqs-processor function that writes to that stream."
  value       = { for stream, key in local.processor_keys : stream => aws_lambda_function.this[key].function_name }
}

output "function_arns" {
  description = "Function ARNs by Lambda."
  value       = { for lambda, function in aws_lambda_function.this : lambda => function.arn }
}

output "role_arns" {
  description = "Execution role ARNs by Lambda."
  value       = { for lambda, role in aws_iam_role.this : lambda => role.arn }
}

output "topic_mapping_uuids" {
  description = "Topic → UUID of its sqs-processor event source mapping (what the breaker toggles)."
  value       = { for topic, mapping in aws_lambda_event_source_mapping.topic : topic => mapping.uuid }
}

output "sum_of_maximum_concurrency" {
  description = "Sum of MaximumConcurrency over all topic mappings: keep it under the account's Lambda concurrency (docs/deploy.md)."
  value       = sum(concat([0], [for topic in values(var.topic_queues) : topic.max_concurrency]))
}
