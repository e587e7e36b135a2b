import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runProcess } from '../../ops/runProcess';
import type { RunContext } from './runContext';

/** What the report's page shows about the run (snake_case: the file is read by Python). */
export interface RunDetails {
  seed: number;
  events: number;
  published: number;
  topics: number;
  streams: number;
  started_at: string;
  commit: string;
  replayed_dead_letters: number;
  replayed_undelivered: number;
}

/** The checkout's commit (12 characters, `+dirty` with local changes), or `unknown` outside git. */
export function checkoutCommit(root: string): string {
  try {
    const git = (args: string[]) =>
      execFileSync('git', args, {
        cwd: root,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
    const commit = git(['rev-parse', '--short=12', 'HEAD']).trim();
    return git(['status', '--porcelain', '--untracked-files=no']).trim()
      ? `${commit}+dirty`
      : commit;
  } catch {
    return 'unknown';
  }
}

/**
 * The accountability report (scripts/local/report/accountability.py): the ledger against what
 * the tables and the DLQ index hold. Resolves to its exit code: 0 when every message reconciles.
 */
export async function runAccountabilityReport(
  context: RunContext,
  ledgerPath: string,
  transitionsFile: string,
  run: RunDetails,
): Promise<number> {
  const { root } = context;
  const detailsFile = join(context.outDir, 'run-details.json');
  writeFileSync(detailsFile, `${JSON.stringify(run, null, 2)}\n`);
  const { code } = await runProcess(
    join(root, '.venv', 'bin', 'python'),
    [
      join(root, 'scripts', 'local', 'report', 'accountability.py'),
      '--ledger',
      ledgerPath,
      '--registry',
      context.registryDir,
      '--warehouse',
      context.warehouse,
      '--name',
      context.deploymentName,
      '--out',
      context.outDir,
      '--breaker-transitions',
      transitionsFile,
      '--run-details',
      detailsFile,
    ],
    {
      env: { ...process.env, ...context.env },
      onStdoutLine: context.log,
      onStderrLine: (line) => process.stderr.write(`${line}\n`),
    },
  );
  return code;
}
