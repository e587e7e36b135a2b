import type { SnapshotRef } from '../common/checkpoints';

const SNAPSHOT_ID_KEYS = new Set(['current-snapshot-id', 'snapshot-id', 'parent-snapshot-id']);

interface MetadataJson {
  'format-version'?: unknown;
  'current-snapshot-id'?: unknown;
  snapshots?: { 'snapshot-id'?: unknown; 'sequence-number'?: unknown }[];
}

/** The metadata is not Iceberg table metadata we can order snapshots by. */
export class UnsupportedMetadataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedMetadataError';
  }
}

/**
 * The current snapshot of an Iceberg table from its metadata JSON, or undefined for a table that
 * was never written. Snapshot ids are 64-bit, beyond JS numbers: they are kept as their source
 * text (JSON.parse source access, Node ≥ 21), so 3051729675574597004 is not rounded.
 *
 * @example
 * parseCurrentSnapshot('{"format-version":2,"current-snapshot-id":3051729675574597004,
 *   "snapshots":[{"snapshot-id":3051729675574597004,"sequence-number":4}]}');
 * // → { snapshotId: '3051729675574597004', sequenceNumber: 4 }
 */
export function parseCurrentSnapshot(text: string): SnapshotRef | undefined {
  const metadata = JSON.parse(text, (key, value, context?: { source?: string }) =>
    SNAPSHOT_ID_KEYS.has(key) && typeof value === 'number' && context?.source !== undefined
      ? context.source
      : value,
  ) as MetadataJson;
  if (metadata['format-version'] !== 2 && metadata['format-version'] !== 3) {
    // v1 tables have no sequence numbers, so checkpoints could not be ordered.
    throw new UnsupportedMetadataError(
      `Iceberg format-version ${String(metadata['format-version'])} has no sequence numbers`,
    );
  }
  const current = metadata['current-snapshot-id'];
  if (current === undefined || current === null || current === '-1') return undefined;
  const snapshot = (metadata.snapshots ?? []).find(
    (candidate) => candidate['snapshot-id'] === current,
  );
  const sequenceNumber = snapshot?.['sequence-number'];
  if (
    typeof current !== 'string' ||
    typeof sequenceNumber !== 'number' ||
    !Number.isSafeInteger(sequenceNumber)
  ) {
    throw new UnsupportedMetadataError(
      `current snapshot ${String(current)} is missing from the snapshot list`,
    );
  }
  return { snapshotId: current, sequenceNumber };
}
