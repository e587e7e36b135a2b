output "breaker_topic_arn" {
  description = "SNS topic of the per-topic error-rate alarms; only the circuit-breaker subscribes."
  value       = aws_sns_topic.this["breaker"].arn
}

output "operators_topic_arn" {
  description = "SNS topic for humans: DLQ age, transform latency, Glue failures, freshness, failed executions."
  value       = aws_sns_topic.this["operators"].arn
}

output "topic_alarm_names" {
  description = "Topic → name of its error-rate alarm."
  value       = { for topic, alarm in aws_cloudwatch_metric_alarm.topic_error_rate : topic => alarm.alarm_name }
}

output "dashboard_name" {
  description = "Name of the CloudWatch dashboard."
  value       = aws_cloudwatch_dashboard.this.dashboard_name
}
