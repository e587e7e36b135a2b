/**
 * Shared output and exit-code handling for `lean-ops` commands: text or JSON on stdout through one
 * interface, errors through the same interface, progress on stderr only for a human on a TTY.
 *
 * Exit codes (eslint's convention): 0 clean, 1 findings or partial failure, 2 usage,
 * configuration, I/O or internal error.
 */
import type { Command } from 'commander';
import { describeError } from './describeError';

export const EXIT_CODES = { CLEAN: 0, FINDINGS: 1, ERROR: 2 } as const;
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/** Version of the JSON error document; results carry their own versioned shape. */
export const ERROR_OUTPUT_VERSION = 1;

/** A bad flag or argument combination: exit 2 with the message, no stack trace. */
export class UsageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UsageError';
  }
}

export interface OutputStreams {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown; isTTY?: boolean };
  env: Record<string, string | undefined>;
}

export interface Output {
  readonly json: boolean;
  /** Writes the command's result: `data` as JSON, or `text()` for humans. */
  result(data: unknown, text: () => string): void;
  /** Writes an error the same way a result is written (JSON document or `lean-ops: message`). */
  error(error: unknown): void;
  /** A progress note for a human watching; silent in JSON mode, in CI and when piped. */
  progress(message: string): void;
}

const defaultStreams = (): OutputStreams => ({
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});

/**
 * Creates the output of one command run.
 *
 * @example
 * const out = createOutput(options.format === 'json');
 * out.result(report, () => formatLintText(report));
 */
export function createOutput(json: boolean, streams: OutputStreams = defaultStreams()): Output {
  const interactive = streams.stderr.isTTY === true && !streams.env.CI;
  return {
    json,
    result(data, text) {
      streams.stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : text());
    },
    error(error) {
      const name = error instanceof Error ? error.name : 'Error';
      // AWS errors name the call, resource, region and endpoint, with a hint
      const message = describeError(error, streams.env);
      if (json) {
        const document = { version: ERROR_OUTPUT_VERSION, ok: false, error: { name, message } };
        streams.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
      } else {
        streams.stderr.write(`lean-ops: ${message}\n`);
      }
    },
    progress(message) {
      if (interactive && !json) streams.stderr.write(`${message}\n`);
    },
  };
}

/**
 * Runs a command body and sets the exit code from what it returns; any thrown error is reported
 * through `output` and exits 2. Uses `process.exitCode` (not `process.exit`) so large outputs
 * piped to another process are flushed completely.
 *
 * @example
 * await runCommand(out, async () => (report.ok ? EXIT_CODES.CLEAN : EXIT_CODES.FINDINGS));
 */
export async function runCommand(
  output: Output,
  body: () => Promise<ExitCode> | ExitCode,
): Promise<ExitCode> {
  let code: ExitCode;
  try {
    code = await body();
  } catch (error) {
    output.error(error);
    code = EXIT_CODES.ERROR;
  }
  process.exitCode = code;
  return code;
}

/** After a usage error: one line pointing at the help, not the whole help (which buries the error). */
export const USAGE_HINT = '(run the command with --help for its options)';

/**
 * Gives a command the CLI's exit codes for commander's own errors (unknown option, bad choice,
 * missing argument: 2; `--help`: 0) and the one-line usage hint. Commands attached with
 * `addCommand` do not inherit the root program's `exitOverride`, so each command applies this.
 *
 * @example
 * return withCliConventions(new Command('lint-schemas').option('--json'));
 */
export function withCliConventions(command: Command): Command {
  return command.showHelpAfterError(USAGE_HINT).exitOverride((error) => {
    process.exit(error.exitCode === 0 ? EXIT_CODES.CLEAN : EXIT_CODES.ERROR);
  });
}
