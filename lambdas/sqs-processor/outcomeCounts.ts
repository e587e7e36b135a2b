import { HELD_BEHIND_GROUP_FAILURE } from './fifoGroupFailures';
import type { BatchOutcome } from './processBatch';

/** One topic's share of a batch, as the processor publishes it (namespace LeanOps, dimension topic). */
export interface TopicCounts {
  received: number;
  forwarded: number;
  dropped: number;
  /** Records that failed on their own (Firehose or archive failure): the error-rate alarm's numerator. */
  retried: number;
  /**
   * FIFO records retried only because an earlier record of their group failed. Counted apart so a
   * single poison message cannot push a FIFO topic's error rate to 100 % and trip its breaker: the
   * breaker is for a failing downstream, the DLQ is for a failing message.
   */
  heldBack: number;
  droppedByCode: Map<string, number>;
}

/** Per-topic counts of a batch outcome; every received record is in exactly one of forwarded / retried / heldBack. */
export function countOutcomes(outcome: BatchOutcome): Map<string, TopicCounts> {
  const perTopic = new Map<string, TopicCounts>();
  for (const record of outcome.prepared) {
    let counts = perTopic.get(record.topic);
    if (counts === undefined) {
      counts = {
        received: 0,
        forwarded: 0,
        dropped: 0,
        retried: 0,
        heldBack: 0,
        droppedByCode: new Map(),
      };
      perTopic.set(record.topic, counts);
    }
    counts.received++;
    const retryReason = outcome.retried.get(record.messageId);
    if (retryReason === HELD_BEHIND_GROUP_FAILURE) {
      counts.heldBack++;
    } else if (retryReason !== undefined) {
      counts.retried++;
    } else {
      counts.forwarded++;
      const error = record.envelope.error;
      if (error !== null) {
        counts.dropped++;
        counts.droppedByCode.set(error.code, (counts.droppedByCode.get(error.code) ?? 0) + 1);
      }
    }
  }
  return perTopic;
}
