import type { AlarmState, BreakerState } from './constants';

/** One topic's breaker item (docs/naming.md); times are ISO-8601 UTC. */
export interface BreakerRecord {
  topic: string;
  state: BreakerState;
  /** Incremented by every transition; each write is conditional on the version it read. */
  version: number;
  /** Automatic trips so far (CLOSED/HALF_OPEN → OPEN on an alarm). */
  trips: number;
  /** The current (OPEN) or last cool-down; doubled on a re-trip from HALF_OPEN, up to the cap. */
  cooldown_seconds: number;
  opened_at?: string;
  /** When an automatic OPEN turns HALF_OPEN; absent while an operator holds it open. */
  reopen_at?: string;
  half_opened_at?: string;
  /** Opened by an operator: only an operator closes it, the timer never reopens it. */
  manual?: boolean;
  /** StateChangeTime of the latest alarm notification acted on; older ones are stale. */
  last_alarm_change_at?: string;
  updated_at: string;
  /** Why the last transition happened, for `lean-ops breaker status`. */
  reason: string;
}

/** What can happen to a topic's breaker. */
export type BreakerEvent =
  | { kind: 'ALARM_STATE'; alarmState: AlarmState; changedAt: string; alarmName: string }
  | { kind: 'TICK' }
  | { kind: 'MANUAL_OPEN'; by: string; reason?: string }
  | { kind: 'MANUAL_CLOSE'; by: string; reason?: string };

export interface BreakerPolicy {
  baseCooldownSeconds: number;
  maxCooldownSeconds: number;
  /**
   * The least time a HALF_OPEN breaker waits for its alarm before closing on the timer: the
   * error-rate alarm's evaluation window (periods x period, plus one period for the metrics to
   * arrive), so a topic still failing can alarm again and re-trip with a doubled cool-down.
   * Absent: the cool-down alone.
   */
  probationSeconds?: number;
}

/** The event source mapping state a breaker state requires. */
export type MappingTarget = 'enabled' | 'disabled';

/**
 * The state machine's answer: a new record to write (conditionally on `current.version`) or
 * none, and in both cases the mapping state the topic must have (so every event also repairs a
 * mapping an earlier failed update left behind).
 */
export interface BreakerDecision {
  next: BreakerRecord | undefined;
  mapping: MappingTarget;
  /** Why, in words an operator reads in the log. */
  reason: string;
}
