# lean-ops: the whole pipeline of docs/architecture.md §2 for every topic in the registry.
# Names follow docs/naming.md; each module owns one concern and gets names and ARNs from here.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  # One source for the error-rate alarm's window and the breaker's probation (docs/operations.md,
  # Circuit breakers): a breaker closes only after its alarm had the chance to fire again.
  error_rate_evaluation_periods = 2
  # headroom for firehose-transform, dlq-archiver (5 per DLQ), checkpoints and the breaker
  other_functions_concurrency = 100
}

locals {
  name       = "${var.project}-${var.environment}"
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition

  topics_dir    = coalesce(var.topics_dir, "${path.root}/schemas/topics")
  artifacts_dir = coalesce(var.artifacts_dir, "${path.root}/dist/packages")
  glue_jobs_dir = coalesce(var.glue_jobs_dir, "${path.root}/glue-jobs")

  # The registry is the only list of topics: one file per topic, keyed by its declared name.
  registry = {
    for file_name in fileset(local.topics_dir, "*.json") :
    jsondecode(file("${local.topics_dir}/${file_name}")).topic => jsondecode(file("${local.topics_dir}/${file_name}"))
  }
  included_names = var.topic_selection.include == null ? keys(local.registry) : var.topic_selection.include
  selected_names = setsubtract(toset(local.included_names), toset(var.topic_selection.exclude))

  # One merge, not lookup(var.topic_tiers, topic, ...) per topic: every function call walks its
  # whole argument for sensitive marks, so a per-topic call on a per-topic map is topics² work.
  tier_names = merge({ for topic in local.selected_names : topic => var.default_tier }, var.topic_tiers)

  topics = {
    for topic in local.selected_names : topic => {
      fifo       = try(local.registry[topic].queue, "standard") == "fifo"
      table_name = replace(topic, "-", "_")
      tier       = var.tiers[local.tier_names[topic]]
    }
  }

  glue_database_prefix = replace(local.name, "-", "_")
  database_names = {
    raw          = "${local.glue_database_prefix}_raw"
    standardized = "${local.glue_database_prefix}_standardized"
    curated      = "${local.glue_database_prefix}_curated"
  }
  firehose_stream_name = "${local.name}-raw"
  metrics_namespace    = "LeanOps"
}

# Sharded streams (docs/deploy.md, Capacity): the `lean-ops capacity --write` document says how
# many Firehose streams there are and which carries each topic. Stream 0 keeps the unsharded
# names (<name>-raw, <name>-sqs-processor), stream k > 0 is <name>-raw-<k> with
# <name>-sqs-processor-<k>: growing past one stream renames and replaces nothing.
locals {
  # decoded in one place from one string, so both branches have the same type
  stream_assignment = jsondecode(var.stream_assignment_file == null ? "{\"streams\": 1, \"topics\": {}}" : file(var.stream_assignment_file))
  stream_count      = local.stream_assignment.streams
  # stream index (as a string key) → Firehose stream name
  stream_names = {
    for stream in range(local.stream_count) : tostring(stream) => stream == 0 ? local.firehose_stream_name : "${local.firehose_stream_name}-${stream}"
  }
  # With one stream every topic is on it; with more, a topic the document does not assign is -1
  # and the plan refuses it (stream_assignment_check). One merge, read by key (see tier_names).
  topic_streams     = merge({ for topic in local.selected_names : topic => local.stream_count == 1 ? 0 : -1 }, local.stream_assignment.topics)
  misassigned_names = [for topic in local.selected_names : topic if local.topic_streams[topic] < 0 || local.topic_streams[topic] >= local.stream_count]
}

module "storage" {
  source = "./modules/storage"

  name              = local.name
  account_id        = local.account_id
  partition         = local.partition
  region            = var.aws_region
  archive_retention = var.archive_retention
  force_destroy     = !var.deletion_protection
}

module "state" {
  source = "./modules/state"

