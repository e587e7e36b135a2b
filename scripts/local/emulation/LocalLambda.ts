import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot } from '../../ops/repoRoot';

/** The function failed its module init (e.g. a missing environment variable). */
export class LambdaInitError extends Error {
  constructor(
    readonly functionName: string,
    readonly causeName: string,
    message: string,
  ) {
    super(`${functionName} init failed: ${causeName}: ${message}`);
    this.name = 'LambdaInitError';
  }
}

/** The handler threw, or the container died or timed out, as Lambda reports it to the caller. */
export class LambdaInvokeError extends Error {
  constructor(
    readonly functionName: string,
    readonly causeName: string,
    message: string,
  ) {
    super(`${functionName} invocation failed: ${causeName}: ${message}`);
    this.name = 'LambdaInvokeError';
  }
}

export interface LocalLambdaOptions {
  /** Name of the built bundle under dist/lambdas/. */
  name: string;
  /** The function's environment (merged over a minimal base, never over this process's env). */
  env: Record<string, string>;
  timeoutMs?: number;
  /** Where the container's stdout/stderr (its structured logs) go; default .run/logs/<name>.log. */
  logFile?: string;
  /** Each line the function writes to stdout (its logs and EMF metrics), e.g. for a local alarm. */
  onLogLine?: (line: string) => void;
}

type Pending = {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
};

/**
 * A built Lambda bundle running in a child process, like one warm Lambda container: module init
 * happens once, invocations are serial, a timeout or crash kills the container and the next
 * invocation starts a fresh one (a new cold start). The local stand-in for the Lambda service,
 * used by integration tests and `make run`; the bundle does not know it is local.
 */
export class LocalLambda {
  private child: ChildProcess | undefined;
  private ready: Promise<void> | undefined;
  private readonly pending = new Map<string, Pending>();
  private queue: Promise<unknown> = Promise.resolve();
  private log: WriteStream | undefined;
  readonly timeoutMs: number;
  coldStarts = 0;

  constructor(private readonly options: LocalLambdaOptions) {
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  get name(): string {
    return this.options.name;
  }

  /** Invokes the handler with `event`; invocations of one container never overlap. */
  invoke<TResult = unknown>(event: unknown): Promise<TResult> {
    const run = this.queue.then(() => this.invokeNow(event));
    this.queue = run.catch(() => undefined);
    return run as Promise<TResult>;
  }

  private async invokeNow(event: unknown): Promise<unknown> {
    await this.start();
    const child = this.child;
    if (child === undefined)
      throw new LambdaInvokeError(this.name, 'ContainerGone', 'no container');
    const id = randomUUID();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        this.kill();
        reject(
          new LambdaInvokeError(this.name, 'Timeout', `task timed out after ${this.timeoutMs} ms`),
        );
      }, this.timeoutMs + 500);
      this.pending.set(id, { resolve, reject, timer });
      child.send({ type: 'invoke', id, event, timeoutMs: this.timeoutMs });
    });
  }

  /** Starts the container (module init) if it is not running; rejects with LambdaInitError. */
  start(): Promise<void> {
    if (this.ready !== undefined) return this.ready;
    const root = repoRoot();
    const bundle = join(root, 'dist', 'lambdas', this.name, 'index.mjs');
    const logFile = this.options.logFile ?? join(root, '.run', 'logs', `${this.name}.log`);
    mkdirSync(join(logFile, '..'), { recursive: true });
    this.log ??= createWriteStream(logFile, { flags: 'a' });
    const child = fork(
      join(root, 'scripts', 'local', 'emulation', 'lambdaHost.mjs'),
      [bundle, this.name],
      {
        env: {
          PATH: process.env.PATH ?? '',
          NODE_OPTIONS: '--enable-source-maps',
          AWS_LAMBDA_FUNCTION_NAME: this.name,
          POWERTOOLS_DEV: 'false',
          ...this.options.env,
        },
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      },
    );
    child.stdout?.pipe(this.log, { end: false });
    const onLogLine = this.options.onLogLine;
    if (onLogLine !== undefined && child.stdout) {
      createInterface({ input: child.stdout, crlfDelay: Number.POSITIVE_INFINITY }).on(
        'line',
        onLogLine,
      );
    }
    child.stderr?.pipe(this.log, { end: false });
    this.child = child;
    this.coldStarts++;
    this.ready = new Promise<void>((resolve, reject) => {
      child.on(
        'message',
        (message: {
          type: string;
          id?: string;
          result?: unknown;
          error?: { name: string; message: string };
        }) => {
          if (message.type === 'ready') return resolve();
          if (message.type === 'init-error') {
            return reject(
              new LambdaInitError(
                this.name,
                message.error?.name ?? 'Error',
                message.error?.message ?? '',
              ),
            );
          }
          const waiting = message.id === undefined ? undefined : this.pending.get(message.id);
          if (waiting === undefined || message.id === undefined) return;
          this.pending.delete(message.id);
          clearTimeout(waiting.timer);
          if (message.type === 'result') waiting.resolve(message.result);
          else
            waiting.reject(
              new LambdaInvokeError(
                this.name,
                message.error?.name ?? 'Error',
                message.error?.message ?? '',
              ),
            );
        },
      );
      child.on('exit', (code, signal) => {
        reject(
          new LambdaInitError(
            this.name,
            'Exited',
            `container exited (${code ?? signal}) before init finished`,
          ),
        );
        this.failPending(`container exited (${code ?? signal})`);
        if (this.child === child) {
          this.child = undefined;
          this.ready = undefined;
        }
      });
    });
    return this.ready;
  }

  private failPending(reason: string): void {
    for (const [id, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      waiting.reject(new LambdaInvokeError(this.name, 'ContainerExited', reason));
      this.pending.delete(id);
    }
  }

  private kill(): void {
    const child = this.child;
    this.child = undefined;
    this.ready = undefined;
    child?.kill('SIGKILL');
  }

  /** Stops the container; the next invoke starts a new one. */
  async stop(): Promise<void> {
    const child = this.child;
    this.kill();
    if (child !== undefined && child.exitCode === null) {
      await new Promise((resolve) => child.once('exit', resolve));
    }
    this.log?.end();
    this.log = undefined;
  }
}
