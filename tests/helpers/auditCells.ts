import { type FinishedAuditRun, mergeAudit } from '../../scripts/ops/audit/mergeAudit';
import type { AuditCell, AuditJobDocument, AuditReport } from '../../scripts/ops/audit/types';

export const FROM = '2026-11-20T08:00:00.000Z';
export const TO = '2026-11-20T10:00:00.000Z';

export function cell(
  topic: string,
  hh: string,
  states: AuditCell['states'],
  examples: AuditCell['examples'] = {},
): AuditCell {
  const broken = ['CONFLICT', 'DOUBLE_COUNTED', 'NO_RAW_RECORD', 'LOST'].some(
    (s) => states[s as keyof typeof states],
  );
  const pending = [
    'PAUSED',
    'NOT_STANDARDIZED',
    'NOT_CURATED',
    'AWAITING_REPLAY',
    'REPLAY_IN_FLIGHT',
  ].some((s) => states[s as keyof typeof states]);
  return {
    topic,
    hour: `2026-11-20T${hh}:00:00Z`,
    verdict: broken ? 'BROKEN' : pending ? 'PENDING' : 'RECONCILED',
    messages: Object.values(states).reduce((a, b) => a + (b ?? 0), 0),
    states,
    examples,
  };
}

export function jobDocument(
  cells: AuditCell[],
  failed: { topic: string; error: string }[] = [],
): AuditJobDocument {
  const topics = [...new Set(cells.map((c) => c.topic))].map((topic) => ({
    topic,
    outcome: 'SUCCEEDED',
    error: null,
  }));
  return {
    version: 1,
    from: FROM,
    to: TO,
    run_id: 'jr_1',
    generated_at: TO,
    topics: [
      ...topics,
      ...failed.map((f) => ({ topic: f.topic, outcome: 'FAILED', error: f.error })),
    ],
    cells,
  };
}

/** The merged audit of `runs` over FROM..TO. */
export function auditOf(runs: FinishedAuditRun[], deployment = 'lean-ops-dev'): AuditReport {
  return mergeAudit({ deployment, from: FROM, to: TO, generatedAt: TO, runs });
}
