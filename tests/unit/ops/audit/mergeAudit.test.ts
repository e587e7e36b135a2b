import { planAuditRuns } from '../../../../scripts/ops/audit/planAuditRuns';
import { auditOf, cell, jobDocument } from '../../../helpers/auditCells';

describe('planAuditRuns', () => {
  it('keeps the topics in order, at most n per run', () => {
    expect(planAuditRuns(['a', 'b', 'c', 'd', 'e'], 2)).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(planAuditRuns([], 2)).toEqual([]);
  });

  it('refuses a run size that is not a positive integer', () => {
    expect(() => planAuditRuns(['a'], 0)).toThrow(RangeError);
  });
});

describe('mergeAudit', () => {
  it('rolls cells up per topic to the worst verdict and counts every state once', () => {
    // Act
    const report = auditOf(
      [
        {
          runId: 'jr_1',
          state: 'SUCCEEDED',
          topics: ['b-topic'],
          document: jobDocument([cell('b-topic', '08', { CURATED: 3 })]),
        },
        {
          runId: 'jr_2',
          state: 'SUCCEEDED',
          topics: ['a-topic'],
          document: jobDocument([
            cell('a-topic', '09', { CURATED: 1, NOT_CURATED: 2 }),
            cell('a-topic', '08', { CURATED: 4, LOST: 1 }),
          ]),
        },
      ],
      'lean-ops-dev',
    );

    // Assess
    expect(report.cells.map((c) => `${c.topic} ${c.hour.slice(11, 13)}`)).toEqual([
      'a-topic 08',
      'a-topic 09',
      'b-topic 08',
    ]);
    expect(report.topics.map((t) => [t.topic, t.verdict, t.messages])).toEqual([
      ['a-topic', 'BROKEN', 8],
      ['b-topic', 'RECONCILED', 3],
    ]);
    expect(report.totals).toEqual({ CURATED: 8, NOT_CURATED: 2, LOST: 1 });
    expect(report.cellVerdicts).toEqual({ RECONCILED: 1, PENDING: 1, BROKEN: 1 });
    expect(report.ok).toBe(false);
  });

  it('names every topic it could not audit and is then not ok, even with no broken cell', () => {
    // Act
    const report = auditOf(
      [
        { runId: 'jr_1', state: 'TIMEOUT', topics: ['x', 'y'], error: 'Timeout' },
        {
          runId: 'jr_2',
          state: 'FAILED',
          topics: ['z', 'w'],
          document: jobDocument(
            [cell('w', '08', { CURATED: 1 })],
            [{ topic: 'z', error: 'TopicSchemaError: no topic file' }],
          ),
        },
      ],
      'lean-ops-dev',
    );

    // Assess
    expect(report.unaudited).toEqual([
      { topic: 'x', reason: 'audit run jr_1 TIMEOUT: Timeout' },
      { topic: 'y', reason: 'audit run jr_1 TIMEOUT: Timeout' },
      { topic: 'z', reason: 'TopicSchemaError: no topic file' },
    ]);
    expect(report.ok).toBe(false);
  });

  it('is ok with pending cells: waiting is not a loss', () => {
    const report = auditOf(
      [
        {
          runId: 'jr',
          state: 'SUCCEEDED',
          topics: ['a'],
          document: jobDocument([cell('a', '08', { AWAITING_REPLAY: 1 })]),
        },
      ],
      'd',
    );
    expect(report.ok).toBe(true);
  });
});
