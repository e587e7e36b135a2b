/** Why a record that did nothing wrong is retried: an earlier record of its FIFO group failed. */
export const HELD_BEHIND_GROUP_FAILURE = 'an earlier message of its FIFO group failed';

/**
 * FIFO ordering: once a record of a message group fails, every later record of that group in
 * the batch must be retried too, or SQS would deliver them ahead of the failed one. Records
 * without a group (standard queues) are unaffected. Returns the extended set of failed ids.
 *
 * @example
 * extendFailuresToLaterGroupRecords(
 *   [{ messageId: 'a', messageGroupId: 'g' }, { messageId: 'b', messageGroupId: 'g' }],
 *   new Set(['a']),
 * ); // → Set { 'a', 'b' }
 */
export function extendFailuresToLaterGroupRecords(
  records: readonly { messageId: string; messageGroupId?: string | undefined }[],
  failed: ReadonlySet<string>,
): Set<string> {
  const result = new Set(failed);
  const brokenGroups = new Set<string>();
  for (const { messageId, messageGroupId } of records) {
    if (messageGroupId === undefined) continue;
    if (brokenGroups.has(messageGroupId)) {
      result.add(messageId);
    } else if (result.has(messageId)) {
      brokenGroups.add(messageGroupId);
    }
  }
  return result;
}
