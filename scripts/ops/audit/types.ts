import type { SentCheck } from './checkSentCounts';
import type { Backlog } from './readBacklog';

/**
 * The audit's vocabulary (docs/audit.md), shared by the Glue job's document and the report.
 * The state names are glue-jobs/lean_ops_glue/audit_states.py's; tests/integration/naming checks
 * that the two lists agree.
 */
export const TERMINAL_STATES = [
  'CURATED',
  'DUPLICATE',
  'CDE_REJECTED',
  'DROPPED',
  'DEAD_LETTERED',
] as const;
export const PENDING_STATES = [
  'PAUSED',
  'NOT_STANDARDIZED',
  'NOT_CURATED',
  'AWAITING_REPLAY',
  'REPLAY_IN_FLIGHT',
] as const;
export const BROKEN_STATES = ['CONFLICT', 'DOUBLE_COUNTED', 'NO_RAW_RECORD', 'LOST'] as const;
export const AUDIT_STATES = [...TERMINAL_STATES, ...PENDING_STATES, ...BROKEN_STATES] as const;
export type AuditState = (typeof AUDIT_STATES)[number];

export const VERDICTS = ['RECONCILED', 'PENDING', 'BROKEN'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** One topic and hour of first send, as the audit job writes it. */
export interface AuditCell {
  topic: string;
  /** `2026-11-20T08:00:00Z` */
  hour: string;
  verdict: Verdict;
  messages: number;
  states: Partial<Record<AuditState, number>>;
  /** Up to `--examples` message ids per pending or broken state. */
  examples: Partial<Record<AuditState, string[]>>;
}

/** What one audit job run writes to its `--result-uri` (version 1). */
export interface AuditJobDocument {
  version: 1;
  from: string;
  to: string;
  run_id: string;
  generated_at: string;
  topics: { topic: string; outcome: string; error: string | null }[];
  cells: AuditCell[];
  /** DLQ replays sent to the topic queues per hour of the span (SQS counts them as sends). */
  replays?: HourCount[];
}

export interface HourCount {
  topic: string;
  hour: string;
  count: number;
}

/** A topic the audit could not read: its run failed, or the job reported it FAILED. */
export interface UnauditedTopic {
  topic: string;
  reason: string;
}

export interface TopicAudit {
  topic: string;
  verdict: Verdict;
  messages: number;
  states: Partial<Record<AuditState, number>>;
}

/** The merged audit of a deployment over a span (`lean-ops audit --json`, version 1). */
export interface AuditReport {
  version: 1;
  deployment: string;
  from: string;
  to: string;
  generatedAt: string;
  /** No broken cell and every topic audited. */
  ok: boolean;
  cellVerdicts: Record<Verdict, number>;
  totals: Partial<Record<AuditState, number>>;
  topics: TopicAudit[];
  cells: AuditCell[];
  unaudited: UnauditedTopic[];
  runs: { runId: string; state: string; topics: number }[];
  /** What the queues held when the audit ended (readBacklog): waiting, in no cell yet. */
  backlog?: Backlog;
  replays: HourCount[];
  /** SQS's count against the cells (checkSentCounts); absent when SQS reported no sends at all. */
  sentChecks?: SentCheck[];
}
