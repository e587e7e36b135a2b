import { Command } from 'commander';
import {
  CostAssumptionError,
  type CostAssumptions,
  compareGlueCost,
  DEFAULT_ASSUMPTIONS,
  formatCostMarkdown,
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
    .option('--json', 'print the comparison as JSON')
    .action(async (options: CostOptions) => {
      const output = createOutput(Boolean(options.json));
      await runCommand(output, () => {
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
          if (error instanceof CostAssumptionError) throw new UsageError(error.message);
          throw error;
        }
        output.result({ version: 1, ok: true, ...comparison }, () =>
          formatCostMarkdown(comparison),
        );
        const minRatio =
          options.minRatio === undefined ? undefined : parseNumber('--min-ratio', options.minRatio);
        return minRatio !== undefined && comparison.dpuHoursRatio < minRatio
          ? EXIT_CODES.FINDINGS
          : EXIT_CODES.CLEAN;
      });
    });
}
