# What operators and the smoke test need: every name the Lambdas' environment refers to.

output "name" {
  description = "Resource name prefix, <project>-<env>."
  value       = local.name
}

# The registry rules variable validation cannot express live here as output preconditions: they
# fail the plan without adding a resource that every topic change would update.
output "topics" {
  description = "Deployed topics and their queue kind."
  value       = { for topic, settings in local.topics : topic => settings.fifo ? "fifo" : "standard" }

  precondition {
    condition     = length(local.topics) > 0
    error_message = "No topic selected: ${local.topics_dir} holds no topic files, or topic_selection excludes them all."
  }
  precondition {
    condition     = length(local.registry) == length(fileset(local.topics_dir, "*.json"))
    error_message = "Two topic files in ${local.topics_dir} declare the same topic name."
  }
  precondition {
    # one set difference, not contains(keys(...)) per topic: a function call walks its whole
    # argument (here every schema) for marks, which made this check topics² (docs/benchmarks.md)
    condition     = length(setsubtract(local.included_names, keys(local.registry))) == 0
    error_message = "topic_selection.include names topics that are not in ${local.topics_dir}: ${join(", ", setsubtract(local.included_names, keys(local.registry)))}."
  }
  precondition {
    condition     = contains(keys(var.tiers), var.default_tier) && alltrue([for tier in values(var.topic_tiers) : contains(keys(var.tiers), tier)])
    error_message = "default_tier and every value of topic_tiers must name a tier in var.tiers (${join(", ", keys(var.tiers))})."
  }
  precondition {
    condition     = alltrue([for topic in keys(local.topics) : can(regex("^[a-z][a-z0-9_-]{0,47}$", topic)) && !contains(["raw_errors", "curated_errors"], topic)])
    error_message = "Topic names must match ^[a-z][a-z0-9_-]{0,47}$ and must not be raw_errors or curated_errors."
  }
  precondition {
    condition     = length(distinct([for topic in values(local.topics) : topic.table_name])) == length(local.topics)
    error_message = "Two topics map to the same Iceberg table name after '-' → '_'."
  }
}

output "queue_name_prefix" {
  description = "QUEUE_NAME_PREFIX of the Lambdas."
  value       = module.messaging.queue_name_prefix
}

output "queue_urls" {
  description = "Topic → queue URL (publishers send here)."
  value       = module.messaging.queue_urls
}

output "dlq_names" {
  description = "The centralized DLQ pair: standard and FIFO."
  value       = { standard = module.messaging.dlq_standard_name, fifo = module.messaging.dlq_fifo_name }
}

output "firehose_stream_name" {
  description = "Stream 0's Firehose stream, <name>-raw (the only one unless stream_assignment_file says more)."
  value       = module.ingestion["0"].stream_name
}

output "firehose_stream_names" {
  description = "Every Firehose stream by stream index; stream k's topics are sent by processor <name>-sqs-processor[-k]."
  value       = { for stream, ingestion in module.ingestion : stream => ingestion.stream_name }
}

output "function_names" {
  description = "Lambda function names by component."
  value       = module.compute.function_names
}

output "database_names" {
  description = "Glue databases by layer."
  value       = module.catalog.database_names
}

output "raw_table_names" {
  description = "Topic → RAW Iceberg table, plus raw_errors."
  value       = module.catalog.raw_table_names
}

output "dynamodb_table_names" {
  description = "DynamoDB tables by role."
  value       = module.state.table_names
}

output "bucket_names" {
  description = "Buckets by role: lake, archive, artifacts."
  value       = module.storage.bucket_names
}

output "glue_job_names" {
  description = "Glue jobs by role."
  value       = module.orchestration.glue_job_names
}

output "state_machine_arns" {
  description = "Orchestrator and rebuilder ARNs."
  value       = module.orchestration.state_machine_arns
}

output "operators_topic_arn" {
  description = "SNS topic to subscribe humans to."
  value       = module.observability.operators_topic_arn
}

output "sum_of_maximum_concurrency" {
  description = "Sum of MaximumConcurrency over all topic mappings; the account's Lambda concurrency must exceed it (docs/deploy.md)."
  value       = module.compute.sum_of_maximum_concurrency
}
