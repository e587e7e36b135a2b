import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { repoRoot } from '../../ops/repoRoot';
import { runProcess } from '../../ops/runProcess';
import {
  ERROR_OUTPUT_TYPES,
  type FailedRecord,
  writeErrorOutput,
} from '../emulation/firehoseErrorOutput';

/** Where raw_writer.py puts the lines it could not deliver: `<spool>/_failed/<db>/<table>/`. */
const FAILED_DIR = '_failed';

export interface RawWriterSummary {
  tables: Record<string, { rows: number; failed: number; files: number; snapshot_id?: string }>;
}

/**
 * Appends what FirehoseDelivery routed (the spool) to the RAW Iceberg tables with the local RAW
 * writer (scripts/local/raw_writer.py: one commit per table, files removed after their commit),
 * as Firehose's Iceberg destination does in AWS. Does nothing when the spool is empty.
 */
export async function flushSpoolToIceberg(
  spoolDir: string,
  warehouse: string,
  env: Record<string, string>,
): Promise<RawWriterSummary> {
  if (!hasSpooledFiles(spoolDir)) return { tables: {} };
  return (await runRawWriter(
    ['--spool', spoolDir, '--warehouse', warehouse],
    env,
  )) as RawWriterSummary;
}

/**
 * Creates the RAW table of every registered topic that has none yet, as Terraform does when a
 * topic is added: an idle topic then reads as idle to the orchestrator, not as unavailable.
 */
export async function ensureRawTables(
  database: string,
  tables: string[],
  warehouse: string,
  env: Record<string, string>,
  tablesFile: string,
): Promise<{ created: number; existing: number }> {
  writeFileSync(tablesFile, `${tables.join('\n')}\n`);
  const args = ['--warehouse', warehouse, '--ensure-tables', database, '--tables-file', tablesFile];
  return (await runRawWriter(args, env)) as { created: number; existing: number };
}

/** Runs scripts/local/raw_writer.py with `args`; resolves its JSON answer, rejects with its stderr. */
async function runRawWriter(args: string[], env: Record<string, string>): Promise<unknown> {
  const root = repoRoot();
  const { code, stdout, stderr } = await runProcess(
    join(root, '.venv', 'bin', 'python'),
    [join(root, 'scripts', 'local', 'raw_writer.py'), ...args],
    { env: { ...process.env, ...env } },
  );
  if (code !== 0)
    throw new Error(`raw_writer.py ${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`);
  return JSON.parse(stdout);
}

function hasSpooledFiles(dir: string): boolean {
  if (!existsSync(dir)) return false;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === FAILED_DIR) continue;
    if (
      entry.isDirectory() ? hasSpooledFiles(join(dir, entry.name)) : entry.name.endsWith('.ndjson')
    )
      return true;
  }
  return false;
}

/**
 * Moves what the RAW writer could not deliver into Firehose's S3 error output
 * (`firehose-errors/iceberg-failed/dt=…/`, one object per table), as Firehose does once its
 * retries are spent, and removes the local copies; resolves how many records it moved.
 */
export async function publishDeliveryFailures(
  spoolDir: string,
  s3: S3Client,
  bucket: string,
): Promise<number> {
  const root = join(spoolDir, FAILED_DIR);
  if (!existsSync(root)) return 0;
  let moved = 0;
  for (const database of readdirSync(root)) {
    for (const table of readdirSync(join(root, database))) {
      const folder = join(root, database, table);
      const files = readdirSync(folder).filter((name) => name.endsWith('.ndjson'));
      const records: FailedRecord[] = files.flatMap((name) =>
        readFileSync(join(folder, name), 'utf8')
          .split('\n')
          .filter((line) => line.trim() !== '')
          .map((line) => {
            const failure = JSON.parse(line) as { line: string; errorCode: string; reason: string };
            return {
              data: Buffer.from(`${failure.line}\n`),
              errorCode: failure.errorCode,
              errorMessage: failure.reason,
              table: { databaseName: database, tableName: table },
            };
          }),
      );
      await writeErrorOutput(s3, bucket, ERROR_OUTPUT_TYPES.icebergFailed, records);
      for (const name of files) rmSync(join(folder, name));
      moved += records.length;
    }
  }
  return moved;
}
