# The master orchestrator (every 15 minutes: checkpoints → shards → Map → standardize → curate →
# maintain the run's due topics)
# and the historical rebuilder, loaded from the ASL files under definitions/.

locals {
  definition_variables = {
    checkpoints_function_arn = var.checkpoints_function_arn
    standardize_job_name     = aws_glue_job.this["standardize"].name
    curate_job_name          = aws_glue_job.this["curate"].name
    maintain_job_name        = aws_glue_job.this["maintain"].name
    locks_table_name         = var.locks_table_name
    checkpoint_table_name    = var.checkpoint_table_name
    map_max_concurrency      = var.glue.map_max_concurrency
    topics_per_glue_run      = var.glue.topics_per_run
    metrics_namespace        = var.metrics_namespace
    # whole seconds, as the checkpoints Lambda's scan expects
    maintenance_interval_seconds = floor(var.maintenance.interval_hours * 3600)
    # a rebuild reads a topic's whole RAW history: its own timeout and workers
    rebuild_timeout_minutes   = var.glue.rebuild_timeout_minutes
    rebuild_timeout_seconds   = var.glue.rebuild_timeout_minutes * 60 + 900
    rebuild_worker_type       = var.glue.worker_type
    rebuild_number_of_workers = var.glue.rebuild_number_of_workers
  }
  state_machines = {
    orchestrator = "${path.module}/definitions/orchestrator.asl.json"
    rebuilder    = "${path.module}/definitions/rebuilder.asl.json"
  }
}

resource "aws_cloudwatch_log_group" "state_machine" {
  for_each = local.state_machines
  #checkov:skip=CKV_AWS_338:Retention is set per environment (log_retention_days).

  name              = "/aws/vendedlogs/states/${var.name}-${each.key}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
}

resource "aws_sfn_state_machine" "this" {
  for_each = local.state_machines

  name       = "${var.name}-${each.key}"
  role_arn   = aws_iam_role.state_machine.arn
  definition = templatefile(each.value, local.definition_variables)

  logging_configuration {
    log_destination        = "${aws_cloudwatch_log_group.state_machine[each.key].arn}:*"
    include_execution_data = true
    level                  = "ERROR"
  }

  tracing_configuration {
    enabled = true
  }

  depends_on = [aws_iam_role_policy.state_machine]
}

resource "aws_cloudwatch_event_rule" "schedule" {
  name                = "${var.name}-orchestrator-schedule"
  description         = "Starts the master orchestrator"
  schedule_expression = var.glue.schedule_expression
  state               = var.glue.schedule_enabled ? "ENABLED" : "DISABLED"
}

resource "aws_cloudwatch_event_target" "schedule" {
  rule     = aws_cloudwatch_event_rule.schedule.name
  arn      = aws_sfn_state_machine.this["orchestrator"].arn
  role_arn = aws_iam_role.schedule.arn
}
