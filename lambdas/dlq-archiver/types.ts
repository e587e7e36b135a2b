import type { ArchiveErrorCode, DlqStatus } from './constants';

/** One SQS message attribute, as the Lambda SQS event carries it (binary values base64). */
export interface ArchivedMessageAttribute {
  dataType: string;
  stringValue?: string;
  binaryValue?: string;
}

/** The S3 archive object of one dead-lettered message (docs/architecture.md §4). */
export interface ArchiveDocument {
  version: number;
  topic: string;
  message_id: string;
  /** The message body, verbatim. */
  body: string;
  /** Hex SHA-256 of `body` (UTF-8), checked again before any replay. */
  sha256: string;
  /** SQS system attributes of the DLQ copy (SentTimestamp, ApproximateReceiveCount, MessageGroupId, ...). */
  attributes: Record<string, string>;
  message_attributes: Record<string, ArchivedMessageAttribute>;
  /** Set when this dead letter was itself a replayed copy: the id of the first delivery. */
  original_message_id?: string;
  /** The topic queue the message was dead-lettered from, or '' when SQS did not say. */
  source_queue_arn: string;
  /** The DLQ it was read from. */
  dlq_arn: string;
  error_code: ArchiveErrorCode;
  error_reason: string;
  receive_count: number;
  /** ISO-8601 UTC: when the producer sent it to the topic queue (SentTimestamp). */
  sent_at: string;
  /** ISO-8601 UTC: when the archiver first stored it; a redelivery never changes it. */
  first_seen_at: string;
}

/** The dlq-index item of one archived message (docs/naming.md, DynamoDB item layouts). */
export interface DlqIndexItem {
  topic: string;
  /** `<sent_at>#<message_id>`: sorts by time within a topic, unique per message. */
  sk: string;
  message_id: string;
  status: DlqStatus;
  archive_key: string;
  sha256: string;
  error_code: ArchiveErrorCode;
  source_queue_arn: string;
  first_seen_at: string;
  sent_at: string;
  receive_count: number;
  /** FIFO topics: needed to replay into the same message group. */
  message_group_id?: string;
  /** Set when this dead letter was itself a replayed copy: the id of the first delivery. */
  original_message_id?: string;
  replay_id?: string;
  replayed_at?: string;
  /**
   * When the archive bucket's lifecycle deletes this message's body (ISO-8601): absent when the
   * archive never expires. The replay CLI reports ARCHIVE_EXPIRED after it.
   */
  archive_expires_at?: string;
  /**
   * The table's TTL attribute (epoch seconds): INDEX_GRACE_DAYS after the body, so for a while
   * the index still says why a replay finds nothing, and then the record goes too.
   */
  expires_at?: number;
}

/** What the archiver writes for one message: the S3 object and the index item. */
export interface ArchiveEntry {
  key: string;
  document: ArchiveDocument;
  indexItem: DlqIndexItem;
}
