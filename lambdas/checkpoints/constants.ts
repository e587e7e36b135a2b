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

/** Registry entries with this status are not orchestrated any more. */
export const RETIRED_STATUS = 'RETIRED';
