import { type CapacityPlan, percent } from './planCapacity';

const MIB = 1024 * 1024;

function mib(bytes: number): string {
  return `${(bytes / MIB).toFixed(2)} MiB/s`;
}

function rate(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(1);
}

/**
 * The capacity plan as text: the quota and its source, the fleet's totals, one line per stream
 * (topics, MiB/s, records/s, requests/s, share of the quota), the moves a plan makes, Lambda
 * concurrency, then the verdict and each refusal.
 */
export function formatCapacityReport(plan: CapacityPlan): string {
  const { quota, assignment } = plan;
  const lines = [
    `Firehose Direct PUT quota per stream in ${plan.region}: ${mib(quota.bytesPerSecond)}, ${rate(quota.recordsPerSecond)} records/s, ${rate(quota.requestsPerSecond)} requests/s (${quota.source})`,
    `headroom kept: ${percent(plan.headroom)}; budget per stream ${mib(plan.budget.bytesPerSecond)}`,
    `${plan.topics} topics: ${rate(plan.total.recordsPerSecond)} events/s, ${mib(plan.total.bytesPerSecond)}, ${rate(plan.total.requestsPerSecond)} PutRecordBatch/s — at least ${plan.streamsAtLeast} stream(s)`,
    '',
    'stream  topics  MiB/s    records/s  requests/s  of quota',
    ...plan.streams.map(
      (stream) =>
        `${String(stream.stream).padEnd(8)}${String(stream.topics).padEnd(8)}${(stream.load.bytesPerSecond / MIB).toFixed(2).padEnd(9)}${rate(stream.load.recordsPerSecond).padEnd(11)}${rate(stream.load.requestsPerSecond).padEnd(12)}${percent(stream.quotaShare)}`,
    ),
    '',
    `plan: ${assignment.streams} stream(s); ${assignment.added.length} topic(s) added, ${assignment.moved.length} moved, ${assignment.removed.length} removed`,
    ...assignment.moved.map((move) => `  move ${move.topic}: stream ${move.from} → ${move.to}`),
    `Lambda: ${plan.concurrency.needed} processor instance(s) busy at this rate; MaximumConcurrency reserved ${plan.concurrency.reserved} of the budget ${plan.concurrency.budget}`,
    '',
  ];
  if (plan.refusals.length === 0) lines.push('FITS: every stream within its budget');
  else lines.push('DOES NOT FIT:', ...plan.refusals.map((refusal) => `  - ${refusal}`));
  return lines.join('\n');
}
