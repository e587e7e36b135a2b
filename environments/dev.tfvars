# dev: the demo topics, small tiers, short retention, nothing protected from destroy.
project     = "lean-ops"
environment = "dev"
aws_region  = "us-east-1"

topic_selection = {} # every topic in schemas/topics

default_tier = "standard"
tiers = {
  standard = { max_concurrency = 2, batch_size = 100, batching_window_seconds = 5 }
}

processor = { timeout_seconds = 30, memory_mb = 512, visibility_timeout_multiplier = 6 }

log_retention_days  = 7
deletion_protection = false
archive_retention   = { transition_to_ia_days = 30, transition_to_glacier_days = 60, expiration_days = 90 }

firehose_buffering = { size_mb = 16, interval_seconds = 60 }

glue = {
  worker_type         = "G.1X"
  number_of_workers   = 2
  max_concurrent_runs = 3
  topics_per_run      = 10
  map_max_concurrency = 2
  schedule_expression = "rate(15 minutes)"
}

# RAW compaction by the maintain job: small topics, and the local endpoint has no table-optimizer API
maintenance = { raw_compaction = "job" }

alarms = {
  error_rate_percent     = 20
  error_rate_min_records = 20
}
