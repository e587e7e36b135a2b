/** Topic snapshots read at once inside one invocation (Glue GetTable + metadata GET per table). */
export const READ_CONCURRENCY = 16;

/** DynamoDB BatchGetItem reads at most 100 keys per call. */
export const BATCH_GET_MAX_KEYS = 100;

/** Attempts at a BatchGetItem's unprocessed keys before the shard read fails. */
export const BATCH_GET_MAX_ATTEMPTS = 6;

/**
 * Most topics one scan request may carry: a shard, not a registry. Keeps one invocation's reads
 * bounded and its response far below the 256 KiB Step Functions payload limit.
 */
export const MAX_TOPICS_PER_SCAN = 200;

/**
 * Names listed per kind in a tally and in the execution summary (paused, unavailable, failed,
 * backing off, quarantined); the counts are always complete. Keeps the state bounded when the
 * whole fleet is in one kind (docs/orchestration.md, "State size").
 */
export const MAX_LISTED_TOPICS = 100;

/** The longest maintenance interval a scan accepts: 30 days (metadata grows until the next pass). */
export const MAX_MAINTENANCE_INTERVAL_SECONDS = 30 * 86_400;

/** Registry entries with this status are not orchestrated any more. */
export const RETIRED_STATUS = 'RETIRED';

/**
 * Topics measured at once by `freshness`, which reads the whole registry in one invocation (two
 * metadata reads per topic): 750 topics take a few seconds at this width.
 */
export const FRESHNESS_READ_CONCURRENCY = 32;

/**
 * EMF metric names (namespace LeanOps, docs/naming.md). The observability module's freshness
 * alarm reads FRESHNESS_LAG_METRIC with exactly the dimension {service: METRICS_SERVICE}; a policy
 * test (tests/terraform/test_policies.py) compares these lines with modules/observability.
 */
export const FRESHNESS_LAG_METRIC = 'CuratedFreshnessLagSeconds';
export const FRESHNESS_UNMEASURED_METRIC = 'CuratedFreshnessUnmeasuredTopics';
/** Fleet maxima of table health (tableHealth.ts), published with each freshness measurement. */
export const TABLE_SNAPSHOTS_MAX_METRIC = 'TableSnapshotsMax';
export const TABLE_METADATA_BYTES_MAX_METRIC = 'TableMetadataBytesMax';

/**
 * Published with each execution summary (reportSummary.ts): topics quarantined after repeated
 * failures (the observability module's quarantined-topics alarm) and topics waiting out a
 * back-off (topicIsolation.ts).
 */
export const QUARANTINED_TOPICS_METRIC = 'QuarantinedTopics';
export const BACKING_OFF_TOPICS_METRIC = 'BackingOffTopics';

/**
 * The Powertools `service` dimension of this Lambda's metrics: its POWERTOOLS_SERVICE_NAME, which
 * modules/compute sets to the function's key.
 */
export const METRICS_SERVICE = 'checkpoints';
