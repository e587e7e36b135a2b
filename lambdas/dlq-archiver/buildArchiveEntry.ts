import { createHash } from 'node:crypto';
import type { SQSRecord } from 'aws-lambda';
import { originalMessageIdOf, UNKNOWN_TOPIC } from '../common/envelope';
import { topicFromQueueArn } from '../common/naming';
import { archiveKey, indexSortKey } from './archiveKey';
import { ARCHIVE_DOCUMENT_VERSION, ArchiveErrorCode, DlqStatus } from './constants';
import type { ArchivedMessageAttribute, ArchiveEntry, DlqIndexItem } from './types';

/** Hex SHA-256 of a body as UTF-8: the value every replay verifies. */
export function bodySha256(body: string): string {
  return createHash('sha256').update(body, 'utf8').digest('hex');
}

function epochMillisToIso(value: string | undefined): string | undefined {
  const millis = Number(value);
  return value !== undefined && Number.isFinite(millis) && millis > 0
    ? new Date(millis).toISOString()
    : undefined;
}

function copyMessageAttributes(record: SQSRecord): Record<string, ArchivedMessageAttribute> {
  const copied: Record<string, ArchivedMessageAttribute> = {};
  for (const [name, value] of Object.entries(record.messageAttributes ?? {})) {
    copied[name] = {
      dataType: value.dataType,
      ...(value.stringValue !== undefined ? { stringValue: value.stringValue } : {}),
      ...(value.binaryValue !== undefined ? { binaryValue: value.binaryValue } : {}),
    };
  }
  return copied;
}

/**
 * Builds the archive object and index item of one DLQ message. Deterministic for a given message
 * (topic, key and sort key come from the message itself: its source queue, SentTimestamp and id),
 * so a redelivery maps to the same object and item and the conditional writes keep the first.
 * `now` only fills `first_seen_at`, and `sent_at` when SQS gave no SentTimestamp. Pure: no I/O.
 *
 * @example
 * const entry = buildArchiveEntry(record, 'lean-ops-dev-topic-', new Date());
 * entry.key; // 'dlq/topic=engine-temperature/dt=2026-11-25/<message id>.json'
 */
export function buildArchiveEntry(
  record: SQSRecord,
  queueNamePrefix: string,
  now: Date,
  archiveExpirationDays = 0,
): ArchiveEntry {
  const attributes = { ...((record.attributes ?? {}) as unknown as Record<string, string>) };
  const sourceQueueArn = attributes.DeadLetterQueueSourceArn ?? '';
  const route =
    sourceQueueArn === '' ? undefined : topicFromQueueArn(sourceQueueArn, queueNamePrefix);
  const topic = route?.kind === 'topic' ? route.topic : UNKNOWN_TOPIC;
  const receiveCount = Number(attributes.ApproximateReceiveCount ?? '0') || 0;
  const body = record.body ?? '';
  const sha256 = bodySha256(body);
  const sentAt = epochMillisToIso(attributes.SentTimestamp) ?? now.toISOString();
  const firstSeenAt = now.toISOString();
  const messageId = record.messageId;

  let errorCode: ArchiveErrorCode;
  let errorReason: string;
  if (route === undefined) {
    errorCode = ArchiveErrorCode.UNKNOWN_SOURCE;
    errorReason = 'the DLQ message carries no DeadLetterQueueSourceArn';
  } else if (route.kind === 'unknown') {
    errorCode = ArchiveErrorCode.UNKNOWN_SOURCE;
    errorReason = `${route.queueName}: ${route.reason}`;
  } else {
    errorCode = ArchiveErrorCode.DEAD_LETTERED;
    errorReason = `not processed after ${receiveCount} receives (maxReceiveCount exceeded); see the sqs-processor RETRY logs for message ${messageId}`;
  }

  const key = archiveKey(topic, sentAt, messageId);
  const messageGroupId = attributes.MessageGroupId;
  // A replayed copy that dead-lettered again still belongs to its first delivery. Bounded: the
  // index item must stay far below DynamoDB's 400 KB; the S3 document keeps every attribute whole.
  const originalId = originalMessageIdOf(record.messageAttributes);
  const original = originalId ? { original_message_id: originalId } : {};
  return {
    key,
    document: {
      version: ARCHIVE_DOCUMENT_VERSION,
      topic,
      message_id: messageId,
      ...original,
      body,
      sha256,
      attributes,
      message_attributes: copyMessageAttributes(record),
      source_queue_arn: sourceQueueArn,
      dlq_arn: record.eventSourceARN ?? '',
      error_code: errorCode,
      error_reason: errorReason,
      receive_count: receiveCount,
      sent_at: sentAt,
      first_seen_at: firstSeenAt,
    },
    indexItem: {
      topic,
      sk: indexSortKey(sentAt, messageId),
      message_id: messageId,
      status: DlqStatus.ARCHIVED,
      archive_key: key,
      sha256,
      error_code: errorCode,
      source_queue_arn: sourceQueueArn,
      first_seen_at: firstSeenAt,
      sent_at: sentAt,
      receive_count: receiveCount,
      ...(messageGroupId ? { message_group_id: messageGroupId } : {}),
      ...original,
      ...expiryOf(now, archiveExpirationDays),
    },
  };
}

/** The index item outlives its archived body by this much (docs/decisions.md, dlq-index expiry). */
export const INDEX_GRACE_DAYS = 30;
const DAY_MS = 86_400_000;

/**
 * When the body expires (the archive bucket's lifecycle counts from the object's creation, which
 * is now) and when the index item follows it; nothing when the archive never expires.
 */
function expiryOf(
  now: Date,
  archiveExpirationDays: number,
): Pick<DlqIndexItem, 'archive_expires_at' | 'expires_at'> {
  if (archiveExpirationDays <= 0) return {};
  const bodyExpiresMs = now.getTime() + archiveExpirationDays * DAY_MS;
  return {
    archive_expires_at: new Date(bodyExpiresMs).toISOString(),
    expires_at: Math.floor((bodyExpiresMs + INDEX_GRACE_DAYS * DAY_MS) / 1000),
  };
}
