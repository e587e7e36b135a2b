import { Command } from 'commander';
import {
  CostAssumptionError,
  type CostAssumptions,
  compareGlueCost,
  DEFAULT_ASSUMPTIONS,
  DEPLOY_MD_ASSUMPTIONS,
  formatCostMarkdown,
  formatMonthlyCostMarkdown,
  type MonthlyAssumptions,
  monthlyCost,
  seedMonthlyCost,
} from '../../ops/cost';
import { createOutput, EXIT_CODES, runCommand, UsageError, withCliConventions } from '../output';

/** Flag → assumption; every assumption of the model is a flag with its default shown in --help. */
const FLAGS: [flag: string, key: keyof CostAssumptions, help: string][] = [
  ['--topics <n>', 'topics', 'registered topics (N)'],
  ['--active-fraction <f>', 'activeFraction', 'share of topics with new data per window (F, 0..1)'],
  ['--interval-minutes <m>', 'intervalMinutes', 'minutes between orchestrator executions'],
  ['--topics-per-run <k>', 'topicsPerRun', 'topics per Glue run (K)'],
  ['--max-concurrent-runs <c>', 'maxConcurrentRuns', 'Glue runs at once (Map MaxConcurrency)'],
  ['--workers <w>', 'workers', 'workers per Glue run'],
  ['--dpu-per-worker <d>', 'dpuPerWorker', 'DPU per worker (G.1X = 1, G.2X = 2)'],
  ['--run-overhead-minutes <m>', 'runOverheadMinutes', 'fixed minutes of every run'],
  ['--minutes-per-active-topic <m>', 'minutesPerActiveTopic', 'minutes per active topic in a run'],
  ['--minutes-per-idle-topic <m>', 'minutesPerIdleTopic', 'minutes per idle topic in a seed run'],
  ['--minimum-billed-minutes <m>', 'minimumBilledMinutes', 'Glue billing minimum per run'],
  ['--price-per-dpu-hour <usd>', 'pricePerDpuHour', 'USD per DPU-hour'],
];

type CostOptions = Partial<Record<keyof CostAssumptions, string>> & {
  json?: boolean;
  minRatio?: string;
  monthly?: boolean;
  eventsPerSecond?: string;
  minutesPerRun?: string;
  executionClass?: string;
  metricsPerTopic?: string;
};

function parseNumber(flag: string, value: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed))
    throw new UsageError(`${flag} must be a number, got ${JSON.stringify(value)}`);
  return parsed;
}

/**
 * `lean-ops cost --topics N --active-fraction F ...`: Glue runs, DPU-hours and USD per day of the
 * lean-ops orchestration against the seed design (two runs per topic per window), with every
 * assumption printed. `--min-ratio R` exits 1 when lean-ops saves less than R× DPU-hours.
 *
 * @example
 * program.addCommand(costCommand());
 */
export function costCommand(): Command {
  const command = withCliConventions(new Command('cost')).description(
    'Glue DPU-hours per day: lean-ops orchestration vs one run per topic per window (the seed)',
  );
  for (const [flag, key, help] of FLAGS)
    command.option(flag, help, String(DEFAULT_ASSUMPTIONS[key]));
  return command
    .option('--min-ratio <r>', 'exit 1 when seed/lean-ops DPU-hours is below this')
    .option(
      '--monthly',
      "every line of docs/deploy.md §6 and $ per million events, from §6's assumptions; the flags given override them",
    )
    .option('--events-per-second <n>', 'with --monthly: events/s across the fleet')
    .option('--minutes-per-run <m>', 'with --monthly: minutes of one standardize or curate run')
    .option('--execution-class <class>', 'with --monthly: STANDARD or FLEX (Glue runs)')
    .option('--metrics-per-topic <n>', 'with --monthly: custom metrics per topic (EMF)')
    .option('--json', 'print the comparison as JSON')
    .action(async (options: CostOptions, command: Command) => {
      const output = createOutput(Boolean(options.json));
      await runCommand(output, () => {
        if (options.monthly) return monthly(options, command, output);
        const assumptions = { ...DEFAULT_ASSUMPTIONS };
        for (const [flag, key] of FLAGS) {
          const value = options[key];
          if (value !== undefined)
            assumptions[key] = parseNumber(flag.split(' ')[0] ?? flag, value);
        }
        let comparison: ReturnType<typeof compareGlueCost>;
        try {
          comparison = compareGlueCost(assumptions);
        } catch (error) {
          if (error instanceof CostAssumptionError) {
            // name the flag the operator typed, not the model's field
            const flag = FLAGS.find(([, key]) => key === error.assumption)?.[0].split(' ')[0];
            throw new UsageError(
              flag ? error.message.replace(error.assumption, flag) : error.message,
            );
          }
          throw error;
        }
        const minRatio =
          options.minRatio === undefined ? undefined : parseNumber('--min-ratio', options.minRatio);
        const below = minRatio !== undefined && comparison.dpuHoursRatio < minRatio;
        output.result({ version: 1, ok: !below, ...comparison }, () =>
          below
            ? `${formatCostMarkdown(comparison)}\nBELOW --min-ratio: seed/lean-ops DPU-hours is ${comparison.dpuHoursRatio.toFixed(1)}×, under the ${minRatio}× asked for.\n`
            : formatCostMarkdown(comparison),
        );
        return below ? EXIT_CODES.FINDINGS : EXIT_CODES.CLEAN;
      });
    });
}

