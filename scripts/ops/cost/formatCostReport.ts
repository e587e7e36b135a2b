import type { CostAssumptions, CostComparison, DesignCost } from './glueCostModel';

const ASSUMPTION_LABELS: Record<keyof CostAssumptions, string> = {
  topics: 'registered topics (N)',
  activeFraction: 'active fraction per window (F)',
  intervalMinutes: 'orchestrator interval, minutes',
  topicsPerRun: 'topics per Glue run, lean-ops (K)',
  maxConcurrentRuns: 'Glue runs at once (Map MaxConcurrency)',
  workers: 'workers per run',
  dpuPerWorker: 'DPU per worker (G.1X = 1)',
  runOverheadMinutes: 'fixed minutes per run (start-up, session, commit)',
  minutesPerActiveTopic: 'minutes per active topic in a run',
  minutesPerIdleTopic: 'minutes per idle topic in a seed run',
  minimumBilledMinutes: 'billing minimum per run, minutes',
  pricePerDpuHour: 'USD per DPU-hour',
};

const number = (value: number, digits = 1) =>
  Number.isFinite(value) ? value.toLocaleString('en-US', { maximumFractionDigits: digits }) : '∞';

function rows(design: DesignCost): string[] {
  return [
    number(design.runsPerWindow, 0),
    number(design.runsPerDay, 0),
    design.billedMinutesPerRun.map((m) => number(m, 2)).join(' / '),
    number(design.dpuHoursPerDay),
    `$${number(design.usdPerDay, 0)}`,
    number(design.peakConcurrentRuns, 0),
    number(design.windowWallMinutes),
  ];
}

/** The comparison as a Markdown section (assumptions first, then the figures). */
export function formatCostMarkdown(
  comparison: CostComparison,
  heading = '## Glue cost: lean-ops vs the seed design',
): string {
  const { assumptions, leanOps, seed } = comparison;
  const lines = [heading, '', '| assumption | value |', '|---|---|'];
  for (const [key, label] of Object.entries(ASSUMPTION_LABELS)) {
    lines.push(`| ${label} | ${assumptions[key as keyof CostAssumptions]} |`);
  }
  lines.push('', `Active topics per window: ${comparison.activeTopics}.`, '');
  lines.push('| per day | lean-ops | seed (2 runs per topic per window) |', '|---|---|---|');
  const labels = [
    'Glue runs per window',
    'Glue runs per day',
    'billed minutes per run',
    'DPU-hours per day',
    'USD per day',
    'runs needed at once',
    'window wall time at the concurrency limit, min',
  ];
  const lean = rows(leanOps);
  const seeded = rows(seed);
  labels.forEach((label, index) => {
    lines.push(`| ${label} | ${lean[index]} | ${seeded[index]} |`);
  });
  lines.push('', `Seed DPU-hours / lean-ops DPU-hours: **${number(comparison.dpuHoursRatio)}×**.`);
  if (leanOps.windowWallMinutes > assumptions.intervalMinutes) {
    lines.push(
      '',
      `Warning: lean-ops needs ${number(leanOps.windowWallMinutes)} min per window at this concurrency, more than the ${assumptions.intervalMinutes}-minute interval (the overlap lock skips the next execution).`,
    );
  }
  return `${lines.join('\n')}\n`;
}
