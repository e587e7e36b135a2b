# Curated freshness is measured by the checkpoints Lambda (`action: freshness`) at the end of every
# orchestrator run AND on this schedule of its own. The schedule keeps one reading per alarm period
# however long a run takes or however the orchestrator's schedule is set, so the freshness alarm
# can treat missing data as breaching: missing then means "the measurement itself is broken", and
# an orchestrator that stopped shows as a growing lag (docs/decisions.md, "Curated freshness lag").

resource "aws_cloudwatch_event_rule" "freshness" {
  name                = "${var.name}-curated-freshness"
  description         = "Measures curated freshness (checkpoints Lambda, action freshness)"
  schedule_expression = var.freshness_schedule_expression
}

resource "aws_cloudwatch_event_target" "freshness" {
  rule  = aws_cloudwatch_event_rule.freshness.name
  arn   = var.checkpoints_function_arn
  input = jsonencode({ action = "freshness" })
}

resource "aws_lambda_permission" "freshness_schedule" {
  statement_id  = "AllowCuratedFreshnessSchedule"
  action        = "lambda:InvokeFunction"
  function_name = var.checkpoints_function_arn
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.freshness.arn
}
