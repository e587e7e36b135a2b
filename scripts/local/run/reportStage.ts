import { join } from 'node:path';
import { runProcess } from '../../ops/runProcess';
import type { RunContext } from './runContext';

/**
 * The accountability report (scripts/local/report/accountability.py): the ledger against what
 * the tables and the DLQ index hold. Resolves to its exit code: 0 when every message reconciles.
 */
export async function runAccountabilityReport(
  context: RunContext,
  ledgerPath: string,
  transitionsFile: string,
): Promise<number> {
  const { root } = context;
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
    ],
    {
      env: { ...process.env, ...context.env },
      onStdoutLine: context.log,
      onStderrLine: (line) => process.stderr.write(`${line}\n`),
    },
  );
  return code;
}
