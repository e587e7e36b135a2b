import type { DlqIndexItem } from '../../../lambdas/dlq-archiver/types';

/** A dlq-index item as the replay reads it: the archiver's layout plus the replay's own fields. */
export interface ReplayableItem extends DlqIndexItem {
  /** Set while one replay run owns the item (between claim and mark); removed by the mark. */
  claim_id?: string;
  claimed_at?: string;
  /** How many times it was replayed; part of the FIFO deduplication id. */
  replay_count?: number;
  /** The SQS message id of the replayed copy: the `message_id` to look for in RAW. */
  replay_message_id?: string;
  /** The replay run that last sent it (set with REPLAYED). */
  replay_id?: string;
}

/** Why an item selected for replay was not sent. */
export const NotReplayedCode = {
  /** Its topic is not in the registry (or is UNKNOWN): there is no queue it may go to. */
  UNREGISTERED_TOPIC: 'UNREGISTERED_TOPIC',
  /** The archived body no longer matches its recorded SHA-256. */
  SHA256_MISMATCH: 'SHA256_MISMATCH',
  /** The archive object is missing or unreadable. */
  ARCHIVE_UNREADABLE: 'ARCHIVE_UNREADABLE',
  /** The archive's retention deleted the body (the index item says when); nothing to send. */
  ARCHIVE_EXPIRED: 'ARCHIVE_EXPIRED',
  /** The topic's queue could not be resolved (GetQueueUrl failed). */
  QUEUE_UNAVAILABLE: 'QUEUE_UNAVAILABLE',
  /** Another replay run holds it right now. */
  BUSY: 'BUSY',
  /** A replay run claimed it and never finished: it may or may not have been sent. */
  IN_DOUBT: 'IN_DOUBT',
  /** Another run replayed it between selection and claim. */
  ALREADY_REPLAYED: 'ALREADY_REPLAYED',
  /** SendMessageBatch refused or kept failing the entry. */
  SEND_FAILED: 'SEND_FAILED',
  /** Sent, but the REPLAYED mark failed: a rerun would send it again; check before forcing. */
  MARK_FAILED: 'MARK_FAILED',
  /** The run was interrupted before it got to the item. */
  NOT_ATTEMPTED: 'NOT_ATTEMPTED',
  /** `--plan`: the item is no longer what the reviewed dry run saw (replayed, gone, changed). */
  PLAN_CHANGED: 'PLAN_CHANGED',
} as const;
export type NotReplayedCode = (typeof NotReplayedCode)[keyof typeof NotReplayedCode];

export interface NotReplayed {
  topic: string;
  message_id: string;
  sk: string;
  code: NotReplayedCode;
  reason: string;
}

/** A topic the replay may send to, from the registry. */
export interface ReplayTopic {
  topic: string;
  fifo: boolean;
}

export interface ReplaySelection {
  /** Only these topics; all topics when empty. */
  topics: string[];
  /** ISO-8601 bounds on the original send time: since inclusive, until exclusive. */
  since?: string;
  until?: string;
  errorCode?: string;
  messageIds: string[];
  limit?: number;
  /** Also select REPLAYED items and items left in doubt by an interrupted run. */
  force: boolean;
  /**
   * Resume this interrupted replay run: keep its replay id and never select what it already
   * sent (with `force` too, which would otherwise select its REPLAYED items again).
   */
  resume?: string;
}

/** The resources a replay reads and sends to: what a plan is pinned to. */
export interface ReplayTargetNames {
  indexTable: string;
  archiveBucket: string;
  queueNamePrefix: string;
}

/** What a dry run checked of what the real run needs (docs/operations.md §1). */
export interface ReplayChecks {
  /** Topic queues resolved (GetQueueUrl), one per topic with candidates. */
  queues: number;
  /** Archived messages read and verified, the first of each topic whose queue resolved. */
  archive_reads: number;
}

/** Per topic, in the report's JSON spelling (snake_case like every field of ReplayReport). */
export interface TopicCounts {
  selected: number;
  sent: number;
  not_replayed: number;
}

/** The result of one `replay-dlq` run; `version` is the JSON output format version. */
export interface ReplayReport {
  version: 1;
  ok: boolean;
  dry_run: boolean;
  replay_id: string;
  selected: number;
  sent: number;
  not_replayed: number;
  interrupted: boolean;
  per_topic: Record<string, TopicCounts>;
  failures: NotReplayed[];
  /** Dry run: what was checked so that "would be sent" holds (queues, archive reads). */
  checked?: ReplayChecks;
  /** Dry run: the first few items that would be sent. */
  sample: {
    topic: string;
    message_id: string;
    sent_at: string;
    error_code: string;
    archive_key: string;
  }[];
}
