// `make bench` section: the Glue cost model (scripts/ops/cost) for 750 topics at several active
// fractions, lean-ops against the seed design, as Markdown on stdout. A model, not a measurement:
// every assumption is printed with the figures. Runs the built CLI (`lean-ops cost --json`).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'dist', 'cli', 'lean-ops.mjs');

function cost(args) {
  const result = spawnSync(process.execPath, [cli, 'cost', '--json', ...args], {
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
  });
  if (result.status !== 0)
    throw new Error(`lean-ops cost ${args.join(' ')} failed: ${result.stderr}${result.stdout}`);
  return JSON.parse(result.stdout);
}

const format = (value, digits = 1) =>
  Number.isFinite(value) ? value.toLocaleString('en-US', { maximumFractionDigits: digits }) : '∞';

const fractions = [0, 0.04, 0.1, 0.25, 1];
const results = fractions.map((fraction) =>
  cost(['--topics', '750', '--active-fraction', String(fraction)]),
);
const assumptions = results[0].assumptions;

const lines = [
  '## Glue cost model: 750 topics (scripts/ops/cost, `lean-ops cost`)',
  '',
  'Per day, lean-ops (only active topics, packed into runs of K, standardize + curate per run) against the',
  'seed design (one standardize and one curate run per topic every window, idle or not). Model, not a',
  'measurement; assumptions:',
  '',
  ...Object.entries(assumptions)
    .filter(([key]) => key !== 'activeFraction')
    .map(([key, value]) => `- \`${key}\`: ${value}`),
  '',
  '| active fraction | active topics | lean-ops runs/day | seed runs/day | lean-ops DPU-h/day | seed DPU-h/day | lean-ops $/day | seed $/day | seed ÷ lean-ops |',
  '|---|---|---|---|---|---|---|---|---|',
  ...results.map(
    (r) =>
      `| ${r.assumptions.activeFraction} | ${r.activeTopics} | ${format(r.leanOps.runsPerDay, 0)} | ${format(r.seed.runsPerDay, 0)} | ${format(r.leanOps.dpuHoursPerDay)} | ${format(r.seed.dpuHoursPerDay)} | ${format(r.leanOps.usdPerDay, 0)} | ${format(r.seed.usdPerDay, 0)} | ${r.dpuHoursRatio === null ? '∞' : `${format(r.dpuHoursRatio)}×`} |`,
  ),
  '',
  'Target (issue 8): at least 10× fewer DPU-hours than the seed at 10% active topics.',
];
process.stdout.write(`${lines.join('\n')}\n`);
