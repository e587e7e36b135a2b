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
 * and as it lands in the topic's RAW Iceberg table or in `raw_errors`.
 */
export interface RawEnvelope {
  topic: string;
  message_id: string;
  /** The SQS body, verbatim. */
  payload: string;
  payload_sha256: string;
  /** ISO-8601 UTC: when SQS received the message. */
  sent_at: string;
  /** ISO-8601 UTC: when sqs-processor handled it. */
  ingested_at: string;
  receive_count: number;
  source_arn: string;
  message_group_id?: string;
  sequence_number?: string;
  error?: { code: DropCode; reason: string };
}

/**
 * Message attribute a DLQ replay sets to the message id of the original delivery, so the replayed
 * copy keeps its identity in RAW (dedup and the accountability report key on it).
 */
export const ORIGINAL_MESSAGE_ID_ATTRIBUTE = 'lean_ops_original_message_id';
