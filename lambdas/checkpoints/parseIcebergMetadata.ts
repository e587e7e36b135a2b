import type { SnapshotRef } from '../common/checkpoints';

const SNAPSHOT_ID_KEYS = new Set(['current-snapshot-id', 'snapshot-id', 'parent-snapshot-id']);

interface SnapshotJson {
  'snapshot-id'?: unknown;
  'parent-snapshot-id'?: unknown;
  'sequence-number'?: unknown;
  'timestamp-ms'?: unknown;
  summary?: { operation?: unknown; 'added-records'?: unknown };
}

interface MetadataJson {
  'format-version'?: unknown;
  'current-snapshot-id'?: unknown;
  snapshots?: SnapshotJson[];
}

/** One commit in the current snapshot's lineage, as the freshness measure needs it. */
export interface SnapshotEntry {
  snapshotId: string;
  sequenceNumber: number;
  /** Commit time (Iceberg `timestamp-ms`, epoch ms); undefined when the metadata omits it. */
  committedAtMs: number | undefined;
  /**
   * Whether the commit can carry rows the next layer has not read: false for a compaction
   * (`replace`), a pure `delete` and an append of zero records.
   */
  addsData: boolean;
}

/** A table's current snapshot and its ancestors, newest first (parents of an expired snapshot are gone). */
export interface SnapshotHistory {
  current: SnapshotRef | undefined;
  lineage: SnapshotEntry[];
  /** The lineage ends at an expired snapshot (older commits are unknown), not at the table's first. */
  truncated?: boolean;
  /** Snapshots the metadata keeps (all branches), and the metadata file's size: table health. */
  snapshotCount?: number;
  metadataBytes?: number;
}

/** Iceberg operations that never bring new rows: compaction rewrites, row deletes. */
const NO_NEW_DATA_OPERATIONS = new Set(['replace', 'delete']);

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
  return currentOf(parseMetadata(text));
}

/**
 * The current snapshot and its lineage (current first, following `parent-snapshot-id`): what the
 * next layer reads incrementally. Snapshots outside the lineage (rolled back, other branches) are
 * not data the pipeline will read, so they are left out.
 *
 * @example
 * parseSnapshotHistory(metadataText).lineage[0]; // → { snapshotId: '…', sequenceNumber: 7, committedAtMs: 1767225600000, addsData: true }
 */
export function parseSnapshotHistory(text: string): SnapshotHistory {
  const metadata = parseMetadata(text);
  const current = currentOf(metadata);
  const byId = new Map<unknown, SnapshotJson>(
    (metadata.snapshots ?? []).map((snapshot) => [snapshot['snapshot-id'], snapshot]),
  );
  const lineage: SnapshotEntry[] = [];
  let truncated = false;
  const seen = new Set<unknown>();
  let id: unknown = current?.snapshotId;
  while (id !== undefined && id !== null && !seen.has(id)) {
    seen.add(id);
    const snapshot = byId.get(id);
    if (snapshot === undefined) {
      truncated = true; // expired: the lineage known to this metadata ends here
      break;
    }
    const sequenceNumber = snapshot['sequence-number'];
    if (typeof sequenceNumber !== 'number' || !Number.isSafeInteger(sequenceNumber)) {
      throw new UnsupportedMetadataError(`snapshot ${String(id)} has no sequence number`);
    }
    const timestamp = snapshot['timestamp-ms'];
    const operation = snapshot.summary?.operation;
    lineage.push({
      snapshotId: String(id),
      sequenceNumber,
      committedAtMs:
        typeof timestamp === 'number' && Number.isSafeInteger(timestamp) ? timestamp : undefined,
      addsData:
        !(typeof operation === 'string' && NO_NEW_DATA_OPERATIONS.has(operation)) &&
        snapshot.summary?.['added-records'] !== '0',
    });
    id = snapshot['parent-snapshot-id'];
  }
  return {
    current,
    lineage,
    truncated,
    snapshotCount: (metadata.snapshots ?? []).length,
    metadataBytes: Buffer.byteLength(text, 'utf8'),
  };
}

/**
 * The newest commit of the lineage that can carry rows the next layer has not read: compaction
 * (`replace`) and other data-free commits are skipped, so maintenance never makes a topic look
 * active. When the known lineage holds none but is truncated, the current snapshot stands in
 * (unknown means "maybe data"); undefined when the table never received data.
 *
 * @example
 * latestDataCommit({ current: { snapshotId: '9', sequenceNumber: 9 }, lineage: [
 *   { snapshotId: '9', sequenceNumber: 9, committedAtMs: 2, addsData: false },
 *   { snapshotId: '8', sequenceNumber: 8, committedAtMs: 1, addsData: true }] });
 * // → { snapshotId: '8', sequenceNumber: 8 }
 */
export function latestDataCommit(history: SnapshotHistory): SnapshotRef | undefined {
  const entry = history.lineage.find((candidate) => candidate.addsData);
  if (entry !== undefined)
    return { snapshotId: entry.snapshotId, sequenceNumber: entry.sequenceNumber };
  return history.truncated === true ? history.current : undefined;
}

function parseMetadata(text: string): MetadataJson {
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
  return metadata;
}

function currentOf(metadata: MetadataJson): SnapshotRef | undefined {
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
