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
    const unattempted = ['m-1', 'm-2', 'm-3'].map((message_id) => ({
      topic: 'gps',
      message_id,
      sk: message_id,
      code: 'NOT_ATTEMPTED' as const,
      reason: 'the replay was interrupted before this message',
    }));
    const interrupted = formatReplayText(
      report({
        interrupted: true,
        ok: false,
        selected: 4,
        sent: 1,
        not_replayed: 3,
        per_topic: { gps: { selected: 4, sent: 1, not_replayed: 3 } },
        failures: unattempted,
      }),
      'lean-ops replay-dlq --env prod --force --resume r-1',
    );

    expect(dry).toContain('(dry run: nothing sent)');
    expect(dry).toContain('gps: 4 selected, 4 would be sent');
    // one summary line, not one line per message
    expect(interrupted).not.toContain('m-2');
    expect(interrupted).toContain(
      'interrupted: 3 not attempted; resume (nothing already sent is sent twice): lean-ops replay-dlq --env prod --force --resume r-1',
    );
    expect(formatReplayText(report())).toContain('nothing to replay');
  });

  it('says what a dry run checked', () => {
    const text = formatReplayText(
      report({ dry_run: true, checked: { queues: 2, archive_reads: 2 } }),
    );
    expect(text).toContain(
      'checked: 2 topic queue(s) resolved, 2 archived message(s) read and verified (one per topic)',
    );
  });
});
