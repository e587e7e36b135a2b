import type { ArchiveDocument } from '../../lambdas/dlq-archiver/types';
import type { ReplayableItem } from '../../scripts/ops/dlq/types';

let counter = 0;

/** A dlq-index item as the archiver writes it; override what the test is about. */
export function indexItem(overrides: Partial<ReplayableItem> = {}): ReplayableItem {
  counter++;
  const messageId = overrides.message_id ?? `m-${counter}`;
  const sentAt =
    overrides.sent_at ?? `2026-11-25T10:00:${String(counter % 60).padStart(2, '0')}.000Z`;
  return {
    topic: 'engine-temperature',
    sk: `${sentAt}#${messageId}`,
    message_id: messageId,
    status: 'ARCHIVED',
    archive_key: `dlq/topic=${overrides.topic ?? 'engine-temperature'}/dt=2026-11-25/${messageId}.json`,
    sha256: 'ab',
    error_code: 'DEAD_LETTERED',
    source_queue_arn: 'arn:aws:sqs:us-east-1:1:q',
    first_seen_at: sentAt,
    sent_at: sentAt,
    receive_count: 6,
    ...overrides,
  };
}

export function archiveDocument(overrides: Partial<ArchiveDocument> = {}): ArchiveDocument {
  return {
    version: 1,
    topic: 'engine-temperature',
    message_id: 'm-1',
    body: '{"device_id":"e-1"}',
    sha256: 'ab',
    attributes: {},
    message_attributes: {},
    source_queue_arn: '',
    dlq_arn: '',
    error_code: 'DEAD_LETTERED',
    error_reason: '',
    receive_count: 6,
    sent_at: '2026-11-25T10:00:00.000Z',
    first_seen_at: '2026-11-25T10:00:00.000Z',
    ...overrides,
  };
}
