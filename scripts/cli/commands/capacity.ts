import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Command } from 'commander';
import {
  buildTraffic,
  DEFAULT_PROCESSOR_TIMING,
  DEFAULT_STREAMS_PER_REGION,
  directPutQuota,
  formatCapacityReport,
  formatStreamAssignment,
  parseStreamAssignment,
  planCapacity,
  StreamAssignmentError,
  type TopicOverrides,
  TrafficAssumptionError,
} from '../../ops/capacity';
import { loadRegistry } from '../../ops/registry';
import { createOutput, EXIT_CODES, runCommand, UsageError, withCliConventions } from '../output';

interface CapacityOptions {
  registry: string;
  topics?: string;
  eventsPerSecond: string;
  bytesPerEvent: string;
  batchSize: string;
  batchingWindowSeconds: string;
  maxConcurrency: string;
  traffic?: string;
  region: string;
  headroom: string;
  streamsQuota: string;
  concurrencyBudget: string;
  assignment?: string;
  write?: string;
  rebalance?: boolean;
  json?: boolean;
}

/** Concurrency the other functions reserve: main.tf's local.other_functions_concurrency. */
const OTHER_FUNCTIONS_CONCURRENCY = 100;
const TRAFFIC_KEYS = new Set([
  'eventsPerSecond',
  'bytesPerEvent',
  'batchSize',
  'batchingWindowSeconds',
  'maxConcurrency',
]);
const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d$/;

function number(flag: string, value: string, minimum = 0): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || parsed < minimum)
    throw new UsageError(`${flag} must be a number ≥ ${minimum}, got ${JSON.stringify(value)}`);
  return parsed;
}

function readJson(flag: string, path: string): string {
  if (!existsSync(path)) throw new UsageError(`${flag}: no file ${path}`);
  return readFileSync(path, 'utf8');
}

/**
 * `lean-ops capacity`: the Firehose streams a registry needs under a traffic assumption, each
 * stream's share of its quota, the Lambda concurrency, and a stable topic → stream assignment
 * (`--assignment` the deployed one, `--write` the planned one). Exit 1 when the environment does
 * not fit (docs/deploy.md, Capacity).
 *
 * @example
 * program.addCommand(capacityCommand());
 */
