import {
  BatchProcessor,
  EventType,
  processPartialResponse,
  SqsFifoPartialProcessorAsync,
} from '@aws-lambda-powertools/batch';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { isFifoQueue } from '../common/naming';
import { buildArchiveEntry } from './buildArchiveEntry';
import { type ArchiveStores, storeArchiveEntry } from './storeArchiveEntry';

export interface ArchiveDependencies extends ArchiveStores {
  queueNamePrefix: string;
  now?: () => Date;
  /** The archive bucket's expiry of dlq/ objects in days (0: never), stamped on the index item. */
  archiveExpirationDays?: number;
}

/** One archived message, for the log line and the per-topic metric. */
export interface ArchivedMessage {
  topic: string;
  messageId: string;
  key: string;
  errorCode: string;
  /** false when an earlier delivery had already stored it (a redelivery, not a new dead letter). */
  firstDelivery: boolean;
}

export interface ArchiveBatchOutcome {
  response: SQSBatchResponse;
  archived: ArchivedMessage[];
  /** messageId → why it stays on the DLQ. */
  failed: Map<string, string>;
}

function isFifoBatch(event: SQSEvent): boolean {
  return event.Records.some((record) => isFifoQueue(record.eventSourceARN ?? ''));
}

/**
 * Archives every message of a DLQ batch (standard or FIFO) with Powertools' partial batch
 * processing: a message whose archive fails is reported alone in `batchItemFailures` and stays on
 * the DLQ; it is never deleted unarchived. On the FIFO DLQ a failure also fails the later
 * messages of its group (SQS FIFO ordering), other groups go on.
 */
export async function archiveBatch(
  event: SQSEvent,
  deps: ArchiveDependencies,
): Promise<ArchiveBatchOutcome> {
  const archived: ArchivedMessage[] = [];
  const failed = new Map<string, string>();
  const recordHandler = async (record: SQSRecord): Promise<void> => {
    try {
      const entry = buildArchiveEntry(
        record,
        deps.queueNamePrefix,
        deps.now?.() ?? new Date(),
        deps.archiveExpirationDays,
      );
      const outcome = await storeArchiveEntry(deps, entry);
      archived.push({
        topic: entry.document.topic,
        messageId: record.messageId,
        key: entry.key,
        errorCode: entry.document.error_code,
        firstDelivery: outcome.objectCreated || outcome.itemCreated,
      });
    } catch (error) {
      failed.set(record.messageId, error instanceof Error ? error.message : String(error));
      throw error;
    }
  };
  const options = { throwOnFullBatchFailure: false };
  const response = isFifoBatch(event)
    ? await processPartialResponse(event, recordHandler, new SqsFifoPartialProcessorAsync(), {
        ...options,
        skipGroupOnError: true,
      })
    : await processPartialResponse(
        event,
        recordHandler,
        new BatchProcessor(EventType.SQS),
        options,
      );
  for (const { itemIdentifier } of response.batchItemFailures) {
    if (!failed.has(itemIdentifier))
      failed.set(itemIdentifier, 'an earlier message of its FIFO group failed');
  }
  return { response, archived, failed };
}
