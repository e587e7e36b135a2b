import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../ops/repoRoot';
import { runProcess } from '../../ops/runProcess';

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
    if (entry.name === '_failed') continue;
    if (
      entry.isDirectory() ? hasSpooledFiles(join(dir, entry.name)) : entry.name.endsWith('.ndjson')
    )
      return true;
  }
  return false;
}
