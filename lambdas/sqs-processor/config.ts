import {
  BUCKET_NAME_PATTERN,
  integerEnv,
  QUEUE_NAME_PREFIX_PATTERN,
  requireEnv,
  STREAM_NAME_PATTERN,
} from '../common/config';
import { DEFAULT_MAX_ATTEMPTS, FIREHOSE_MAX_RECORD_BYTES } from './constants';

export interface ProcessorConfig {
  streamName: string;
  queueNamePrefix: string;
  errorBucket: string;
  /** Largest envelope forwarded to Firehose; larger ones are archived to S3 as OVERSIZED. */
  maxRecordBytes: number;
  /** Time kept free at the end of an invocation to return the response. */
  safetyMarginMs: number;
  /** PutRecordBatch attempts per chunk before the remaining records go back to SQS. */
  maxPutAttempts: number;
}

/** Reads and validates the processor's environment at cold start (names in docs/naming.md). */
export function loadProcessorConfig(
  env: Record<string, string | undefined> = process.env,
): ProcessorConfig {
  return {
    streamName: requireEnv('FIREHOSE_STREAM_NAME', env, STREAM_NAME_PATTERN),
    queueNamePrefix: requireEnv('QUEUE_NAME_PREFIX', env, QUEUE_NAME_PREFIX_PATTERN),
    errorBucket: requireEnv('ERROR_BUCKET', env, BUCKET_NAME_PATTERN),
    maxRecordBytes: integerEnv(
      'MAX_RECORD_BYTES',
      FIREHOSE_MAX_RECORD_BYTES,
      { min: 1024, max: FIREHOSE_MAX_RECORD_BYTES },
      env,
    ),
    safetyMarginMs: integerEnv('SAFETY_MARGIN_MS', 3_000, { min: 0, max: 60_000 }, env),
    maxPutAttempts: integerEnv('MAX_PUT_ATTEMPTS', DEFAULT_MAX_ATTEMPTS, { min: 1, max: 20 }, env),
  };
}
