import { compareAuditWithLedger } from '../../../scripts/local/report/compareAuditWithLedger';
import { auditOf, cell, jobDocument } from '../../helpers/auditCells';

function audit(cells: ReturnType<typeof cell>[]) {
  return auditOf([{ runId: 'jr', state: 'SUCCEEDED', topics: [], document: jobDocument(cells) }]);
}

describe('compareAuditWithLedger', () => {
  it('agrees when every topic has the same count per state, hours summed, the stray queue left out', () => {
    // Act
    const disagreements = compareAuditWithLedger(
      {
        alarms: { published: 7, CURATED: 5, DUPLICATE: 1, DELIVERY_FAILED: 1, LOST: 0 },
        UNKNOWN: { published: 3, DROPPED: 3 },
      },
      audit([
        cell('alarms', '08', { CURATED: 2, DUPLICATE: 1 }),
        cell('alarms', '09', { CURATED: 3, AWAITING_REPLAY: 1 }),
      ]),
    );

    // Assess
    expect(disagreements).toEqual([]);
  });

  it('names each topic and state counted differently, including states only one side knows', () => {
    // Act
    const disagreements = compareAuditWithLedger(
      { alarms: { CURATED: 5, LOST: 1 }, 'fuel-level': { CURATED: 2 } },
      audit([cell('alarms', '08', { CURATED: 6, NOT_CURATED: 2 })]),
    );

    // Assess
    expect(disagreements).toEqual([
      { topic: 'alarms', state: 'CURATED', ledger: 5, audit: 6 },
      { topic: 'alarms', state: 'LOST', ledger: 1, audit: 0 },
      { topic: 'alarms', state: 'NOT_CURATED', ledger: 0, audit: 2 },
      { topic: 'fuel-level', state: 'CURATED', ledger: 2, audit: 0 },
    ]);
  });
});
