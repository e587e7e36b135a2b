import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../ops/repoRoot';

export interface EndpointState {
  pid: number;
  env: Record<string, string>;
  workdir: string;
}

export interface RunningEndpoint {
  state: EndpointState;
  stop(): Promise<void>;
}

/**
 * Starts the local AWS endpoint (scripts/local/local_endpoint.py: ElasticMQ for SQS, moto for
 * the rest) as a child process tied to this one, and resolves once both servers answer.
 */
export async function startEndpoint(timeoutMs = 90_000): Promise<RunningEndpoint> {
  const root = repoRoot();
  const python = join(root, '.venv', 'bin', 'python');
  if (!existsSync(python)) throw new Error(`${python} is missing: run \`make deps\` first`);
  const stateFile = join(mkdtempSync(join(tmpdir(), 'lean-ops-endpoint-')), 'state.json');
  const child: ChildProcess = spawn(
    python,
    [
      join(root, 'scripts', 'local', 'local_endpoint.py'),
      'serve',
      '--state-file',
      stateFile,
      '--parent-pid',
      String(process.pid),
    ],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(stateFile)) {
    if (child.exitCode !== null)
      throw new Error(`local endpoint exited with ${child.exitCode} before it was ready`);
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`local endpoint not ready after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const state = JSON.parse(readFileSync(stateFile, 'utf8')) as EndpointState;
  return {
    state,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
