# staging: production shape on fewer workers; a topic subset can be selected here to save cost.
project     = "lean-ops"
environment = "staging"
aws_region  = "us-east-1"

topic_selection = {} # e.g. { include = ["engine-temperature", "gps-position"] }

default_tier = "standard"
tiers = {
  standard = { max_concurrency = 2, batch_size = 500, batching_window_seconds = 10 }
  high     = { max_concurrency = 10, batch_size = 1000, batching_window_seconds = 5 }
}
topic_tiers = {
  "gps-position" = "high"
}

processor = { timeout_seconds = 60, memory_mb = 1024, visibility_timeout_multiplier = 6 }

log_retention_days  = 30
deletion_protection = true
archive_retention   = { transition_to_ia_days = 30, transition_to_glacier_days = 90, expiration_days = 180 }

firehose_buffering = { size_mb = 64, interval_seconds = 120 }

glue = {
  worker_type         = "G.1X"
  number_of_workers   = 2
  max_concurrent_runs = 10
  topics_per_run      = 25
  map_max_concurrency = 10
  schedule_expression = "rate(15 minutes)"
}

alarms = {
  error_rate_percent     = 10
  error_rate_min_records = 50
}
