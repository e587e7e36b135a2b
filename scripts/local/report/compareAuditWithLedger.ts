import type { AuditReport, AuditState } from '../../ops/audit/types';

/** The accountability report's per-topic counts (accountability.json `per_topic`). */
export type LedgerCounts = Record<string, Record<string, number>>;

/** The ledger report's state → the audit's name for the same fact. */
const AUDIT_NAME: Record<string, AuditState> = {
  CURATED: 'CURATED',
  DUPLICATE: 'DUPLICATE',
  CDE_REJECTED: 'CDE_REJECTED',
  DROPPED: 'DROPPED',
  DEAD_LETTERED: 'DEAD_LETTERED',
  DELIVERY_FAILED: 'AWAITING_REPLAY',
  LOST: 'LOST',
  DOUBLE_COUNTED: 'DOUBLE_COUNTED',
  CONFLICT: 'CONFLICT',
};
/** Messages of the stray queue: dropped as UNKNOWN_TOPIC, outside every registered topic's audit. */
const UNREGISTERED = 'UNKNOWN';

export interface AuditDisagreement {
  topic: string;
  state: string;
  ledger: number;
  audit: number;
}

/**
 * Where the audit (the deployment alone) and the ledger report (the generator's ledger) count a
 * topic's messages differently, state by state; empty when they agree topic by topic. A state
 * only one of them knows (a pending one) counts as 0 on the other side. Pure.
 */
export function compareAuditWithLedger(
  ledger: LedgerCounts,
  audit: AuditReport,
): AuditDisagreement[] {
  const auditByTopic = new Map(audit.topics.map((topic) => [topic.topic, topic.states]));
  const topics = [...new Set([...Object.keys(ledger), ...auditByTopic.keys()])]
    .filter((topic) => topic !== UNREGISTERED)
    .sort();
  const disagreements: AuditDisagreement[] = [];
  for (const topic of topics) {
    const ledgerStates = new Map<string, number>();
    for (const [state, count] of Object.entries(ledger[topic] ?? {})) {
      const name = AUDIT_NAME[state];
      if (name !== undefined && count) ledgerStates.set(name, count);
    }
    const auditStates = auditByTopic.get(topic) ?? {};
    const states = new Set<string>([...ledgerStates.keys(), ...Object.keys(auditStates)]);
    for (const state of [...states].sort()) {
      const fromLedger = ledgerStates.get(state) ?? 0;
      const fromAudit = auditStates[state as AuditState] ?? 0;
      if (fromLedger !== fromAudit)
        disagreements.push({ topic, state, ledger: fromLedger, audit: fromAudit });
    }
  }
  return disagreements;
}
