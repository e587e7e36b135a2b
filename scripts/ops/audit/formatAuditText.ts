import { auditHours } from './auditHours';
import { auditVerdict, backlogTotals } from './mergeAudit';
import {
  AUDIT_STATES,
  type AuditCell,
  type AuditReport,
  BROKEN_STATES,
  PENDING_STATES,
  type Verdict,
} from './types';

const MARK: Record<Verdict, string> = { RECONCILED: '.', PENDING: 'p', BROKEN: 'X' };
/** Problem lines printed; the JSON and HTML keep them all. */
const MAX_PROBLEM_LINES = 50;

function count(value: number): string {
  return value.toLocaleString('en-US');
}

function grid(report: AuditReport, hours: string[]): string[] {
  const cells = new Map(report.cells.map((cell) => [`${cell.topic} ${cell.hour}`, cell]));
  const width = Math.max(5, ...report.topics.map((t) => t.topic.length));
  const lines = [
    `${'topic'.padEnd(width)}  ${hours.map((h) => h.slice(11, 13)).join(' ')}  ${'messages'.padStart(10)}  verdict`,
  ];
  for (const topic of report.topics) {
    const marks = hours.map((hour) => {
      const cell = cells.get(`${topic.topic} ${hour}`);
      return (cell ? MARK[cell.verdict] : ' ').padEnd(2);
    });
    lines.push(
      `${topic.topic.padEnd(width)}  ${marks.join(' ')}  ${count(topic.messages).padStart(10)}  ${topic.verdict}`,
    );
  }
  return lines;
}

function problemLines(cells: readonly AuditCell[]): string[] {
  const lines: string[] = [];
  for (const verdict of ['BROKEN', 'PENDING'] as const) {
    const states = verdict === 'BROKEN' ? BROKEN_STATES : PENDING_STATES;
    for (const cell of cells.filter((c) => c.verdict === verdict))
      for (const state of states) {
        const n = cell.states[state];
        if (!n) continue;
        const ids = cell.examples[state] ?? [];
        const more = n > ids.length ? ` (+${count(n - ids.length)} more)` : '';
        lines.push(
          `${verdict.padEnd(7)} ${cell.topic} ${cell.hour}  ${state} ${count(n)}: ${ids.join(' ')}${more}`,
        );
      }
  }
  return lines;
}

function backlogLines(report: AuditReport): string[] {
  const backlog = report.backlog;
  if (!backlog) return [];
  const lines: string[] = [];
  const queued = Object.entries(backlog.topics).filter(([, q]) => q.messages);
  if (queued.length)
    lines.push(
      `PENDING queued: ${count(backlogTotals(report).queued)} messages still in ${queued.length} topic queues (${queued
        .slice(0, 10)
        .map(([topic, q]) => `${topic} ${count(q.messages ?? 0)}`)
        .join(', ')}${queued.length > 10 ? ', ...' : ''})`,
    );
  for (const dlq of backlog.deadLetterQueues.filter((q) => q.messages))
    lines.push(
      `PENDING dead letters: ${count(dlq.messages ?? 0)} in ${dlq.queue} not archived yet (in no cell: the dlq-archiver is behind or failing, docs/operations.md)`,
    );
  const missing = [...Object.values(backlog.topics), ...backlog.deadLetterQueues].filter(
    (q) => q.messages === null,
  );
  if (missing.length)
    lines.push(
      `MISSING queues: ${missing.map((q) => q.queue).join(', ')} (not deployed under this name?)`,
    );
  return lines;
}

function sentLines(report: AuditReport): string[] {
  if (!report.sentChecks)
    return ['sent counts: unavailable (SQS reported no NumberOfMessagesSent for these queues)'];
  const lines = report.sentChecks
    .filter((check) => check.verdict !== 'MATCHED')
    .slice(0, MAX_PROBLEM_LINES)
    .map(
      (c) =>
        `${c.verdict.padEnd(7)} ${c.topic} ${c.hour}  sent ${count(c.sent)} (${count(c.replays)} replays), found ${count(c.found)}: ${c.reason}`,
    );
  const tally = (['MATCHED', 'PENDING', 'UNVERIFIED', 'BROKEN'] as const)
    .map(
      (v) => `${report.sentChecks?.filter((c) => c.verdict === v).length ?? 0} ${v.toLowerCase()}`,
    )
    .join(', ');
  return [...lines, `sent counts (AWS/SQS NumberOfMessagesSent per topic and hour): ${tally}`];
}

/**
 * The audit as an operator reads it: the topic x hour grid, every broken then pending cell with
 * its states and example message ids, the topics that could not be audited, and one verdict line.
 * Pure.
 */
export function formatAuditText(report: AuditReport): string {
  const hours = auditHours(report.from, report.to);
  const out = [
    `audit of ${report.deployment}: messages first sent from ${report.from} to ${report.to} (${hours.length} h, ${report.topics.length} topics with messages)`,
    '',
    ...(report.topics.length ? grid(report, hours) : ['no messages in the span']),
    `legend: ${MARK.RECONCILED} reconciled  ${MARK.PENDING} pending  ${MARK.BROKEN} broken  (blank: no messages; hours UTC)`,
    '',
  ];
  const problems = problemLines(report.cells);
  out.push(...problems.slice(0, MAX_PROBLEM_LINES));
  if (problems.length > MAX_PROBLEM_LINES)
    out.push(`... ${problems.length - MAX_PROBLEM_LINES} more problem lines in the JSON and HTML`);
  for (const missing of report.unaudited) out.push(`UNAUDITED ${missing.topic}: ${missing.reason}`);
  out.push(...backlogLines(report), ...sentLines(report));
  const totals = AUDIT_STATES.filter((s) => report.totals[s])
    .map((s) => `${count(report.totals[s] ?? 0)} ${s}`)
    .join(', ');
  out.push(`messages: ${totals || 'none'}`);
  const v = report.cellVerdicts;
  const verdict = `AUDIT ${auditVerdict(report)}`;
  out.push(
    `${verdict}: ${count(v.BROKEN)} broken, ${count(v.PENDING)} pending, ${count(v.RECONCILED)} reconciled cells; ${report.unaudited.length} topics unaudited`,
  );
  return `${out.join('\n')}\n`;
}