export function capacityCommand(): Command {
  return withCliConventions(new Command('capacity'))
    .description(
      'Firehose streams, per-stream headroom and Lambda concurrency for a registry and a traffic assumption (the quota of --region, default us-east-1)',
    )
    .option('--registry <dir>', 'topic registry folder', 'schemas/topics')
    .option('--topics <n>', 'model this many generated topics instead of the registry')
    .option(
      '--events-per-second <n>',
      "the fleet's events/s at the busy hour, shared evenly",
      '500',
    )
    .option(
      '--bytes-per-event <n>',
      'bytes per record after the transform (the RAW envelope)',
      '1400',
    )
    .option('--batch-size <n>', "the default tier's batch size", '1000')
    .option('--batching-window-seconds <n>', "the default tier's batching window", '10')
    .option('--max-concurrency <n>', "the default tier's MaximumConcurrency", '2')
    .option(
      '--traffic <file>',
      'JSON: topic → { eventsPerSecond, bytesPerEvent, batchSize, batchingWindowSeconds, maxConcurrency }',
    )
    .option('--headroom <f>', "share of each stream's quota kept free (0..1)", '0.3')
    .option(
      '--streams-quota <n>',
      'Firehose streams the account may have in the region',
      String(DEFAULT_STREAMS_PER_REGION),
    )
    .option(
      '--concurrency-budget <n>',
      'Lambda concurrent executions the deployment may use',
      '1000',
    )
    .option(
      '--assignment <file>',
      'the deployed topic → stream assignment (default: one stream, none assigned)',
    )
    .option('--write <file>', 'write the planned assignment there')
    .option('--rebalance', 'move topics off streams over budget (prints every move)')
    .option('--json', 'print the plan as JSON')
    .action(async (own: Omit<CapacityOptions, 'region'>, command: Command) => {
      // --region is the CLI's global flag (as the AWS CLI's): it sets the per-stream quota here
      const options: CapacityOptions = {
        ...own,
        region: command.optsWithGlobals<{ region?: string }>().region ?? 'us-east-1',
      };
      const output = createOutput(Boolean(options.json));
      await runCommand(output, () => {
        if (!REGION_PATTERN.test(options.region))
          throw new UsageError(
            `--region ${JSON.stringify(options.region)} is not a region name (e.g. us-east-1)`,
          );
        const topics = topicNames(options);
        let plan: ReturnType<typeof planCapacity>;
        try {
          const overrides: TopicOverrides =
            options.traffic === undefined
              ? {}
              : parseOverrides(readJson('--traffic', options.traffic));
          plan = planCapacity({
            traffic: buildTraffic(
              topics,
              {
                eventsPerSecond: number('--events-per-second', options.eventsPerSecond),
                bytesPerEvent: number('--bytes-per-event', options.bytesPerEvent, 1),
                batchSize: number('--batch-size', options.batchSize, 1),
                batchingWindowSeconds: number(
                  '--batching-window-seconds',
                  options.batchingWindowSeconds,
                ),
                maxConcurrency: number('--max-concurrency', options.maxConcurrency, 2),
              },
              overrides,
            ),
            region: options.region,
            quota: directPutQuota(options.region),
            headroom: headroom(options.headroom),
            streamsQuota: number('--streams-quota', options.streamsQuota, 1),
            concurrencyBudget: number('--concurrency-budget', options.concurrencyBudget, 1),
            otherFunctionsConcurrency: OTHER_FUNCTIONS_CONCURRENCY,
            current:
              options.assignment === undefined
                ? { streams: 1, topics: {} }
                : parseStreamAssignment(
                    readJson('--assignment', options.assignment),
                    options.assignment,
                  ),
            rebalance: Boolean(options.rebalance),
            timing: DEFAULT_PROCESSOR_TIMING,
          });
        } catch (error) {
          if (error instanceof TrafficAssumptionError)
            throw new UsageError(`--traffic: ${error.message}`);
          if (error instanceof StreamAssignmentError)
            throw new UsageError(`--assignment: ${error.message}`);
          throw error;
        }
        if (options.write !== undefined)
          writeFileSync(options.write, formatStreamAssignment(plan.assignment));
        output.result(
          { version: 1, ok: plan.refusals.length === 0, ...plan },
          () =>
            `${[formatCapacityReport(plan), ...(options.write ? [`assignment written to ${options.write}`] : [])].join('\n')}\n`,
        );
        return plan.refusals.length === 0 ? EXIT_CODES.CLEAN : EXIT_CODES.FINDINGS;
      });
    });
}

function topicNames(options: CapacityOptions): string[] {
  if (options.topics !== undefined) {
    const count = number('--topics', options.topics, 1);
    if (!Number.isInteger(count))
      throw new UsageError(`--topics must be a whole number, got ${options.topics}`);
    return Array.from({ length: count }, (_, i) => `topic-${String(i).padStart(5, '0')}`);
  }
  if (!existsSync(options.registry))
    throw new UsageError(`--registry: no folder ${options.registry}`);
  const names = loadRegistry(options.registry).topics.map((topic) => topic.topic);
  if (names.length === 0) throw new UsageError(`--registry: no topics in ${options.registry}`);
  return names;
}

function headroom(value: string): number {
  const parsed = number('--headroom', value);
  if (parsed >= 1) throw new UsageError(`--headroom must be below 1, got ${value}`);
  return parsed;
}

function parseOverrides(text: string): TopicOverrides {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new TrafficAssumptionError(`not JSON (${(error as Error).message})`);
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document))
    throw new TrafficAssumptionError('expected an object of topic → traffic');
  for (const [topic, traffic] of Object.entries(document)) {
    if (typeof traffic !== 'object' || traffic === null || Array.isArray(traffic))
      throw new TrafficAssumptionError(
        `topic ${topic}: expected an object, got ${JSON.stringify(traffic)}`,
      );
    const unknown = Object.keys(traffic).filter((key) => !TRAFFIC_KEYS.has(key));
    if (unknown.length > 0)
      throw new TrafficAssumptionError(
        `topic ${topic}: unknown ${unknown.join(', ')} (expected ${[...TRAFFIC_KEYS].join(', ')})`,
      );
  }
  return document as TopicOverrides;
}
