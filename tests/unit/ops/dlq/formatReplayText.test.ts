import { formatReplayText } from '../../../../scripts/ops/dlq/formatReplayText';
import type { ReplayReport } from '../../../../scripts/ops/dlq/types';

function report(overrides: Partial<ReplayReport> = {}): ReplayReport {
  return {
    version: 1,
    ok: true,
    dry_run: false,
    replay_id: 'r-1',
    selected: 0,
    sent: 0,
    not_replayed: 0,
    interrupted: false,
    per_topic: {},
    failures: [],
    sample: [],
    ...overrides,
  };
}

describe('formatReplayText', () => {
  it('lists each topic, every message not replayed with its code, and the totals', () => {
    const text = formatReplayText(
      report({
        ok: false,
        selected: 3,
        sent: 2,
        not_replayed: 1,
        per_topic: {
          gps: { selected: 2, sent: 2, not_replayed: 0 },
          ghost: { selected: 1, sent: 0, not_replayed: 1 },
        },
        failures: [
          {
            topic: 'ghost',
            message_id: 'm-9',
            sk: 's',
            code: 'UNREGISTERED_TOPIC',
            reason: 'not registered',
          },
        ],
      }),
    );

    expect(text).toBe(
      [
        'replay r-1',
        '  ghost: 1 selected, 0 sent, 1 not replayed',
        '  gps: 2 selected, 2 sent',
        'not replayed:',
        '  ghost m-9 UNREGISTERED_TOPIC: not registered',
        'total: 3 selected, 2 sent, 1 not replayed',
        '',
      ].join('\n'),
    );
  });

  it('says a dry run sent nothing and what would be sent, and how to resume an interrupted run', () => {
    const dry = formatReplayText(
      report({
        dry_run: true,
        selected: 4,
        per_topic: { gps: { selected: 4, sent: 0, not_replayed: 0 } },
      }),
    );
    const interrupted = formatReplayText(report({ interrupted: true, ok: false }));

    expect(dry).toContain('(dry run: nothing sent)');
    expect(dry).toContain('gps: 4 selected, 4 would be sent');
    expect(interrupted).toContain('run the same command again to resume');
    expect(formatReplayText(report())).toContain('nothing to replay');
  });
});