  name                = local.name
  kms_key_arn         = module.storage.kms_key_arn
  deletion_protection = var.deletion_protection
}

module "catalog" {
  source = "./modules/catalog"

  database_names           = local.database_names
  lake_bucket              = module.storage.lake_bucket_name
  raw_tables               = { for topic, settings in local.topics : topic => settings.table_name }
  name                     = local.name
  account_id               = local.account_id
  partition                = local.partition
  region                   = var.aws_region
  kms_key_arn              = module.storage.kms_key_arn
  raw_compaction_optimizer = var.maintenance.raw_compaction == "optimizer"
}

module "messaging" {
  source = "./modules/messaging"

  name                       = local.name
  topics                     = { for topic, settings in local.topics : topic => { fifo = settings.fifo } }
  kms_key_arn                = module.storage.kms_key_arn
  processor_timeout_seconds  = var.processor.timeout_seconds
  visibility_timeout_seconds = var.processor.timeout_seconds * var.processor.visibility_timeout_multiplier
  max_receive_count          = var.max_receive_count
  message_retention_seconds  = var.queue_retention_seconds
}

module "compute" {
  source = "./modules/compute"

  name               = local.name
  account_id         = local.account_id
  partition          = local.partition
  region             = var.aws_region
  artifacts_dir      = local.artifacts_dir
  kms_key_arn        = module.storage.kms_key_arn
  log_retention_days = var.log_retention_days
  log_level          = var.log_level
  metrics_namespace  = local.metrics_namespace
  processor          = { timeout_seconds = var.processor.timeout_seconds, memory_mb = var.processor.memory_mb }
  breaker            = var.breaker
  # long enough for the error-rate alarm to fire again: its periods plus one for late metrics
  breaker_probation_seconds = var.alarms.error_rate_period_seconds * (local.error_rate_evaluation_periods + 1)

  queue_name_prefix = module.messaging.queue_name_prefix
  topic_queues = {
    for topic, settings in local.topics : topic => {
      arn                     = module.messaging.queue_arns[topic]
      fifo                    = settings.fifo
      stream                  = local.topic_streams[topic]
      max_concurrency         = settings.tier.max_concurrency
      batch_size              = settings.tier.batch_size
      batching_window_seconds = settings.tier.batching_window_seconds
    }
  }
  dlq_arns = [module.messaging.dlq_standard_arn, module.messaging.dlq_fifo_arn]

  firehose_stream_names = local.stream_names
  archive_bucket        = module.storage.archive_bucket_name
  lake_bucket           = module.storage.lake_bucket_name
  artifacts_bucket      = module.storage.artifacts_bucket_name
  # one figure for the archive's dlq/ expiry and the dlq-index items' TTL
  archive_expiration_days = var.archive_retention.expiration_days
  database_names          = local.database_names
  tables                  = module.state.table_names
  table_arns              = module.state.table_arns
}

module "ingestion" {
  source   = "./modules/ingestion"
  for_each = local.stream_names

  name                   = local.name
  stream_name            = each.value
  account_id             = local.account_id
  partition              = local.partition
  region                 = var.aws_region
  kms_key_arn            = module.storage.kms_key_arn
  lake_bucket_arn        = module.storage.lake_bucket_arn
  archive_bucket_arn     = module.storage.archive_bucket_arn
  raw_database_name      = module.catalog.database_names.raw
  transform_function_arn = module.compute.function_arns["firehose-transform"]
  buffering              = var.firehose_buffering
  log_retention_days     = var.log_retention_days
}

# The deployment had one stream before sharding: it is stream 0, unchanged.
moved {
  from = module.ingestion
  to   = module.ingestion["0"]
}

module "orchestration" {
  source = "./modules/orchestration"

  name               = local.name
  account_id         = local.account_id
  partition          = local.partition
  region             = var.aws_region
  kms_key_arn        = module.storage.kms_key_arn
  log_retention_days = var.log_retention_days
  metrics_namespace  = local.metrics_namespace
  glue               = var.glue
  maintenance        = var.maintenance

