import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { EntityNotFoundException, GetTableCommand, type GlueClient } from '@aws-sdk/client-glue';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { SnapshotRef } from '../common/checkpoints';
import { SnapshotReadError } from './errors';
import {
  latestDataCommit,
  parseCurrentSnapshot,
  parseSnapshotHistory,
  type SnapshotHistory,
} from './parseIcebergMetadata';

/** A table's state in the catalog: absent, or present with its current snapshot (if any). */
export type TableSnapshot = { exists: false } | { exists: true; snapshot: SnapshotRef | undefined };

/** A table's state in the catalog with its current snapshot's lineage (for freshness). */
export type TableHistory = { exists: false } | { exists: true; history: SnapshotHistory };

/** Iceberg keeps the pointer to the current metadata file in this Glue table parameter. */
const METADATA_LOCATION = 'metadata_location';

/**
 * Reads a table's current Iceberg snapshot: the Glue Data Catalog table's `metadata_location`,
 * then that metadata file from S3 (or from local disk, where the local warehouse lives).
 */
export async function readTableSnapshot(
  clients: { glue: GlueClient; s3: S3Client },
  database: string,
  table: string,
): Promise<TableSnapshot> {
  const read = await readCurrentMetadata(clients, database, table, parseCurrentSnapshot);
  return read === undefined ? { exists: false } : { exists: true, snapshot: read.value };
}

/**
 * As readTableSnapshot, but the newest commit that added data (parseIcebergMetadata
 * `latestDataCommit`): what the orchestrator's scan compares with a checkpoint, so compaction and
 * manifest rewrites never start a run.
 */
export async function readLatestDataCommit(
  clients: { glue: GlueClient; s3: S3Client },
  database: string,
  table: string,
): Promise<TableSnapshot> {
  const read = await readCurrentMetadata(clients, database, table, (text) =>
    latestDataCommit(parseSnapshotHistory(text)),
  );
  return read === undefined ? { exists: false } : { exists: true, snapshot: read.value };
}

/** As readTableSnapshot, with the current snapshot's lineage and commit times (freshness). */
export async function readTableHistory(
  clients: { glue: GlueClient; s3: S3Client },
  database: string,
  table: string,
): Promise<TableHistory> {
  const read = await readCurrentMetadata(clients, database, table, parseSnapshotHistory);
  return read === undefined ? { exists: false } : { exists: true, history: read.value };
}

/** The table's current metadata file, parsed by `parse`; undefined when the table does not exist. */
async function readCurrentMetadata<T>(
  clients: { glue: GlueClient; s3: S3Client },
  database: string,
  table: string,
  parse: (text: string) => T,
): Promise<{ value: T } | undefined> {
  let location: string | undefined;
  try {
    const response = await clients.glue.send(
      new GetTableCommand({ DatabaseName: database, Name: table }),
    );
    location = response.Table?.Parameters?.[METADATA_LOCATION];
  } catch (error) {
    if (error instanceof EntityNotFoundException) return undefined;
    throw error;
  }
  if (location === undefined || location === '') {
    throw new SnapshotReadError(
      database,
      table,
      `the table has no ${METADATA_LOCATION} parameter (not an Iceberg table?)`,
    );
  }
  try {
    return { value: parse(await readMetadata(clients.s3, location)) };
  } catch (error) {
    throw new SnapshotReadError(
      database,
      table,
      `metadata ${location}: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

async function readMetadata(s3: S3Client, location: string): Promise<string> {
  if (location.startsWith('file:')) return readFile(fileURLToPath(location), 'utf8');
  const match = /^s3a?:\/\/([^/]+)\/(.+)$/.exec(location);
  if (match === null) throw new Error('unsupported metadata location scheme');
  const response = await s3.send(new GetObjectCommand({ Bucket: match[1], Key: match[2] }));
  return (await response.Body?.transformToString('utf8')) ?? '';
}
