/** Why a record is poison: the data itself can never be delivered (docs/architecture.md §4). */
export const DropCode = {
  MALFORMED_JSON: 'MALFORMED_JSON',
  NOT_AN_OBJECT: 'NOT_AN_OBJECT',
  OVERSIZED: 'OVERSIZED',
  UNKNOWN_TOPIC: 'UNKNOWN_TOPIC',
} as const;
export type DropCode = (typeof DropCode)[keyof typeof DropCode];

/** Topic recorded for records whose queue is outside the configured prefix. */
export const UNKNOWN_TOPIC = 'UNKNOWN';

/**
 * One RAW record, as sqs-processor writes it to Firehose (one JSON object, newline-terminated)
 * and as it lands in the topic's RAW Iceberg table or in `raw_errors`. Its columns are defined
 * once, in schemas/raw-envelope.json (RAW_ENVELOPE_COLUMNS): every record carries every column,
 * `null` where it has no value, because Firehose's Iceberg destination matches first-level
 * fields to the table's columns and AWS does not document what it does with a missing one.
 */
export interface RawEnvelope {
  topic: string;
  message_id: string;
  /** The SQS body, verbatim. */
  payload: string;
  payload_sha256: string;
  /** When SQS received the message, epoch microseconds (Firehose's Iceberg timestamp format). */
  sent_at: number;
  /** When sqs-processor handled it, epoch microseconds. */
  ingested_at: number;
  receive_count: number;
  source_arn: string;
  message_group_id: string | null;
  sequence_number: string | null;
  error: { code: DropCode; reason: string } | null;
}

/** Epoch microseconds of a time: the wire format of an Iceberg timestamp column through Firehose. */
export function epochMicros(at: Date): number {
  return at.getTime() * 1_000;
}

/**
 * Message attribute a DLQ replay sets to the message id of the original delivery, so the replayed
 * copy keeps its identity in RAW (dedup and the accountability report key on it).
 */
export const ORIGINAL_MESSAGE_ID_ATTRIBUTE = 'lean_ops_original_message_id';

/** An SQS message id is at most 100 characters; anything past this is not one. */
export const MAX_ORIGINAL_MESSAGE_ID_LENGTH = 128;

/**
 * The id of the first delivery when a record is a DLQ replay (ORIGINAL_MESSAGE_ID_ATTRIBUTE),
 * or undefined when it is absent, blank or too long to be a message id. Bounded so that a large
 * attribute never makes a RAW row or a DLQ index item oversized.
 */
export function originalMessageIdOf(
  messageAttributes: Record<string, { stringValue?: string | undefined }> | undefined,
): string | undefined {
  const value = messageAttributes?.[ORIGINAL_MESSAGE_ID_ATTRIBUTE]?.stringValue?.trim();
  return value !== undefined && value !== '' && value.length <= MAX_ORIGINAL_MESSAGE_ID_LENGTH
    ? value
    : undefined;
}