/** `--monthly`: docs/deploy.md §6's assumptions, overridden only by the flags given on the command line. */
function monthly(options: CostOptions, command: Command, output: ReturnType<typeof createOutput>) {
  const given = (key: string) => command.getOptionValueSource(key) === 'cli';
  const read = (key: keyof CostOptions, flag: string, fallback: number): number => {
    const value = options[key];
    return given(key) && typeof value === 'string' ? parseNumber(flag, value) : fallback;
  };
  const base = DEPLOY_MD_ASSUMPTIONS;
  const executionClass = options.executionClass ?? base.glue.executionClass;
  if (executionClass !== 'STANDARD' && executionClass !== 'FLEX')
    throw new UsageError(
      `--execution-class must be STANDARD or FLEX, got ${JSON.stringify(executionClass)}`,
    );
  const assumptions: MonthlyAssumptions = {
    ...base,
    topics: read('topics', '--topics', base.topics),
    eventsPerSecond: read('eventsPerSecond', '--events-per-second', base.eventsPerSecond),
    metricsPerTopic: read('metricsPerTopic', '--metrics-per-topic', base.metricsPerTopic),
    glue: {
      ...base.glue,
      activeFraction: read('activeFraction', '--active-fraction', base.glue.activeFraction),
      intervalMinutes: read('intervalMinutes', '--interval-minutes', base.glue.intervalMinutes),
      topicsPerRun: read('topicsPerRun', '--topics-per-run', base.glue.topicsPerRun),
      workers: read('workers', '--workers', base.glue.workers),
      dpuPerWorker: read('dpuPerWorker', '--dpu-per-worker', base.glue.dpuPerWorker),
      minutesPerRun: read('minutesPerRun', '--minutes-per-run', base.glue.minutesPerRun),
      executionClass,
    },
  };
  for (const [flag, value] of [
    ['--topics', assumptions.topics],
    ['--interval-minutes', assumptions.glue.intervalMinutes],
    ['--topics-per-run', assumptions.glue.topicsPerRun],
    ['--workers', assumptions.glue.workers],
  ] as const)
    if (!(value > 0)) throw new UsageError(`${flag} must be > 0, got ${value}`);
  if (!(assumptions.glue.activeFraction >= 0 && assumptions.glue.activeFraction <= 1))
    throw new UsageError(
      `--active-fraction must be between 0 and 1, got ${assumptions.glue.activeFraction}`,
    );
  const ours = monthlyCost(assumptions);
  const seedGlue = compareGlueCost({
    ...DEFAULT_ASSUMPTIONS,
    topics: assumptions.topics,
    activeFraction: assumptions.glue.activeFraction,
    intervalMinutes: assumptions.glue.intervalMinutes,
  }).seed.usdPerDay;
  const seed = seedMonthlyCost(assumptions, seedGlue);
  output.result({ version: 1, ok: true, leanOps: ours, seed }, () =>
    formatMonthlyCostMarkdown(ours, seed),
  );
  return EXIT_CODES.CLEAN;
}
