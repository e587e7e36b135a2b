# Glue databases of the three layers and the RAW Iceberg tables Firehose appends to.
# Firehose needs its destination tables to exist, so Terraform creates one RAW table per topic and
# raw_errors. The standardized and curated tables are created and evolved by the Glue jobs
# (standardize adds columns as they appear), so Terraform does not own their schemas.

locals {
  # The RAW envelope of docs/architecture.md §4: its one definition is schemas/raw-envelope.json,
  # which the Lambdas, the Glue jobs and the local Firehose read too.
  envelope_columns = jsondecode(file("${path.module}/../../schemas/raw-envelope.json")).columns
  raw_tables       = merge(var.raw_tables, { (var.errors_table_name) = var.errors_table_name })
}

resource "aws_glue_catalog_database" "this" {
  for_each = {
    raw          = var.database_names.raw
    standardized = var.database_names.standardized
    curated      = var.database_names.curated
  }

  name         = each.value
  description  = "lean-ops ${each.key} layer"
  location_uri = "s3://${var.lake_bucket}/${each.key}/"
}

resource "aws_glue_catalog_table" "raw" {
  for_each = local.raw_tables

  name          = each.value
  database_name = aws_glue_catalog_database.this["raw"].name
  description   = each.key == var.errors_table_name ? "Poison records with their DROP reason" : "RAW envelopes of topic ${each.key}"
  table_type    = "EXTERNAL_TABLE"

  open_table_format_input {
    iceberg_input {
      metadata_operation = "CREATE"
      version            = "2"
    }
  }

  storage_descriptor {
    location = "s3://${var.lake_bucket}/raw/${each.value}/"

    dynamic "columns" {
      for_each = local.envelope_columns
      content {
        name    = columns.value.name
        type    = columns.value.type
        comment = columns.value.comment
      }
    }
  }

  # Iceberg owns the metadata pointer and parameters after creation; re-applying them would
  # roll the table back to its first snapshot.
  lifecycle {
    ignore_changes = [parameters, storage_descriptor]
  }
}
