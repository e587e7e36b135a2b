import type { DeliveryFailure } from './deliverToFirehose';
import { HELD_BEHIND_GROUP_FAILURE } from './fifoGroupFailures';

/**
 * Delivers FIFO records wave by wave: wave n holds the n-th record of every message group that
 * has not failed yet. A group stops at its first failure, so no record is forwarded after an
 * earlier record of its group failed: order is preserved and nothing reaches RAW that SQS will
 * deliver again (or dead-letter) because of its group. Standard-queue records (no group) all go
 * in the first wave. Returns the failures, including never-sent records of stopped groups.
 */
export async function deliverInGroupOrder<
  T extends { messageId: string; messageGroupId?: string | undefined },
>(
  records: readonly T[],
  preFailed: ReadonlyMap<string, string>,
  deliver: (wave: T[]) => Promise<DeliveryFailure<T>[]>,
): Promise<DeliveryFailure<T>[]> {
  const groups = new Map<string, T[]>();
  const ungrouped: T[] = [];
  for (const record of records) {
    if (record.messageGroupId === undefined) ungrouped.push(record);
    else groups.set(record.messageGroupId, [...(groups.get(record.messageGroupId) ?? []), record]);
  }
  const failures: DeliveryFailure<T>[] = [];
  const stopped = new Map<string, string>();
  const depth = Math.max(0, ...[...groups.values()].map((group) => group.length));
  for (let wave = 0; wave < Math.max(depth, ungrouped.length > 0 ? 1 : 0); wave++) {
    const sending: T[] =
      wave === 0 ? ungrouped.filter((record) => !preFailed.has(record.messageId)) : [];
    if (wave === 0) {
      for (const record of ungrouped) {
        const reason = preFailed.get(record.messageId);
        if (reason !== undefined) failures.push({ record, reason });
      }
    }
    for (const [groupId, group] of groups) {
      const record = group[wave];
      if (record === undefined) continue;
      const stopReason = stopped.get(groupId);
      if (stopReason !== undefined) {
        failures.push({ record, reason: HELD_BEHIND_GROUP_FAILURE });
        continue;
      }
      const reason = preFailed.get(record.messageId);
      if (reason !== undefined) {
        failures.push({ record, reason });
        stopped.set(groupId, reason);
        continue;
      }
      sending.push(record);
    }
    if (sending.length === 0) continue;
    for (const failure of await deliver(sending)) {
      failures.push(failure);
      if (failure.record.messageGroupId !== undefined)
        stopped.set(failure.record.messageGroupId, failure.reason);
    }
  }
  return failures;
}
