import { auditHours } from '../../../../scripts/ops/audit/auditHours';
import { formatAuditText } from '../../../../scripts/ops/audit/formatAuditText';
import { renderAuditHtml } from '../../../../scripts/ops/audit/renderAuditHtml';
import { auditOf, cell, jobDocument } from '../../../helpers/auditCells';

function report() {
  return auditOf(
    [
      {
        runId: 'jr_1',
        state: 'SUCCEEDED',
        topics: ['cabin-humidity', 'engine-temperature'],
        document: jobDocument([
          cell('engine-temperature', '08', { CURATED: 300, LOST: 7 }, { LOST: ['m-1', 'm-2'] }),
          cell('engine-temperature', '09', { CURATED: 20 }),
          cell(
            'cabin-humidity',
            '09',
            { CURATED: 5, AWAITING_REPLAY: 1 },
            { AWAITING_REPLAY: ['m-<3>'] },
          ),
        ]),
      },
    ],
    'lean-ops-prod',
  );
}

describe('auditHours', () => {
  it('lists the hours that start inside the span, from the hour holding its start', () => {
    expect(auditHours('2026-11-20T08:30:00Z', '2026-11-20T10:00:00Z')).toEqual([
      '2026-11-20T08:00:00Z',
      '2026-11-20T09:00:00Z',
    ]);
  });
});

describe('formatAuditText', () => {
  it('shows the grid, every problem with its ids, and a verdict that says broken', () => {
    // Act
    const text = formatAuditText(report());

    // Assess
    expect(text).toContain('engine-temperature  X  .          327  BROKEN');
    expect(text).toContain('cabin-humidity         p            6  PENDING');
    expect(text).toContain(
      'BROKEN  engine-temperature 2026-11-20T08:00:00Z  LOST 7: m-1 m-2 (+5 more)',
    );
    expect(text).toContain('PENDING cabin-humidity 2026-11-20T09:00:00Z  AWAITING_REPLAY 1: m-<3>');
    expect(text.indexOf('BROKEN  engine')).toBeLessThan(text.indexOf('PENDING cabin'));
    expect(text.trimEnd().split('\n').at(-1)).toBe(
      'AUDIT BROKEN: 1 broken, 1 pending, 1 reconciled cells; 0 topics unaudited',
    );
  });
});

describe('renderAuditHtml', () => {
  it('colours broken apart from pending, links problem cells to their ids and escapes them', () => {
    // Act
    const html = renderAuditHtml(report());

    // Assess
    expect(html).toContain('AUDIT BROKEN');
    expect(html).toContain('href="#c-engine-temperature-2026-11-20T08"');
    expect(html).toContain('id="c-engine-temperature-2026-11-20T08"');
    expect(html).toContain('<code>m-&#60;3&#62;</code>');
    expect(html).not.toContain('m-<3>');
    expect(html).toContain('background:#c62828');
    expect(html).toContain('background:#ffd54f');
  });
});
