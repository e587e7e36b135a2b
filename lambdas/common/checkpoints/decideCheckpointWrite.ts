import { sameSnapshot } from './sameSnapshot';
import { CheckpointWriteOutcome, type SnapshotRef } from './types';

export interface CheckpointWriteAttempt {
  /** What the table holds now (undefined: no checkpoint yet). */
  stored: SnapshotRef | undefined;
  /** What the writer read before it started its work (undefined: it saw no checkpoint). */
  expected: SnapshotRef | undefined;
  /** Where the writer wants the checkpoint to be after its commit. */
  proposed: SnapshotRef;
}

/**
 * The compare-and-set rule every checkpoint writer follows (the Glue jobs' Python twin reads the
 * same cases from tests/fixtures/checkpoints/cases.json): the write happens only if the stored
 * checkpoint is exactly what the writer read and the proposal's sequence number is greater.
 * A proposal equal to what is stored is a no-op, so a retried write is harmless.
 *
 * @example
 * decideCheckpointWrite({
 *   stored: { snapshotId: '7', sequenceNumber: 3 },
 *   expected: { snapshotId: '5', sequenceNumber: 2 },
 *   proposed: { snapshotId: '9', sequenceNumber: 4 },
 * }); // → 'stale': someone else moved it from 2 to 3 after this writer read it
 */
export function decideCheckpointWrite({
  stored,
  expected,
  proposed,
}: CheckpointWriteAttempt): CheckpointWriteOutcome {
  if (sameSnapshot(stored, proposed)) return CheckpointWriteOutcome.UNCHANGED;
  if (!sameSnapshot(stored, expected)) return CheckpointWriteOutcome.STALE;
  if (expected !== undefined && proposed.sequenceNumber <= expected.sequenceNumber) {
    return CheckpointWriteOutcome.BACKWARDS;
  }
  return CheckpointWriteOutcome.WRITTEN;
}
