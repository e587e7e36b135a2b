import type { CheckpointLayer, SnapshotRef } from './types';

/** A checkpoint item as stored (docs/naming.md): the attribute names are the contract. */
export interface CheckpointItem {
  topic: string;
  layer: CheckpointLayer;
  snapshot_id: string;
  sequence_number: number;
  updated_at: string;
  run_id: string;
}

/**
 * The snapshot an item points at, or undefined when the item is missing or malformed (a malformed
 * item reads as "no checkpoint", which makes the next compare-and-set fail as stale instead of
 * silently overwriting it).
 */
export function snapshotFromItem(
  item: Record<string, unknown> | undefined,
): SnapshotRef | undefined {
  if (item === undefined) return undefined;
  const snapshotId = item.snapshot_id;
  const sequenceNumber = item.sequence_number;
  if (typeof snapshotId !== 'string' || !/^-?\d+$/.test(snapshotId)) return undefined;
  if (typeof sequenceNumber !== 'number' || !Number.isSafeInteger(sequenceNumber)) return undefined;
  return { snapshotId, sequenceNumber };
}

/** The item a compare-and-set writes. */
export function checkpointItem(
  topic: string,
  layer: CheckpointLayer,
  snapshot: SnapshotRef,
  runId: string,
  now: Date,
): CheckpointItem {
  return {
    topic,
    layer,
    snapshot_id: snapshot.snapshotId,
    sequence_number: snapshot.sequenceNumber,
    updated_at: now.toISOString(),
    run_id: runId,
  };
}
