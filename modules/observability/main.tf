# Two SNS topics with different readers: breaker alarms go to the circuit-breaker Lambda only
# (SEED-LESSONS.md: a shared topic let a DLQ alarm stop every topic), operator alarms to humans.

data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

resource "aws_sns_topic" "this" {
  for_each = {
    breaker   = "${var.name}-breaker-alarms"
    operators = "${var.name}-operators"
  }

  name              = each.value
  kms_master_key_id = var.kms_key_arn
}

data "aws_iam_policy_document" "operators_topic" {
  statement {
    sid       = "AlarmsAndEventRulesPublish"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.this["operators"].arn]
    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com", "events.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_sns_topic_policy" "operators" {
  arn    = aws_sns_topic.this["operators"].arn
  policy = data.aws_iam_policy_document.operators_topic.json
}

resource "aws_sns_topic_subscription" "operators_email" {
  for_each = toset(var.alarms.operator_email_subscriptions)

  topic_arn = aws_sns_topic.this["operators"].arn
  protocol  = "email"
  endpoint  = each.value
}

resource "aws_sns_topic_subscription" "breaker" {
  topic_arn = aws_sns_topic.this["breaker"].arn
  protocol  = "lambda"
  endpoint  = var.breaker_function_arn
}

resource "aws_lambda_permission" "breaker_from_sns" {
  statement_id  = "AllowBreakerAlarmTopic"
  action        = "lambda:InvokeFunction"
  function_name = var.breaker_function_name
  principal     = "sns.amazonaws.com"
  source_arn    = aws_sns_topic.this["breaker"].arn
}

# Glue job failures arrive as events, not metrics: any FAILED, TIMEOUT or ERROR run pages.
resource "aws_cloudwatch_event_rule" "glue_job_failed" {
  name        = "${var.name}-glue-job-failed"
  description = "Any failed run of the lean-ops Glue jobs"
  event_pattern = jsonencode({
    source      = ["aws.glue"]
    detail-type = ["Glue Job State Change"]
    detail = {
      jobName = var.glue_job_names
      state   = ["FAILED", "TIMEOUT", "ERROR"]
    }
  })
}

resource "aws_cloudwatch_event_target" "glue_job_failed" {
  rule = aws_cloudwatch_event_rule.glue_job_failed.name
  arn  = aws_sns_topic.this["operators"].arn
}
