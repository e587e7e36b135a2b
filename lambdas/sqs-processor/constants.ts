/** Firehose PutRecordBatch limits (docs/architecture.md §5): records per call, bytes per call and per record. */
export const FIREHOSE_MAX_RECORDS_PER_BATCH = 500;
// "4 MB" per call: read as 4,000,000 bytes, the stricter of the two readings (the local Firehose
// refuses more, scripts/local/emulation/putRecordBatchLimits.ts).
export const FIREHOSE_MAX_BATCH_BYTES = 4_000_000;
export const FIREHOSE_MAX_RECORD_BYTES = 1_000 * 1024;

/** Rough upper bound of one PutRecordBatch round trip, reserved before starting another attempt. */
export const EXPECTED_PUT_CALL_MS = 1_000;

/** Enough to ride out a throttling burst without spending the invocation on a record that keeps failing. */
export const DEFAULT_MAX_ATTEMPTS = 6;
