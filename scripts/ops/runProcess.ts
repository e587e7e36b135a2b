import { spawn } from 'node:child_process';

export interface ProcessResult {
  /** Exit code; 1 when the process ended by a signal. */
  code: number;
  stdout: string;
  /** The last `stderrTailChars` characters of stderr (Spark and pip can write megabytes). */
  stderr: string;
}

export interface RunProcessOptions {
  env: Record<string, string | undefined>;
  /** Written to stdin, which is then closed; without it stdin is closed at once. */
  input?: string;
  /** Called with each complete stdout line (for progress); stdout is also collected whole. */
  onStdoutLine?: (line: string) => void;
  /** Called with each complete, non-blank stderr line (for logs). */
  onStderrLine?: (line: string) => void;
  stderrTailChars?: number;
}

/**
 * Runs a process to its end and collects what it wrote: the one way the tools and the harness
 * call Python (pyiceberg, the local RAW writer, the Glue jobs on local Spark, the report).
 * Rejects only when the process cannot start; a non-zero exit is the caller's to judge.
 *
 * @example
 * const { code, stdout } = await runProcess(python, [script, '--json'], { env: process.env });
 */
export function runProcess(
  command: string,
  args: readonly string[],
  options: RunProcessOptions,
): Promise<ProcessResult> {
  const tail = options.stderrTailChars ?? 64 * 1024;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: options.env,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const stdoutLines = lineSplitter(options.onStdoutLine);
    const stderrLines = lineSplitter((line) => {
      if (line.trim() !== '') options.onStderrLine?.(line);
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      stdout += text;
      stdoutLines.push(text);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      stderr = (stderr + text).slice(-tail);
      stderrLines.push(text);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      stdoutLines.end();
      stderrLines.end();
      resolve({ code: code ?? 1, stdout, stderr });
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** Calls `onLine` with each complete line of a stream of text chunks (the rest at `end`). */
function lineSplitter(onLine: ((line: string) => void) | undefined) {
  let pending = '';
  return {
    push(text: string) {
      if (onLine === undefined) return;
      const lines = (pending + text).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    },
    end() {
      if (onLine !== undefined && pending !== '') onLine(pending);
      pending = '';
    },
  };
}
