# The five Lambdas of docs/architecture.md §2 (the processor once per Firehose stream) from the
# dist/ bundles (zipped by scripts/terraform/package.py), one role, one log group and the
# environment of docs/naming.md each.

locals {
  arn_prefix = "arn:${var.partition}"

  common_environment = {
    POWERTOOLS_METRICS_NAMESPACE = var.metrics_namespace
    POWERTOOLS_LOG_LEVEL         = var.log_level
  }

  functions = {
    "sqs-processor" = {
      description = "Parses and classifies topic queue records and forwards RAW envelopes to Firehose"
      timeout     = var.processor.timeout_seconds
      memory      = var.processor.memory_mb
      environment = {
        FIREHOSE_STREAM_NAME = var.firehose_stream_names["0"]
        QUEUE_NAME_PREFIX    = var.queue_name_prefix
        ERROR_BUCKET         = var.archive_bucket
      }
    }
    "firehose-transform" = {
      description = "Stamps otfMetadata so Firehose routes each record to its topic's RAW table"
      timeout     = 60 # Firehose allows up to 5 minutes; a transform of 1 MiB takes well under a second
      memory      = 512
      environment = {
        RAW_DATABASE_NAME = var.database_names.raw
        RAW_ERRORS_TABLE  = var.raw_errors_table
      }
    }
    "dlq-archiver" = {
      description = "Archives dead-lettered messages to S3 and indexes them in DynamoDB"
      timeout     = 60
      memory      = 256
      environment = {
        ARCHIVE_BUCKET    = var.archive_bucket
        ERROR_INDEX_TABLE = var.tables.dlq_index
        QUEUE_NAME_PREFIX = var.queue_name_prefix
        # the archive bucket's dlq/ expiry: stamped on each index item, which expires 30 days later
        ARCHIVE_EXPIRATION_DAYS = tostring(var.archive_expiration_days)
      }
    }
    "circuit-breaker" = {
      description = "Disables a topic's event source mapping while its error-rate alarm is in ALARM"
      timeout     = 60
      memory      = 256
      environment = {
        BREAKER_TABLE           = var.tables.breaker
        QUEUE_NAME_PREFIX       = var.queue_name_prefix
        PROCESSOR_FUNCTION_NAME = "${var.name}-sqs-processor"
        PROCESSOR_STREAMS       = tostring(length(local.processors))
        COOLDOWN_SECONDS        = tostring(var.breaker.cooldown_seconds)
        MAX_COOLDOWN_SECONDS    = tostring(var.breaker.max_cooldown_seconds)
        PROBATION_SECONDS       = tostring(var.breaker_probation_seconds)
        CONTROL_PLANE_RPS       = tostring(var.breaker.control_plane_rps)
        BREAKER_CONCURRENCY     = tostring(var.breaker.concurrency)
      }
      # A fleet-wide outage sends 700+ alarm notifications at once: a few warm containers share
      # one mapping listing each and together stay within CONTROL_PLANE_RPS (the rest queue in
      # Lambda's async queue, which retries throttled events for up to 6 hours).
      reserved_concurrency = var.breaker.concurrency
    }
    "checkpoints" = {
      description = "Returns per-topic snapshot checkpoints and the new-data and paused flags; measures curated freshness"
      timeout     = 120
      memory      = 512
      environment = {
        CHECKPOINT_TABLE           = var.tables.checkpoints
        REGISTRY_TABLE             = var.tables.schema_registry
        RAW_DATABASE_NAME          = var.database_names.raw
        STANDARDIZED_DATABASE_NAME = var.database_names.standardized
        CURATED_DATABASE_NAME      = var.database_names.curated
        ORCHESTRATOR_STATE_BUCKET  = var.artifacts_bucket
      }
    }
  }

  # One processor per Firehose stream: stream 0's is "sqs-processor" above, stream k's
  # "sqs-processor-<k>", the same bundle and service (the per-topic alarms' dimension) writing to
  # its own stream.
  processor_keys = {
    for stream in keys(var.firehose_stream_names) : stream => stream == "0" ? "sqs-processor" : "sqs-processor-${stream}"
  }
  processors = { for stream, key in local.processor_keys : key => var.firehose_stream_names[stream] }
  stream_processors = {
    for key, stream_name in local.processors : key => merge(local.functions["sqs-processor"], {
      bundle      = "sqs-processor"
      environment = merge(local.functions["sqs-processor"].environment, { FIREHOSE_STREAM_NAME = stream_name })
    }) if key != "sqs-processor"
  }
  deployed_functions = merge(local.functions, local.stream_processors)
}

resource "aws_cloudwatch_log_group" "this" {
  for_each = local.deployed_functions
  #checkov:skip=CKV_AWS_338:Retention is set per environment (log_retention_days); a year of Lambda logs at 700 topics is a cost, not a control.

  name              = "/aws/lambda/${var.name}-${each.key}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
}

resource "aws_lambda_function" "this" {
  for_each = local.deployed_functions
  #checkov:skip=CKV_AWS_115:Concurrency is capped per source (ESM MaximumConcurrency per topic, Firehose for the transform); only the breaker reserves (its control-plane budget), reserving the others would carve 700 topics' capacity out of the account pool.
  #checkov:skip=CKV_AWS_116:Only the breaker (re-evaluated every minute) and the checkpoints freshness schedule (re-measured every run) are invoked asynchronously, and a lost event is redone by the next tick; the others are synchronous (ESM, Firehose, Step Functions).
  #checkov:skip=CKV_AWS_117:The functions reach only public AWS endpoints over TLS; no VPC resources exist to reach.
  #checkov:skip=CKV_AWS_272:Code signing needs an AWS Signer profile per account; bundles are built and hashed in CI (source_code_hash).

  function_name    = "${var.name}-${each.key}"
  description      = each.value.description
  role             = aws_iam_role.this[each.key].arn
  runtime          = "nodejs22.x"
  architectures    = ["arm64"]
  handler          = "index.handler"
  filename         = "${var.artifacts_dir}/lambdas/${lookup(each.value, "bundle", each.key)}.zip"
  source_code_hash = filebase64sha256("${var.artifacts_dir}/lambdas/${lookup(each.value, "bundle", each.key)}.zip")
  timeout          = each.value.timeout
  memory_size      = each.value.memory

  reserved_concurrent_executions = lookup(each.value, "reserved_concurrency", -1)
  kms_key_arn                    = var.kms_key_arn

  environment {
    variables = merge(local.common_environment, { POWERTOOLS_SERVICE_NAME = lookup(each.value, "bundle", each.key) }, each.value.environment)
  }

  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.this[each.key].name
  }

  tracing_config {
    mode = "Active"
  }

  depends_on = [aws_iam_role_policy.this]
}
