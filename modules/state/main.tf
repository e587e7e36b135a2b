# The DynamoDB tables of docs/naming.md ("DynamoDB item layouts"): on-demand, point-in-time
# recovery, encrypted with the data key, TTL where items expire.

locals {
  tables = {
    checkpoints = {
      name          = "${var.name}-checkpoints"
      hash_key      = "topic"
      range_key     = "layer"
      ttl_attribute = null
    }
    locks = {
      name          = "${var.name}-locks"
      hash_key      = "lock_name"
      range_key     = null
      ttl_attribute = "expires_at" # an abandoned lock disappears on its own
    }
    dlq_index = {
      name      = "${var.name}-dlq-index"
      hash_key  = "topic"
      range_key = "sk"
      # outlives replays and the archived body (30 days past archive_retention.expiration_days,
      # stamped by the archiver): history does not grow the table for ever
      ttl_attribute = "expires_at"
    }
    breaker = {
      name          = "${var.name}-breaker"
      hash_key      = "topic"
      range_key     = null
      ttl_attribute = null
    }
    schema_registry = {
      name          = "${var.name}-schema-registry"
      hash_key      = "topic"
      range_key     = null
      ttl_attribute = null
    }
  }
}

resource "aws_dynamodb_table" "this" {
  for_each = local.tables

  name                        = each.value.name
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = each.value.hash_key
  range_key                   = each.value.range_key
  deletion_protection_enabled = var.deletion_protection

  attribute {
    name = each.value.hash_key
    type = "S"
  }

  dynamic "attribute" {
    for_each = each.value.range_key == null ? [] : [each.value.range_key]
    content {
      name = attribute.value
      type = "S"
    }
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = var.kms_key_arn
  }

  dynamic "ttl" {
    for_each = each.value.ttl_attribute == null ? [] : [each.value.ttl_attribute]
    content {
      attribute_name = ttl.value
      enabled        = true
    }
  }
}
