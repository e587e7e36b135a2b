import type { FirehoseClient } from '@aws-sdk/client-firehose';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSBatchItemFailure, SQSEvent } from 'aws-lambda';
import type { ProcessorConfig } from './config';
import { deliverInGroupOrder } from './deliverInGroupOrder';
import { deliverToFirehose } from './deliverToFirehose';
import { extendFailuresToLaterGroupRecords, HELD_BEHIND_GROUP_FAILURE } from './fifoGroupFailures';
import { type PreparedRecord, prepareRecord } from './prepareRecord';

export interface BatchDependencies {
  firehose: FirehoseClient;
  /** Asked for only when a batch holds an oversized record: the S3 client stays unloaded otherwise. */
  s3: () => S3Client | Promise<S3Client>;
  remainingTimeMs: () => number;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** What happened to each record, for logs and metrics; the handler reports only `failures`. */
export interface BatchOutcome {
  prepared: PreparedRecord[];
  /** messageId → why it goes back to SQS (RETRY). */
  retried: Map<string, string>;
  batchItemFailures: SQSBatchItemFailure[];
}

/**
 * The processor's whole job for one SQS batch: envelope every record, archive oversized ones,
 * forward OK and DROP envelopes to Firehose (FIFO groups in order, stopping a group at its first
 * failure), and report every record that did not reach Firehose as a batch item failure so SQS
 * retries it (and, past maxReceiveCount, dead-letters it).
 */
export async function processBatch(
  event: SQSEvent,
  config: ProcessorConfig,
  deps: BatchDependencies,
): Promise<BatchOutcome> {
  const now = deps.now?.() ?? new Date();
  const context = {
    queueNamePrefix: config.queueNamePrefix,
    maxRecordBytes: config.maxRecordBytes,
    errorBucket: config.errorBucket,
    now,
  };
  const prepared = event.Records.map((record) => prepareRecord(record, context));
  const retried = new Map<string, string>();

  const archiveResults = await Promise.all(
    prepared.map(async (record) => {
      if (!record.oversized) return undefined;
      // loaded on first use: most containers never see an oversized record (cold start, issue 20)
      const { archiveOversized } = await import('./archiveOversized');
      return archiveOversized(await deps.s3(), config.errorBucket, record.oversized);
    }),
  );
  const archiveFailures = new Map<string, string>();
  prepared.forEach((record, index) => {
    const failure = archiveResults[index];
    if (failure !== undefined) archiveFailures.set(record.messageId, failure);
  });

  const deliver = (records: PreparedRecord[]) =>
    deliverToFirehose(deps.firehose, records, {
      streamName: config.streamName,
      remainingTimeMs: deps.remainingTimeMs,
      safetyMarginMs: config.safetyMarginMs,
      maxAttempts: config.maxPutAttempts,
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
      ...(deps.random ? { random: deps.random } : {}),
    });
  const deliveryFailures = await deliverInGroupOrder(prepared, archiveFailures, deliver);
  for (const { record, reason } of deliveryFailures) {
    if (!retried.has(record.messageId)) retried.set(record.messageId, reason);
  }

  // Belt and braces: whatever path a failure took, no later record of its group is reported delivered.
  const failedIds = extendFailuresToLaterGroupRecords(prepared, new Set(retried.keys()));
  for (const messageId of failedIds) {
    if (!retried.has(messageId)) retried.set(messageId, HELD_BEHIND_GROUP_FAILURE);
  }
  return { prepared, retried, batchItemFailures: toBatchItemFailures(prepared, failedIds) };
}

/** One entry per failed message id, in batch order (duplicate deliveries are reported once). */
export function toBatchItemFailures(
  records: readonly { messageId: string }[],
  failed: ReadonlySet<string>,
): SQSBatchItemFailure[] {
  const reported = new Set<string>();
  const failures: SQSBatchItemFailure[] = [];
  for (const { messageId } of records) {
    if (failed.has(messageId) && !reported.has(messageId)) {
      reported.add(messageId);
      failures.push({ itemIdentifier: messageId });
    }
  }
  return failures;
}
