import { AlarmState, BreakerState } from './constants';
import type {
  BreakerDecision,
  BreakerEvent,
  BreakerPolicy,
  BreakerRecord,
  MappingTarget,
} from './types';

/** The record of a topic that never tripped: CLOSED, version 0 (not stored yet). */
export function initialRecord(topic: string, policy: BreakerPolicy, now: Date): BreakerRecord {
  return {
    topic,
    state: BreakerState.CLOSED,
    version: 0,
    trips: 0,
    cooldown_seconds: policy.baseCooldownSeconds,
    updated_at: now.toISOString(),
    reason: 'never tripped',
  };
}

/** The event source mapping state a breaker state requires. */
export function mappingFor(state: BreakerState): MappingTarget {
  return state === BreakerState.OPEN ? 'disabled' : 'enabled';
}

function addSeconds(date: Date, seconds: number): string {
  return new Date(date.getTime() + seconds * 1000).toISOString();
}

function unchanged(current: BreakerRecord, reason: string): BreakerDecision {
  return { next: undefined, mapping: mappingFor(current.state), reason };
}

function transition(
  current: BreakerRecord,
  fields: Partial<BreakerRecord>,
  now: Date,
  reason: string,
): BreakerDecision {
  const next: BreakerRecord = {
    ...current,
    ...fields,
    version: current.version + 1,
    updated_at: now.toISOString(),
    reason,
  };
  // Fields that only mean something in some states are dropped when leaving them.
  if (next.state !== BreakerState.OPEN) {
    delete next.reopen_at;
    delete next.manual;
  }
  if (next.state !== BreakerState.HALF_OPEN) delete next.half_opened_at;
  return { next, mapping: mappingFor(next.state), reason };
}

function trip(
  current: BreakerRecord,
  cooldownSeconds: number,
  now: Date,
  extra: Partial<BreakerRecord>,
  reason: string,
): BreakerDecision {
  return transition(
    current,
    {
      ...extra,
      state: BreakerState.OPEN,
      trips: current.trips + 1,
      cooldown_seconds: cooldownSeconds,
      opened_at: now.toISOString(),
      reopen_at: addSeconds(now, cooldownSeconds),
    },
    now,
    reason,
  );
}

function onAlarmState(
  current: BreakerRecord,
  event: Extract<BreakerEvent, { kind: 'ALARM_STATE' }>,
  now: Date,
  policy: BreakerPolicy,
): BreakerDecision {
  if (
    current.last_alarm_change_at !== undefined &&
    Date.parse(event.changedAt) <= Date.parse(current.last_alarm_change_at)
  ) {
    return unchanged(
      current,
      `stale or duplicate ${event.alarmState} notification (changed ${event.changedAt})`,
    );
  }
  const seen = { last_alarm_change_at: event.changedAt };
  switch (current.state) {
    case BreakerState.CLOSED:
      if (event.alarmState !== AlarmState.ALARM)
        return unchanged(current, `closed; alarm ${event.alarmState}`);
      return trip(
        current,
        policy.baseCooldownSeconds,
        now,
        seen,
        `error-rate alarm ${event.alarmName} fired`,
      );
    case BreakerState.OPEN:
      // A disabled topic produces no data, so its alarm goes OK or INSUFFICIENT_DATA while OPEN:
      // that says nothing about the downstream. Only the timer (TICK) moves an OPEN breaker on.
      return unchanged(
        current,
        current.manual
          ? 'held open by an operator'
          : `open until ${current.reopen_at}; alarm ${event.alarmState} ignored`,
      );
    case BreakerState.HALF_OPEN:
      if (event.alarmState === AlarmState.ALARM) {
        const doubled = Math.min(current.cooldown_seconds * 2, policy.maxCooldownSeconds);
        return trip(
          current,
          Math.max(doubled, policy.baseCooldownSeconds),
          now,
          seen,
          `alarm ${event.alarmName} fired again on probation`,
        );
      }
      if (event.alarmState === AlarmState.OK) {
        return transition(
          current,
          { ...seen, state: BreakerState.CLOSED },
          now,
          `alarm ${event.alarmName} is OK on probation`,
        );
      }
      return unchanged(
        current,
        'on probation; INSUFFICIENT_DATA says nothing, waiting for OK or the probation timer',
      );
  }
}

