import { hash } from 'node:crypto';
import type { SQSRecord } from 'aws-lambda';
import {
  DropCode as Codes,
  type DropCode,
  epochMicros,
  originalMessageIdOf,
  type RawEnvelope,
  UNKNOWN_TOPIC,
} from '../common/envelope';
import { ARCHIVE_PREFIXES, topicFromQueueArn } from '../common/naming';

/** One SQS record turned into what is sent to Firehose, plus what the handler needs to report. */
export interface PreparedRecord {
  messageId: string;
  topic: string;
  messageGroupId: string | undefined;
  envelope: RawEnvelope;
  /** The envelope as forwarded: one JSON line, newline-terminated. */
  data: Buffer;
  /** Set when the full envelope exceeds the record limit: archive this, forward `data` (a stub). */
  oversized?: { fullData: Buffer; archiveKey: string };
}

export interface PrepareContext {
  queueNamePrefix: string;
  maxRecordBytes: number;
  errorBucket: string;
  now: Date;
}

function sha256Hex(text: string): string {
  // One-shot hashing: several times cheaper than createHash() for small payloads (hot path).
  return hash('sha256', text, 'hex');
}

/** SQS's SentTimestamp (epoch milliseconds, as a string) in epoch microseconds. */
function sentAtMicros(value: string | undefined, fallback: Date): number {
  const millis = Number(value);
  return Number.isSafeInteger(millis) && millis > 0 ? millis * 1_000 : epochMicros(fallback);
}

/** Poison check of the body: it must be a JSON object. Returns the drop code, or undefined. */
export function inspectBody(body: string): { code: DropCode; reason: string } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      code: Codes.MALFORMED_JSON,
      reason: body.length === 0 ? 'empty body' : `invalid JSON: ${detail}`,
    };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    const kind = parsed === null ? 'null' : Array.isArray(parsed) ? 'array' : typeof parsed;
    return { code: Codes.NOT_AN_OBJECT, reason: `body is a JSON ${kind}, not an object` };
  }
  return undefined;
}

/** S3 key of an oversized envelope: `oversized/topic=<topic>/dt=<day>/<message id>.json`. */
export function oversizedArchiveKey(topic: string, messageId: string, ingestedAt: string): string {
  return `${ARCHIVE_PREFIXES.oversized}topic=${topic}/dt=${ingestedAt.slice(0, 10)}/${encodeURIComponent(messageId)}.json`;
}

function toLine(envelope: RawEnvelope): Buffer {
  return Buffer.from(`${JSON.stringify(envelope)}\n`, 'utf8');
}

/**
 * Builds the RAW envelope of one SQS record (docs/architecture.md §4). Poison records are kept, marked
 * with `error`, so they land in raw_errors; an envelope over the record limit is replaced by a
 * stub that points at its S3 archive copy. Pure: no I/O.
 */
export function prepareRecord(record: SQSRecord, context: PrepareContext): PreparedRecord {
  const ingestedAt = context.now.toISOString();
  // A record without its queue ARN (never sent by AWS, but not ours to trust) is one UNKNOWN_TOPIC
  // drop, not a TypeError that would hand its healthy batch-mates back for retry.
  const sourceArn = typeof record.eventSourceARN === 'string' ? record.eventSourceARN : '';
  const route = topicFromQueueArn(sourceArn, context.queueNamePrefix);
  const topic = route.kind === 'topic' ? route.topic : UNKNOWN_TOPIC;
  const attributes = record.attributes;
  const payload = record.body ?? '';
  const envelope: RawEnvelope = {
    topic,
    message_id: originalMessageIdOf(record.messageAttributes) ?? record.messageId,
    payload,
    payload_sha256: sha256Hex(payload),
    sent_at: sentAtMicros(attributes?.SentTimestamp, context.now),
    ingested_at: epochMicros(context.now),
    receive_count: Number(attributes?.ApproximateReceiveCount ?? '1') || 1,
    source_arn: sourceArn,
    message_group_id: attributes?.MessageGroupId || null,
    sequence_number: attributes?.SequenceNumber || null,
    error:
      route.kind === 'unknown'
        ? { code: Codes.UNKNOWN_TOPIC, reason: `${route.queueName}: ${route.reason}` }
        : (inspectBody(payload) ?? null),
  };

  const base = { messageId: record.messageId, topic, messageGroupId: attributes?.MessageGroupId };
  const data = toLine(envelope);
  if (data.length <= context.maxRecordBytes) {
    return { ...base, envelope, data };
  }
  const archiveKey = oversizedArchiveKey(topic, envelope.message_id, ingestedAt);
  const stub: RawEnvelope = {
    ...envelope,
    payload: '',
    error: {
      code: Codes.OVERSIZED,
      reason: `envelope is ${data.length} bytes, over the ${context.maxRecordBytes}-byte record limit; full envelope at s3://${context.errorBucket}/${archiveKey}`,
    },
  };
  return { ...base, envelope: stub, data: toLine(stub), oversized: { fullData: data, archiveKey } };
}
