import type { Command } from 'commander';
import { createOutput, EXIT_CODES, runCommand, UsageError, withCliConventions } from '../output';

function positiveInteger(name: string, value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new UsageError(`${name} must be a non-negative integer, got ${value}`);
  return parsed;
}

function streamCount(value: string): number {
  const streams = positiveInteger('--streams', value);
  if (streams < 1 || streams > 50)
    throw new UsageError(`--streams must be 1 to 50 (Firehose streams per region), got ${value}`);
  return streams;
}

/** Grace for open sockets and child processes to close after the run has reported. */
const EXIT_GRACE_MS = 15_000;

/**
 * The run has reported and stopped everything it started; a handle left open by mistake (a timer,
 * a socket) must not keep `make test` waiting for ever, so the process exits after a grace period,
 * saying so — the leak stays visible without hanging CI.
 */
function exitEvenIfHandlesLeak(): void {
  setTimeout(() => {
    process.stderr.write(
      `lean-ops: handles still open ${EXIT_GRACE_MS / 1000} s after the run ended; exiting anyway\n`,
    );
    process.exit(process.exitCode ?? 0);
  }, EXIT_GRACE_MS).unref();
}

/** `lean-ops local run`: the pipeline end to end on the local endpoint (what `make run` runs). */
export function registerLocalCommand(program: Command): void {
  const local = withCliConventions(
    program
      .command('local')
      .description('Run lean-ops on this machine against a local AWS endpoint'),
  );
  local
    .command('run')
    .description(
      'start the local endpoint, publish generated traffic with faults, drive the pipeline, reconcile',
    )
    .option('--events <n>', 'events to publish', '20000')
    .option('--seed <n>', 'generator seed', '42')
    .option('--out <dir>', 'output folder (default .run/local/<time>)')
    .option('--registry <dir>', 'topic registry folder (default schemas/topics)')
    .option('--topics-per-glue-run <n>', 'topics packed into one Glue run', '10')
    .option('--active-topics <n>', 'publish to the first n topics only (default: all)')
    .option(
      '--streams <n>',
      'Firehose streams, each with its own processor; topics dealt round-robin',
      '2',
    )
    .option('--no-replay', 'do not replay the dead letters at the end')
    .option('--json', 'print the result as JSON')
    .action(
      async (options: {
        events: string;
        seed: string;
        out?: string;
        json?: boolean;
        registry?: string;
        topicsPerGlueRun: string;
        activeTopics?: string;
        streams: string;
        replay: boolean;
      }) => {
        const output = createOutput(Boolean(options.json));
        await runCommand(output, async () => {
          const { localRun } = await import('../../local/run/localRun');
          const result = await localRun({
            events: positiveInteger('--events', options.events),
            seed: positiveInteger('--seed', options.seed),
            ...(options.out ? { outDir: options.out } : {}),
            ...(options.registry ? { registryDir: options.registry } : {}),
            topicsPerGlueRun: positiveInteger('--topics-per-glue-run', options.topicsPerGlueRun),
            ...(options.activeTopics
              ? { activeTopics: positiveInteger('--active-topics', options.activeTopics) }
              : {}),
            streams: streamCount(options.streams),
            replay: options.replay,
            log: (line) => process.stderr.write(`${line}\n`),
          });
          output.result(
            result,
            () => `${result.ok ? 'OK' : 'FAILED'}: report in ${result.outDir}\n`,
          );
          return result.ok ? EXIT_CODES.CLEAN : EXIT_CODES.FINDINGS;
        });
        exitEvenIfHandlesLeak();
      },
    );
}
