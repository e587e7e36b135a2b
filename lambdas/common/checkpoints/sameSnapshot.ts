import type { SnapshotRef } from './types';

/** Whether two snapshot references name the same snapshot (both absent counts as the same). */
export function sameSnapshot(a: SnapshotRef | undefined, b: SnapshotRef | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.snapshotId === b.snapshotId && a.sequenceNumber === b.sequenceNumber;
}
