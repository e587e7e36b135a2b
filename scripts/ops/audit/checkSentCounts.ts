import { backlogTotals } from './mergeAudit';
import type { SentCounts } from './readSentCounts';
import type { AuditReport } from './types';

export type SentVerdict = 'MATCHED' | 'PENDING' | 'BROKEN' | 'UNVERIFIED';

/** One topic and hour: what SQS counted against the messages the deployment holds. */
export interface SentCheck {
  topic: string;
  hour: string;
  /** NumberOfMessagesSent of the topic queue in the hour. */
  sent: number;
  /** DLQ replays sent to the queue in the hour (SQS counts them; they are not new messages). */
  replays: number;
  /** Messages first sent in the hour that the audit found anywhere (the cell's messages). */
  found: number;
  verdict: SentVerdict;
  reason: string;
}

/**
 * Compares SQS's own count of first sends (sent − replays) with the messages the audit found, per
 * topic and hour. Fewer found than sent is BROKEN (deleted from SQS, in no table, error output or
 * archive) unless the queues still hold messages (PENDING) or the topic is FIFO (UNVERIFIED: SQS
 * may count a send it deduplicated; the docs do not say); more found than sent is UNVERIFIED
 * (metrics late or missing). Pure.
 */
export function checkSentCounts(
  report: AuditReport,
  sent: SentCounts,
  replays: readonly { topic: string; hour: string; count: number }[],
  fifoTopics: ReadonlySet<string>,
): SentCheck[] {
  const found = new Map(report.cells.map((cell) => [`${cell.topic} ${cell.hour}`, cell.messages]));
  const replayed = new Map(replays.map((r) => [`${r.topic} ${r.hour}`, r.count]));
  const keys = new Set([
    ...found.keys(),
    ...Object.entries(sent).flatMap(([t, hours]) => Object.keys(hours).map((h) => `${t} ${h}`)),
  ]);
  const waiting = backlogTotals(report);
  const checks: SentCheck[] = [];
  for (const key of [...keys].sort()) {
    const [topic = '', hour = ''] = key.split(' ');
    const check = {
      topic,
      hour,
      sent: sent[topic]?.[hour] ?? 0,
      replays: replayed.get(key) ?? 0,
      found: found.get(key) ?? 0,
    };
    const gap = check.sent - check.replays - check.found;
    const queued = report.backlog?.topics[topic]?.messages ?? 0;
    let verdict: SentVerdict = 'MATCHED';
    let reason = 'SQS counted as many first sends as the deployment holds';
    if (gap > 0 && (queued > 0 || waiting.deadLetters > 0)) {
      verdict = 'PENDING';
      reason = `${gap} more sent than found; the queues still hold messages (${queued} in the topic's, ${waiting.deadLetters} dead letters not archived)`;
    } else if (gap > 0 && fifoTopics.has(topic)) {
      verdict = 'UNVERIFIED';
      reason = `${gap} more sent than found on a FIFO queue: SQS may count sends it deduplicated`;
    } else if (gap > 0) {
      verdict = 'BROKEN';
      reason = `UNACCOUNTED ${gap}: SQS counted them sent; no table, error output, archive or queue holds them`;
    } else if (gap < 0) {
      verdict = 'UNVERIFIED';
      reason = `${-gap} more found than SQS counted (metrics late or missing)`;
    }
    checks.push({ ...check, verdict, reason });
  }
  return checks;
}
