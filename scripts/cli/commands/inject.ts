import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { QUEUE_NAME_PREFIX_PATTERN } from '../../../lambdas/common/config';
import { Fault } from '../../ops/inject/faults';
import {
  type DeploymentTargetOptions,
  deploymentNameOf,
  withDeploymentTarget,
} from '../deploymentTarget';
import { createOutput, EXIT_CODES, runCommand, UsageError, withCliConventions } from '../output';

interface InjectCommandOptions extends DeploymentTargetOptions {
  events: string;
  seed: string;
  topics: string;
  rate?: string;
  registry: string;
  ledger?: string;
  withoutFault?: Fault[];
  json?: boolean;
}

function integerIn(flag: string, value: string, min: number, max: number): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(parsed) || parsed < min || parsed > max)
    throw new UsageError(
      `${flag} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`,
    );
  return parsed;
}

const INJECTABLE_FAULTS = Object.values(Fault).filter((fault) => fault !== Fault.NONE);

/** Collects repeated --without-fault values; commander reports a bad one as a usage error. */
function collectFault(value: string, previous: Fault[] = []): Fault[] {
  if (!(INJECTABLE_FAULTS as string[]).includes(value))
    throw new InvalidArgumentError(`Allowed choices are ${INJECTABLE_FAULTS.join(', ')}.`);
  return [...previous, value as Fault];
}

function positiveRate(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || parsed <= 0)
    throw new UsageError(
      `--rate must be a positive number of messages per second, got ${JSON.stringify(value)}`,
    );
  return parsed;
}

/** `.run/inject/<UTC time>/ledger.ndjson` under the working directory. */
function defaultLedger(now: Date): string {
  return join('.run', 'inject', now.toISOString().replaceAll(':', ''), 'ledger.ndjson');
}

/**
 * `lean-ops inject`: publishes deterministic generated traffic with injected faults to the
 * existing topic queues of a deployment and writes the ledger the accountability report checks
 * (docs/accountability.md). Exit 0 when everything planned was published, 2 on usage or
 * configuration errors (unknown topic, missing queue, existing ledger) and on failures.
 *
 * @example
 * program.addCommand(injectCommand());
 */
export function injectCommand(): Command {
  return withDeploymentTarget(withCliConventions(new Command('inject')), { account: false })
    .description(
      'publish generated traffic with injected faults to the topic queues of a deployment; write its ledger',
    )
    .option('--events <n>', 'messages to publish', '3000')
    .option('--seed <n>', 'generator seed (same seed and arguments → same traffic)', '42')
    .option(
      '--topics <spec>',
      '"all", a count (the first N topics in registry order) or comma-separated topic names',
      'all',
    )
    .option(
      '--rate <msgs/s>',
      'at most this many messages per second (default: as fast as possible)',
    )
    .option('--registry <dir>', 'topic registry folder', 'schemas/topics')
    .option('--ledger <file>', 'ledger to write (default .run/inject/<time>/ledger.ndjson)')
    .option(
      '--without-fault <fault>',
      `leave this fault out (repeatable): ${INJECTABLE_FAULTS.join(', ')}; UNKNOWN_TOPIC needs a stray queue Terraform does not create`,
      collectFault,
    )
    .option('--json', 'print the summary as JSON')
    .action(async (options: InjectCommandOptions) => {
      const output = createOutput(Boolean(options.json));
      await runCommand(output, async () => {
        const events = integerIn('--events', options.events, 1, 100_000_000);
        const seed = integerIn('--seed', options.seed, 0, 0xffff_ffff);
        const rate = positiveRate(options.rate);
        // queues are <name>-topic-<topic>
        const deployment = deploymentNameOf(options);
        if (!QUEUE_NAME_PREFIX_PATTERN.test(`${deployment}-topic-`))
          throw new UsageError(`--name ${JSON.stringify(deployment)} is not a valid queue prefix`);
        const { injectTraffic } = await import('../../ops/inject/injectTraffic');
        const { createProgressReporter } = await import('../../ops/inject/progressReporter');
        const { formatInjectSummary } = await import('../../ops/inject/formatInjectSummary');
        const { sqsClient } = await import('../../../lambdas/common/clients/sqs');
        let progress: ReturnType<typeof createProgressReporter> | undefined;
        try {
          const summary = await injectTraffic(
            {
              registryDir: options.registry,
              topics: options.topics,
              events,
              seed,
              ...(rate !== undefined ? { rate } : {}),
              deployment,
              withoutFaults: options.withoutFault ?? [],
              ledgerPath: options.ledger ?? defaultLedger(new Date()),
              onStart: (total) => {
                // Progress is for people: none with --json, as every command (scripts/cli/output.ts).
                if (options.json) return;
                progress = createProgressReporter({
                  total,
                  tty: process.stderr.isTTY === true && !process.env.CI,
                  write: (chunk) => process.stderr.write(chunk),
                });
              },
              onProgress: (published) => progress?.update(published),
            },
            { sqs: sqsClient() },
          );
          progress?.finish();
          progress = undefined;
          output.result(summary, () => formatInjectSummary(summary));
          return EXIT_CODES.CLEAN;
        } finally {
          progress?.finish();
        }
      });
    });
}
