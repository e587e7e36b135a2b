output "table_names" {
  description = "Table names by role: checkpoints, locks, dlq_index, breaker, schema_registry."
  value       = { for role, table in aws_dynamodb_table.this : role => table.name }
}

output "table_arns" {
  description = "Table ARNs by role: checkpoints, locks, dlq_index, breaker, schema_registry."
  value       = { for role, table in aws_dynamodb_table.this : role => table.arn }
}
