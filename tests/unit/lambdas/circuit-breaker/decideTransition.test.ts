import fc from 'fast-check';
import { decideTransition } from '../../../../lambdas/circuit-breaker/decideTransition';
import type { BreakerEvent, BreakerRecord } from '../../../../lambdas/circuit-breaker/types';

const policy = { baseCooldownSeconds: 300, maxCooldownSeconds: 1000 };
const T0 = new Date('2026-11-25T10:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

function alarm(state: 'ALARM' | 'OK' | 'INSUFFICIENT_DATA', changedSecond: number): BreakerEvent {
  return {
    kind: 'ALARM_STATE',
    alarmState: state,
    changedAt: at(changedSecond).toISOString(),
    alarmName: 'x-topic-error-rate-gps',
  };
}
const tick: BreakerEvent = { kind: 'TICK' };

/** Applies events in order, as the store would keep the latest written record. */
function run(steps: [BreakerEvent, number][], start?: BreakerRecord) {
  let record = start;
  const decisions = [];
  for (const [event, second] of steps) {
    const decision = decideTransition(record, 'gps', event, at(second), policy);
    decisions.push(decision);
    record = decision.next ?? record;
  }
  return { record, decisions };
}

describe('decideTransition', () => {
  it('opens a closed breaker on its alarm: mapping disabled, base cool-down, one trip', () => {
    // Act
    const decision = decideTransition(undefined, 'gps', alarm('ALARM', 0), at(1), policy);

    // Assess
    expect(decision.mapping).toBe('disabled');
    expect(decision.next).toMatchObject({
      topic: 'gps',
      state: 'OPEN',
      version: 1,
      trips: 1,
      cooldown_seconds: 300,
      opened_at: at(1).toISOString(),
      reopen_at: at(301).toISOString(),
      last_alarm_change_at: at(0).toISOString(),
    });
  });

  it('ignores a duplicate of the notification that opened it', () => {
    const { decisions, record } = run([
      [alarm('ALARM', 0), 1],
      [alarm('ALARM', 0), 2],
    ]);

    expect(decisions[1]?.next).toBeUndefined();
    expect(decisions[1]?.mapping).toBe('disabled');
    expect(record?.version).toBe(1);
  });

  it.each(['OK', 'INSUFFICIENT_DATA'] as const)(
    'stays open on %s before the cool-down is over (a stopped topic has no data)',
    (state) => {
      const { decisions, record } = run([
        [alarm('ALARM', 0), 0],
        [alarm(state, 60), 60],
        [tick, 120],
      ]);

      expect(decisions[1]?.next).toBeUndefined();
      expect(decisions[2]?.next).toBeUndefined();
      expect(record?.state).toBe('OPEN');
    },
  );

  it('half-opens on the first tick after the cool-down, even when the alarm only said INSUFFICIENT_DATA', () => {
    const { decisions, record } = run([
      [alarm('ALARM', 0), 0],
      [alarm('INSUFFICIENT_DATA', 200), 200],
      [tick, 300],
    ]);

    expect(decisions[2]?.mapping).toBe('enabled');
    expect(record).toMatchObject({
      state: 'HALF_OPEN',
      half_opened_at: at(300).toISOString(),
      version: 2,
    });
    expect(record?.reopen_at).toBeUndefined();
  });

  it('closes from half-open when the alarm turns OK', () => {
    const { record, decisions } = run([
      [alarm('ALARM', 0), 0],
      [tick, 300],
      [alarm('OK', 310), 311],
    ]);

    expect(record?.state).toBe('CLOSED');
    expect(decisions[2]?.mapping).toBe('enabled');
  });

  it('closes from half-open after a probation as long as the cool-down without any alarm', () => {
    const { record, decisions } = run([
      [alarm('ALARM', 0), 0],
      [tick, 300],
      [alarm('INSUFFICIENT_DATA', 350), 350],
      [tick, 599],
      [tick, 600],
    ]);

    expect(decisions[3]?.next).toBeUndefined();
    expect(record?.state).toBe('CLOSED');
  });

  it('stays on probation for the alarm window, so a topic still failing re-trips with a doubled cool-down', () => {
    // Arrange: the error-rate alarm needs 2 periods of 300 s (+1 for late metrics): 900 s
    const withWindow = { ...policy, probationSeconds: 900 };
    const step = (record: BreakerRecord | undefined, event: BreakerEvent, second: number) =>
      decideTransition(record, 'gps', event, at(second), withWindow).next ?? record;

    // Act: half-open at 300; the cool-down alone would close it at 600
    let record = step(undefined, alarm('ALARM', 0), 0);
    record = step(record, tick, 300);
    const atCooldownEnd = step(record, tick, 600);
    const retripped = step(atCooldownEnd, alarm('ALARM', 890), 890);
    const closedLater = step(atCooldownEnd, tick, 1200);

    // Assess
    expect(atCooldownEnd?.state).toBe('HALF_OPEN');
    expect(retripped).toMatchObject({ state: 'OPEN', cooldown_seconds: 600, trips: 2 });
    expect(closedLater?.state).toBe('CLOSED');
  });

  it('doubles the cool-down on each re-trip from half-open, up to the cap', () => {
    const { record, decisions } = run([
      [alarm('ALARM', 0), 0],
      [tick, 300],
      [alarm('ALARM', 310), 310],
      [tick, 910],
      [alarm('ALARM', 920), 920],
    ]);

    expect(decisions[2]?.next).toMatchObject({
      state: 'OPEN',
      cooldown_seconds: 600,
      trips: 2,
      reopen_at: at(910).toISOString(),
    });
    expect(record).toMatchObject({ state: 'OPEN', cooldown_seconds: 1000, trips: 3 });
  });

  it('starts again from the base cool-down after a trip closed', () => {
    const { record } = run([
      [alarm('ALARM', 0), 0],
      [tick, 300],
      [alarm('ALARM', 310), 310],
      [tick, 910],
      [alarm('OK', 920), 920],
      [alarm('ALARM', 2000), 2000],
    ]);

    expect(record).toMatchObject({ state: 'OPEN', cooldown_seconds: 300, trips: 3 });
  });

  it('ignores an ALARM older than the OK it follows (out-of-order delivery)', () => {
    const { record, decisions } = run([
      [alarm('ALARM', 0), 0],
      [tick, 300],
      [alarm('OK', 320), 321],
      [alarm('ALARM', 310), 322],
    ]);

    expect(decisions[3]?.next).toBeUndefined();
    expect(record?.state).toBe('CLOSED');
  });

  it('holds a manual open against alarms and timers until an operator closes it', () => {
    const { record, decisions } = run([
      [{ kind: 'MANUAL_OPEN', by: 'alice', reason: 'downstream maintenance' }, 0],
      [tick, 100_000],
      [alarm('OK', 100_001), 100_001],
      [{ kind: 'MANUAL_CLOSE', by: 'bob' }, 100_002],
    ]);

    expect(decisions[0]?.next).toMatchObject({
      state: 'OPEN',
      manual: true,
      reason: 'opened by alice: downstream maintenance',
    });
    expect(decisions[0]?.next?.reopen_at).toBeUndefined();
    expect(decisions[1]?.next).toBeUndefined();
    expect(decisions[2]?.next).toBeUndefined();
    expect(record).toMatchObject({ state: 'CLOSED', reason: 'closed by bob' });
    expect(record?.manual).toBeUndefined();
  });

  it('lets an operator close an automatically opened breaker at once', () => {
    const { record } = run([
      [alarm('ALARM', 0), 0],
      [{ kind: 'MANUAL_CLOSE', by: 'carol' }, 5],
    ]);

    expect(record?.state).toBe('CLOSED');
  });

  it('changes nothing for a closed topic that gets OK, INSUFFICIENT_DATA, a tick or a close', () => {
    for (const event of [
      alarm('OK', 1),
      alarm('INSUFFICIENT_DATA', 2),
      tick,
      { kind: 'MANUAL_CLOSE', by: 'x' } as BreakerEvent,
    ]) {
      expect(decideTransition(undefined, 'gps', event, at(5), policy).next).toBeUndefined();
    }
  });

  it('keeps its invariants over any sequence of events', () => {
    const eventArbitrary = fc.oneof(
      fc.record({
        kind: fc.constant('ALARM_STATE' as const),
        alarmState: fc.constantFrom('ALARM' as const, 'OK' as const, 'INSUFFICIENT_DATA' as const),
        changedAt: fc.integer({ min: 0, max: 5000 }).map((second) => at(second).toISOString()),
        alarmName: fc.constant('a'),
      }),
      fc.constant({ kind: 'TICK' as const }),
      fc.constant({ kind: 'MANUAL_OPEN' as const, by: 'op' }),
      fc.constant({ kind: 'MANUAL_CLOSE' as const, by: 'op' }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(eventArbitrary, fc.integer({ min: 0, max: 300 })), { maxLength: 40 }),
        (steps) => {
          let record: BreakerRecord | undefined;
          let clock = 0;
          for (const [event, advance] of steps) {
            clock += advance;
            const decision = decideTransition(record, 'gps', event, at(clock), policy);
            if (decision.next) {
              // Every write moves the version by exactly one, so a conditional write detects races.
              expect(decision.next.version).toBe((record?.version ?? 0) + 1);
              record = decision.next;
            }
            const state = record?.state ?? 'CLOSED';
            expect(decision.mapping).toBe(state === 'OPEN' ? 'disabled' : 'enabled');
            if (record) {
              expect(record.cooldown_seconds).toBeGreaterThanOrEqual(policy.baseCooldownSeconds);
              expect(record.cooldown_seconds).toBeLessThanOrEqual(policy.maxCooldownSeconds);
              // An automatic OPEN always has a timer: the seed's breaker never re-closed.
              if (record.state === 'OPEN' && !record.manual) expect(record.reopen_at).toBeDefined();
            }
          }
        },
      ),
    );
  });
});