function onTick(current: BreakerRecord, now: Date, policy: BreakerPolicy): BreakerDecision {
  if (current.state === BreakerState.OPEN) {
    if (current.manual) return unchanged(current, 'held open by an operator');
    if (current.reopen_at !== undefined && now.getTime() < Date.parse(current.reopen_at)) {
      return unchanged(current, `cooling down until ${current.reopen_at}`);
    }
    return transition(
      current,
      { state: BreakerState.HALF_OPEN, half_opened_at: now.toISOString() },
      now,
      `cool-down of ${current.cooldown_seconds} s over; mapping re-enabled on probation`,
    );
  }
  if (current.state === BreakerState.HALF_OPEN) {
    // The seed's breaker never re-closed because an idle topic's alarm stays INSUFFICIENT_DATA:
    // a probation without a new ALARM closes it. It lasts at least the alarm's evaluation window,
    // else a topic still failing would close before its alarm could fire again, and the next trip
    // would start over from the base cool-down instead of doubling it.
    const since = Date.parse(current.half_opened_at ?? current.updated_at);
    const probationSeconds = Math.max(current.cooldown_seconds, policy.probationSeconds ?? 0);
    const probationEnds = since + probationSeconds * 1000;
    if (Number.isFinite(since) && now.getTime() < probationEnds) {
      return unchanged(current, `on probation until ${new Date(probationEnds).toISOString()}`);
    }
    return transition(
      current,
      { state: BreakerState.CLOSED },
      now,
      'probation passed without an alarm',
    );
  }
  return unchanged(current, 'closed');
}

/**
 * The circuit breaker of one topic as a pure state machine (no I/O):
 * CLOSED → OPEN on the topic's error-rate ALARM (cool-down = base);
 * OPEN → HALF_OPEN on a TICK once the cool-down is over (the mapping is re-enabled);
 * HALF_OPEN → CLOSED on OK, or on a TICK once a probation passed (the longer of the cool-down
 *   and `probationSeconds`, the alarm's evaluation window);
 * HALF_OPEN → OPEN on ALARM with the cool-down doubled up to `maxCooldownSeconds`.
 * Operators open (held until they close) and close from any state. Notifications older than
 * the last one acted on are ignored, so duplicates and out-of-order deliveries are harmless.
 *
 * @example
 * const decision = decideTransition(undefined, 'engine-temperature',
 *   { kind: 'ALARM_STATE', alarmState: 'ALARM', changedAt: '2026-11-25T10:00:00.000Z', alarmName: 'a' },
 *   new Date('2026-11-25T10:00:05Z'), { baseCooldownSeconds: 300, maxCooldownSeconds: 3600 });
 * decision.next?.state; // 'OPEN'
 * decision.mapping;     // 'disabled'
 */
export function decideTransition(
  stored: BreakerRecord | undefined,
  topic: string,
  event: BreakerEvent,
  now: Date,
  policy: BreakerPolicy,
): BreakerDecision {
  const current = stored ?? initialRecord(topic, policy, now);
  switch (event.kind) {
    case 'ALARM_STATE':
      return onAlarmState(current, event, now, policy);
    case 'TICK':
      return onTick(current, now, policy);
    case 'MANUAL_OPEN': {
      if (current.state === BreakerState.OPEN && current.manual)
        return unchanged(current, 'already held open by an operator');
      const next = transition(
        current,
        { state: BreakerState.OPEN, manual: true, opened_at: now.toISOString() },
        now,
        `opened by ${event.by}${event.reason ? `: ${event.reason}` : ''}`,
      );
      if (next.next) delete next.next.reopen_at;
      return next;
    }
    case 'MANUAL_CLOSE':
      if (current.state === BreakerState.CLOSED) return unchanged(current, 'already closed');
      return transition(
        current,
        { state: BreakerState.CLOSED },
        now,
        `closed by ${event.by}${event.reason ? `: ${event.reason}` : ''}`,
      );
  }
}
