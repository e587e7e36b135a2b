/** Version of the archive object's JSON layout, bumped on any incompatible change. */
export const ARCHIVE_DOCUMENT_VERSION = 1;

/**
 * Why a message is in the archive. The DLQ copy of a message does not say why its processing
 * failed (SQS only moves it after maxReceiveCount receives), so the archiver records what it
 * knows: a message of a topic queue that exhausted its receives is DEAD_LETTERED; one whose
 * source queue is missing or outside the topic prefix is UNKNOWN_SOURCE. The per-attempt reasons
 * are in the sqs-processor's RETRY log lines, found by message id (docs/operations.md).
 */
export const ArchiveErrorCode = {
  DEAD_LETTERED: 'DEAD_LETTERED',
  UNKNOWN_SOURCE: 'UNKNOWN_SOURCE',
} as const;
export type ArchiveErrorCode = (typeof ArchiveErrorCode)[keyof typeof ArchiveErrorCode];

/** Status of a dlq-index item (docs/naming.md). */
export const DlqStatus = {
  ARCHIVED: 'ARCHIVED',
  REPLAYED: 'REPLAYED',
} as const;
export type DlqStatus = (typeof DlqStatus)[keyof typeof DlqStatus];
