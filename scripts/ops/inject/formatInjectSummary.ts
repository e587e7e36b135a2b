import type { InjectSummary } from './types';

const count = new Intl.NumberFormat('en-US');

function table(title: string, rows: Record<string, number>, total: number): string[] {
  const entries = Object.entries(rows);
  const width = Math.max(title.length, ...entries.map(([key]) => key.length));
  const numbers = Math.max(...entries.map(([, value]) => count.format(value).length), 8);
  const percent = (value: number) =>
    total > 0 ? `${((value * 100) / total).toFixed(1).padStart(5)} %` : '';
  return [
    `${title.padEnd(width)}  ${'messages'.padStart(numbers)}`,
    ...entries.map(
      ([key, value]) =>
        `${key.padEnd(width)}  ${count.format(value).padStart(numbers)}  ${percent(value)}`,
    ),
  ];
}

/**
 * The human summary of an injection: what was published per expected terminal state, per fault
 * and per topic, then the ledger's path and digests.
 *
 * @example
 * process.stdout.write(formatInjectSummary(summary));
 */
export function formatInjectSummary(summary: InjectSummary): string {
  const lines = [
    `published ${count.format(summary.published)} messages to ${summary.topics.length} topic${summary.topics.length === 1 ? '' : 's'} of ${summary.deployment} (seed ${summary.seed}${summary.rate === null ? '' : `, at most ${summary.rate} msg/s`}, ${(summary.elapsed_ms / 1000).toFixed(1)} s)`,
    '',
    ...table('expected terminal state', summary.per_expected, summary.published),
    '',
    ...table('fault', summary.per_fault, summary.published),
    ...(summary.faults_left_out.length
      ? [`left out (--without-fault): ${summary.faults_left_out.join(', ')}`]
      : []),
    '',
    ...table('topic', summary.per_topic, summary.published),
    '',
    `ledger: ${summary.ledger}`,
    `ledger sha256: ${summary.ledger_sha256}`,
    `plan sha256: ${summary.plan_sha256} (same registry, topics, events, seed and faults → same plan)`,
  ];
  return `${lines.join('\n')}\n`;
}
