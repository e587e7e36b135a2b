import fc from 'fast-check';
import { parseAlarmNotification } from '../../../../lambdas/circuit-breaker/parseAlarmNotification';

const PREFIX = 'lean-ops-dev-topic-';

function notification(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    AlarmName: 'lean-ops-dev-topic-error-rate-order-events',
    NewStateValue: 'ALARM',
    OldStateValue: 'OK',
    StateChangeTime: '2026-11-25T10:00:00.000+0000',
    Trigger: { Dimensions: [{ value: 'order-events', name: 'topic' }] },
    ...overrides,
  });
}

describe('parseAlarmNotification', () => {
  it('reads topic, state and change time of a per-topic error-rate alarm', () => {
    expect(parseAlarmNotification(notification(), PREFIX)).toEqual({
      kind: 'topic-alarm',
      topic: 'order-events',
      alarmName: 'lean-ops-dev-topic-error-rate-order-events',
      alarmState: 'ALARM',
      changedAt: '2026-11-25T10:00:00.000Z',
    });
  });

  it('finds the topic dimension of a metric-math alarm', () => {
    const trigger = {
      Metrics: [
        { Id: 'rate', Expression: 'retried / received' },
        {
          Id: 'retried',
          MetricStat: {
            Metric: {
              MetricName: 'RecordsRetried',
              Dimensions: [{ value: 'order-events', name: 'topic' }],
            },
          },
        },
      ],
    };
    expect(parseAlarmNotification(notification({ Trigger: trigger }), PREFIX)).toMatchObject({
      topic: 'order-events',
    });
  });

  it('takes the topic from the alarm name when the trigger has no dimensions', () => {
    expect(parseAlarmNotification(notification({ Trigger: {} }), PREFIX)).toMatchObject({
      kind: 'topic-alarm',
      topic: 'order-events',
    });
  });

  it.each([
    [
      'the DLQ-not-empty alarm the seed tripped on',
      { AlarmName: 'lean-ops-dev-dlq-not-empty', Trigger: {} },
    ],
    ['another deployment', { AlarmName: 'lean-ops-prod-topic-error-rate-order-events' }],
    ['a per-topic alarm of another kind', { AlarmName: 'lean-ops-dev-topic-latency-order-events' }],
    [
      'a dimension that disagrees with the name',
      { Trigger: { Dimensions: [{ value: 'gps', name: 'topic' }] } },
    ],
    [
      'an invalid topic in the name',
      { AlarmName: 'lean-ops-dev-topic-error-rate-Bad.Topic', Trigger: {} },
    ],
    ['an unknown state', { NewStateValue: 'EXPLODED' }],
    ['an unreadable time', { StateChangeTime: 'yesterday' }],
  ])('ignores %s', (_label, overrides) => {
    expect(parseAlarmNotification(notification(overrides), PREFIX).kind).toBe('ignored');
  });

  it.each(['', 'not json', '[]', 'null', '42'])('ignores the non-alarm message %j', (message) => {
    expect(parseAlarmNotification(message, PREFIX).kind).toBe('ignored');
  });

  it('never throws on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const parsed = parseAlarmNotification(JSON.stringify(value), PREFIX);
        expect(['ignored', 'topic-alarm']).toContain(parsed.kind);
      }),
    );
  });
});
