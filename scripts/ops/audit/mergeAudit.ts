import type { SentCheck } from './checkSentCounts';
import type { Backlog } from './readBacklog';
import {
  AUDIT_STATES,
  type AuditCell,
  type AuditJobDocument,
  type AuditReport,
  type AuditState,
  type HourCount,
  type TopicAudit,
  type UnauditedTopic,
  VERDICTS,
  type Verdict,
} from './types';

/** One audit run as it ended: its document when it wrote one, else why not. */
export interface FinishedAuditRun {
  runId: string;
  state: string;
  topics: readonly string[];
  document?: AuditJobDocument;
  error?: string;
}

const SEVERITY: Record<Verdict, number> = { RECONCILED: 0, PENDING: 1, BROKEN: 2 };

function addStates(
  into: Partial<Record<AuditState, number>>,
  states: Partial<Record<AuditState, number>>,
): void {
  for (const state of AUDIT_STATES) {
    const count = states[state];
    if (count) into[state] = (into[state] ?? 0) + count;
  }
}

/**
 * The deployment's audit from its runs: cells by topic then hour, per-topic and total counts, and
 * every topic that could not be audited (a run that wrote nothing, a topic the job reported
 * FAILED). Not ok when any cell is broken or any topic unaudited: an audit that could not look is
 * not a clean audit. Pure.
 */
export function mergeAudit(input: {
  deployment: string;
  from: string;
  to: string;
  generatedAt: string;
  runs: readonly FinishedAuditRun[];
}): AuditReport {
  const cells: AuditCell[] = [];
  const replays: HourCount[] = [];
  const unaudited: UnauditedTopic[] = [];
  for (const run of input.runs) {
    if (run.document === undefined) {
      const reason = `audit run ${run.runId} ${run.state}${run.error ? `: ${run.error}` : ''}`;
      for (const topic of run.topics) unaudited.push({ topic, reason });
      continue;
    }
    cells.push(...run.document.cells);
    replays.push(...(run.document.replays ?? []));
    for (const entry of run.document.topics)
      if (entry.outcome === 'FAILED')
        unaudited.push({ topic: entry.topic, reason: entry.error ?? 'the audit job failed it' });
  }
  cells.sort((a, b) => a.topic.localeCompare(b.topic) || a.hour.localeCompare(b.hour));
  const byTopic = new Map<string, TopicAudit>();
  const totals: Partial<Record<AuditState, number>> = {};
  const cellVerdicts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  for (const cell of cells) {
    cellVerdicts[cell.verdict] += 1;
    addStates(totals, cell.states);
    const topic = byTopic.get(cell.topic) ?? {
      topic: cell.topic,
      verdict: 'RECONCILED',
      messages: 0,
      states: {},
    };
    topic.messages += cell.messages;
    addStates(topic.states, cell.states);
    if (SEVERITY[cell.verdict] > SEVERITY[topic.verdict]) topic.verdict = cell.verdict;
    byTopic.set(cell.topic, topic);
  }
  return {
    version: 1,
    deployment: input.deployment,
    from: input.from,
    to: input.to,
    generatedAt: input.generatedAt,
    ok: cellVerdicts.BROKEN === 0 && unaudited.length === 0,
    cellVerdicts,
    totals,
    topics: [...byTopic.values()],
    cells,
    unaudited: unaudited.sort((a, b) => a.topic.localeCompare(b.topic)),
    runs: input.runs.map((run) => ({
      runId: run.runId,
      state: run.state,
      topics: run.topics.length,
    })),
    replays,
  };
}

/** The report with the queues' backlog: it waits in no cell, so it is reported beside them. Pure. */
export function attachBacklog(report: AuditReport, backlog: Backlog): AuditReport {
  return { ...report, backlog };
}

/** Messages the backlog holds: in topic queues, and in the DLQs not archived yet. */
export function backlogTotals(report: AuditReport): { queued: number; deadLetters: number } {
  const sum = (queues: { messages: number | null }[]) =>
    queues.reduce((total, queue) => total + (queue.messages ?? 0), 0);
  return {
    queued: sum(Object.values(report.backlog?.topics ?? {})),
    deadLetters: sum(report.backlog?.deadLetterQueues ?? []),
  };
}

/** BROKEN when not ok; PENDING when a cell waits or the queues still hold messages; else RECONCILED. */
export function auditVerdict(report: AuditReport): Verdict {
  if (!report.ok) return 'BROKEN';
  const { queued, deadLetters } = backlogTotals(report);
  const sentPending = report.sentChecks?.some((check) => check.verdict === 'PENDING') ?? false;
  return report.cellVerdicts.PENDING || queued || deadLetters || sentPending
    ? 'PENDING'
    : 'RECONCILED';
}

/** The report with SQS's count checked against it: a BROKEN check makes it not ok. Pure. */
export function attachSentChecks(report: AuditReport, checks: SentCheck[]): AuditReport {
  return {
    ...report,
    sentChecks: checks,
    ok: report.ok && !checks.some((c) => c.verdict === 'BROKEN'),
  };
}
