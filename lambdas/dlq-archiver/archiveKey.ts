import { ARCHIVE_PREFIXES } from '../common/naming';

/**
 * S3 key of a message's archive object (docs/architecture.md §4); `dt` is the day it was sent, so every
 * delivery of the same message maps to the same key.
 *
 * @example
 * archiveKey('engine-temperature', '2026-11-25T10:00:00.000Z', 'a1b2');
 * // → 'dlq/topic=engine-temperature/dt=2026-11-25/a1b2.json'
 */
export function archiveKey(topic: string, sentAt: string, messageId: string): string {
  return `${ARCHIVE_PREFIXES.deadLetters}topic=${topic}/dt=${sentAt.slice(0, 10)}/${encodeURIComponent(messageId)}.json`;
}

/**
 * Sort key of a dlq-index item: `<iso-time>#<message_id>` (docs/naming.md). ISO-8601 UTC sorts
 * as text, so a `--since/--until` selection is a key range.
 *
 * @example
 * indexSortKey('2026-11-25T10:00:00.000Z', 'a1b2'); // → '2026-11-25T10:00:00.000Z#a1b2'
 */
export function indexSortKey(sentAt: string, messageId: string): string {
  return `${sentAt}#${messageId}`;
}
