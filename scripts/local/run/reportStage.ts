import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { RunContext } from './runContext';

/**
 * The accountability report (scripts/local/report/accountability.py): the ledger against what
 * the tables and the DLQ index hold. Resolves to its exit code: 0 when every message reconciles.
 */
export function runAccountabilityReport(
  context: RunContext,
  ledgerPath: string,
  transitionsFile: string,
): Promise<number> {
  const { root } = context;
  const child = spawn(
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
    ],
    { env: { ...process.env, ...context.env }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  child.stdout.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').trimEnd().split('\n')) context.log(line);
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 2)));
}
