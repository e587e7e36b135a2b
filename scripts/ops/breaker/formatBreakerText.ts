import type { BreakerOutcome } from '../../../lambdas/circuit-breaker/applyBreakerEvent';
import type { BreakerStatusReport } from './breakerStatus';

/** `breaker status` for a human: one line per topic, and what a flagged line means. */
export function formatBreakerStatusText(report: BreakerStatusReport): string {
  if (report.topics.length === 0) return 'no breaker has ever tripped: every topic is CLOSED\n';
  const lines = report.topics.map((entry) => {
    const record = entry.record;
    const details = [
      `trips ${record?.trips ?? 0}`,
      `cool-down ${record?.cooldown_seconds ?? '-'} s`,
      record?.state === 'OPEN'
        ? record.manual
          ? 'held open by an operator'
          : `half-opens at ${record.reopen_at}`
        : undefined,
      record?.state === 'HALF_OPEN' ? `on probation since ${record.half_opened_at}` : undefined,
      `mapping ${entry.mappingStates.length > 0 ? entry.mappingStates.join(',') : 'MISSING'}${entry.consistent ? '' : ' (!)'}`,
    ].filter(Boolean);
    return `${entry.topic.padEnd(30)} ${entry.state.padEnd(9)} ${details.join('; ')}${record ? `\n${' '.repeat(31)}last: ${record.reason} (${record.updated_at})` : ''}`;
  });
  if (!report.ok)
    lines.push(
      '(!) the mapping disagrees with the breaker or is missing: see docs/operations.md, "Breaker"',
    );
  return `${lines.join('\n')}\n`;
}

/** `breaker open|close` for a human. */
export function formatBreakerOutcomeText(outcome: BreakerOutcome): string {
  const change = outcome.changed
    ? `${outcome.before} → ${outcome.after}`
    : `still ${outcome.after}`;
  const mapping =
    outcome.mapping === 'missing'
      ? 'no event source mapping found for this topic!'
      : `mapping ${outcome.mapping}`;
  return `${outcome.topic}: ${change} (${outcome.reason}); ${mapping}\n`;
}
