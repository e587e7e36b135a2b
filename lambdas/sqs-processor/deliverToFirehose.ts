import { type FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import {
  type BackoffPolicy,
  DEFAULT_BACKOFF,
  fitsTimeBudget,
  fullJitterDelayMs,
} from '../common/backoff';
import { classifyError } from '../common/classifyError';
import { chunkRecords } from './chunkRecords';
import { DEFAULT_MAX_ATTEMPTS, EXPECTED_PUT_CALL_MS } from './constants';

export interface Deliverable {
  messageId: string;
  data: Buffer;
}

/** Why a record was not delivered, for the RETRY log line. */
export interface DeliveryFailure<T> {
  record: T;
  reason: string;
}

export interface DeliveryOptions {
  streamName: string;
  remainingTimeMs: () => number;
  safetyMarginMs: number;
  /** Attempts per chunk (first try included); the time budget may stop earlier. */
  maxAttempts?: number;
  backoff?: BackoffPolicy;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Sends records to Firehose with PutRecordBatch, in chunks within the call limits. A whole-call
 * error retries the chunk; per-record failures (FailedPutCount > 0) retry only the failed
 * records. Retries use exponential backoff with full jitter and stop after `maxAttempts` or when
 * the next attempt would not fit the invocation's remaining time. Outcomes are keyed by the record objects themselves
 * (each response entry is matched to the request entry at the same position of THAT request),
 * never by the position in the SQS batch. Never throws for an AWS error.
 */
export async function deliverToFirehose<T extends Deliverable>(
  client: FirehoseClient,
  records: readonly T[],
  options: DeliveryOptions,
): Promise<DeliveryFailure<T>[]> {
  const sleep = options.sleep ?? realSleep;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const failures: DeliveryFailure<T>[] = [];
  for (const chunk of chunkRecords(records)) {
    let pending: T[] = chunk;
    let lastReason = '';
    for (
      let attempt = 1;
      pending.length > 0 && attempt <= (options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
      attempt++
    ) {
      if (attempt > 1) {
        const delay = fullJitterDelayMs(attempt - 1, backoff, options.random);
        if (
          !fitsTimeBudget(
            options.remainingTimeMs(),
            delay,
            EXPECTED_PUT_CALL_MS,
            options.safetyMarginMs,
          )
        ) {
          break;
        }
        await sleep(delay);
      }
      const outcome = await putOnce(client, options.streamName, pending);
      pending = outcome.failed;
      lastReason = outcome.reason;
      if (!outcome.transient) break;
    }
    for (const record of pending) {
      failures.push({ record, reason: lastReason });
    }
  }
  return failures;
}

async function putOnce<T extends Deliverable>(
  client: FirehoseClient,
  streamName: string,
  records: T[],
): Promise<{ failed: T[]; reason: string; transient: boolean }> {
  try {
    const response = await client.send(
      new PutRecordBatchCommand({
        DeliveryStreamName: streamName,
        Records: records.map((record) => ({ Data: record.data })),
      }),
    );
    if (!response.FailedPutCount) return { failed: [], reason: '', transient: true };
    const entries = response.RequestResponses ?? [];
    const failed: T[] = [];
    const codes = new Set<string>();
    records.forEach((record, index) => {
      const entry = entries[index];
      // A missing entry is treated as failed: never assume delivery we cannot see.
      if (entry === undefined || entry.ErrorCode !== undefined || entry.RecordId === undefined) {
        failed.push(record);
        codes.add(entry?.ErrorCode ?? 'MissingResponseEntry');
      }
    });
    return {
      failed,
      reason: `firehose per-record failure: ${[...codes].join(', ')}`,
      transient: true,
    };
  } catch (error) {
    const { reason, transient } = classifyError(error);
    return { failed: records, reason: `firehose call failed, ${reason}`, transient };
  }
}
