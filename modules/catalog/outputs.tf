output "database_names" {
  description = "Glue database names by layer: raw, standardized, curated."
  value       = { for layer, database in aws_glue_catalog_database.this : layer => database.name }
}

output "raw_table_names" {
  description = "Topic → RAW Iceberg table name, plus raw_errors."
  value       = { for topic, table in aws_glue_catalog_table.raw : topic => table.name }
}

output "errors_table_name" {
  description = "RAW table of poison records."
  value       = var.errors_table_name
}
