# prod: every registry topic (700+), tiers sized against the account's Lambda concurrency
# (docs/deploy.md: the sum of MaximumConcurrency must stay below it), a year of archive.
project     = "lean-ops"
environment = "prod"
aws_region  = "us-east-1"

topic_selection = {}

# The account's Lambda concurrent executions quota raised to this (docs/deploy.md, Account quotas):
# 700+ topics at MaximumConcurrency 2 need 1,400 at the floor; the plan refuses what does not fit.
lambda_concurrency_budget = 3000

default_tier = "standard"
tiers = {
  standard = { max_concurrency = 2, batch_size = 1000, batching_window_seconds = 10 }
  high     = { max_concurrency = 20, batch_size = 2000, batching_window_seconds = 5 }
  critical = { max_concurrency = 50, batch_size = 500, batching_window_seconds = 1 }
}
topic_tiers = {
  "gps-position"       = "high"
  "engine-temperature" = "high"
  "alarms"             = "critical"
}

processor = { timeout_seconds = 60, memory_mb = 1024, visibility_timeout_multiplier = 6 }

max_receive_count   = 8
log_retention_days  = 90
deletion_protection = true
archive_retention   = { transition_to_ia_days = 30, transition_to_glacier_days = 90, expiration_days = 400 }

firehose_buffering = { size_mb = 128, interval_seconds = 300 }

glue = {
  worker_type         = "G.1X"
  number_of_workers   = 4
  max_concurrent_runs = 30
  topics_per_run      = 25
  map_max_concurrency = 30
  schedule_expression = "rate(15 minutes)"
}

alarms = {
  error_rate_percent     = 5
  error_rate_min_records = 100
  dlq_oldest_age_seconds = 300
  transform_p95_ms       = 800
  freshness_lag_seconds  = 7200
}
