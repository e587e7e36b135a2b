import type { SnapshotHistory } from './parseIcebergMetadata';

/**
 * Table health from the metadata the freshness measurement already reads (no extra request): how
 * many snapshots a table keeps and how large its metadata file is. Both stay bounded while
 * maintenance runs (snapshot expiry; metadata-cleanup properties) and grow with every Firehose
 * flush or job commit when it does not, so the fleet maximum is what the maintenance alarm reads.
 */
export interface TableHealth {
  topic: string;
  layer: 'raw' | 'standardized';
  snapshots: number;
  metadataBytes: number;
}

export interface FleetTableHealth {
  /** Tables measured. */
  tables: number;
  maxSnapshots: number;
  maxMetadataBytes: number;
  /** The table with the most snapshots (ties: the larger metadata file). */
  largest?: TableHealth;
}

/** The health of one table from its parsed metadata; undefined when the parse did not measure it. */
export function healthOf(
  topic: string,
  layer: TableHealth['layer'],
  history: SnapshotHistory,
): TableHealth | undefined {
  if (history.snapshotCount === undefined || history.metadataBytes === undefined) return undefined;
  return { topic, layer, snapshots: history.snapshotCount, metadataBytes: history.metadataBytes };
}

/**
 * The fleet's worst tables.
 *
 * @example
 * summarizeTableHealth([{ topic: 'a', layer: 'raw', snapshots: 300, metadataBytes: 310_000 }]);
 * // → { tables: 1, maxSnapshots: 300, maxMetadataBytes: 310000, largest: { topic: 'a', ... } }
 */
export function summarizeTableHealth(tables: readonly TableHealth[]): FleetTableHealth {
  let largest: TableHealth | undefined;
  let maxMetadataBytes = 0;
  for (const table of tables) {
    maxMetadataBytes = Math.max(maxMetadataBytes, table.metadataBytes);
    if (
      largest === undefined ||
      table.snapshots > largest.snapshots ||
      (table.snapshots === largest.snapshots && table.metadataBytes > largest.metadataBytes)
    ) {
      largest = table;
    }
  }
  return {
    tables: tables.length,
    maxSnapshots: largest?.snapshots ?? 0,
    maxMetadataBytes,
    ...(largest === undefined ? {} : { largest }),
  };
}