  glue_jobs_dir            = local.glue_jobs_dir
  glue_package_zip         = "${local.artifacts_dir}/glue/lean_ops_glue.zip"
  artifacts_bucket         = module.storage.artifacts_bucket_name
  lake_bucket              = module.storage.lake_bucket_name
  database_names           = module.catalog.database_names
  checkpoints_function_arn = module.compute.function_arns["checkpoints"]
  checkpoint_table_name    = module.state.table_names.checkpoints
  locks_table_name         = module.state.table_names.locks
  dynamodb_table_arns      = [module.state.table_arns.checkpoints, module.state.table_arns.locks, module.state.table_arns.schema_registry]
  dlq_index_table_name     = module.state.table_names.dlq_index
  dlq_index_table_arn      = module.state.table_arns.dlq_index
  archive_bucket           = module.storage.archive_bucket_name
}

module "observability" {
  source = "./modules/observability"

  name              = local.name
  kms_key_arn       = module.storage.kms_key_arn
  metrics_namespace = local.metrics_namespace
  alarms            = var.alarms
  topics            = keys(local.topics)

  error_rate_evaluation_periods = local.error_rate_evaluation_periods

  breaker_function_arn     = module.compute.function_arns["circuit-breaker"]
  breaker_function_name    = module.compute.function_names["circuit-breaker"]
  processor_function_names = module.compute.processor_function_names
  transform_function_name  = module.compute.function_names["firehose-transform"]
  dlq_names                = [module.messaging.dlq_standard_name, module.messaging.dlq_fifo_name]
  firehose_stream_names    = { for stream, ingestion in module.ingestion : stream => ingestion.stream_name }
  # the pipeline's jobs page when they fail; an audit run is an operator's, who sees its result
  glue_job_names     = [for job, name in module.orchestration.glue_job_names : name if job != "audit"]
  state_machine_arns = module.orchestration.state_machine_arns
  # what maintenance keeps (snapshot age + interval) plus two days of flushes, per table
  table_snapshots_alarm_threshold = ceil((var.maintenance.snapshot_min_age_hours + var.maintenance.interval_hours + 48) * 3600 / var.firehose_buffering.interval_seconds)
}

# Capacity that is checked, not hoped for: every topic mapping may scale to its MaximumConcurrency
# at once (a fleet-wide backlog after an outage does exactly that), and the account's concurrency
# is shared by every function. A plan whose tiers cannot run refuses instead of applying quietly.
resource "terraform_data" "capacity_check" {
  lifecycle {
    precondition {
      condition     = module.compute.sum_of_maximum_concurrency + local.other_functions_concurrency <= var.lambda_concurrency_budget
      error_message = "The topic mappings may use ${module.compute.sum_of_maximum_concurrency} concurrent processor instances (sum of MaximumConcurrency over ${length(local.topics)} topics) plus ${local.other_functions_concurrency} for the other functions, over lambda_concurrency_budget = ${var.lambda_concurrency_budget}: raise the account's Lambda concurrent executions quota and lambda_concurrency_budget, or lower the tiers' max_concurrency (docs/deploy.md, Account quotas)."
    }
  }
}

resource "terraform_data" "stream_assignment_check" {
  lifecycle {
    precondition {
      condition     = floor(local.stream_count) == local.stream_count && local.stream_count >= 1 && length(local.misassigned_names) == 0
      error_message = "The stream assignment (stream_assignment_file) has ${local.stream_count} streams and leaves ${length(local.misassigned_names)} topics without a stream in [0, ${local.stream_count}), e.g. ${join(", ", slice(sort(local.misassigned_names), 0, min(5, length(local.misassigned_names))))}: run lean-ops capacity --assignment <current file> --write <file> to assign new topics (docs/deploy.md, Capacity)."
    }
  }
}
