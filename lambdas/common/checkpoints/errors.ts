import { LeanOpsError } from '../errors';
import type { CheckpointLayer, SnapshotRef } from './types';

/** Base of the checkpoint errors. */
export class CheckpointError extends LeanOpsError {}

/** A compare-and-set lost: another writer moved the checkpoint after this writer read it. */
export class StaleCheckpointError extends CheckpointError {
  constructor(
    readonly topic: string,
    readonly layer: CheckpointLayer,
    readonly expected: SnapshotRef | undefined,
    readonly stored: SnapshotRef | undefined,
  ) {
    super(
      `${topic}/${layer} checkpoint is ${describe(stored)}, not ${describe(expected)} as read: another writer won`,
    );
  }
}

/** A writer proposed a checkpoint that is not after the one it read. */
export class BackwardsCheckpointError extends CheckpointError {
  constructor(
    readonly topic: string,
    readonly layer: CheckpointLayer,
    readonly expected: SnapshotRef | undefined,
    readonly proposed: SnapshotRef,
  ) {
    super(
      `${topic}/${layer} checkpoint would move backwards from ${describe(expected)} to ${describe(proposed)}`,
    );
  }
}

function describe(snapshot: SnapshotRef | undefined): string {
  return snapshot === undefined
    ? 'absent'
    : `snapshot ${snapshot.snapshotId} (seq ${snapshot.sequenceNumber})`;
}
