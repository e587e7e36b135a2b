/** Breaker states (docs/naming.md, breaker table). */
export const BreakerState = {
  /** The topic's event source mapping is enabled; no trip in progress. */
  CLOSED: 'CLOSED',
  /** The mapping is disabled: the topic's messages wait in its queue, no retries are burnt. */
  OPEN: 'OPEN',
  /** The cool-down is over: the mapping is enabled again on probation. */
  HALF_OPEN: 'HALF_OPEN',
} as const;
export type BreakerState = (typeof BreakerState)[keyof typeof BreakerState];

/** CloudWatch alarm states as SNS notifications carry them in `NewStateValue`. */
export const AlarmState = {
  ALARM: 'ALARM',
  OK: 'OK',
  INSUFFICIENT_DATA: 'INSUFFICIENT_DATA',
} as const;
export type AlarmState = (typeof AlarmState)[keyof typeof AlarmState];

/** Transitions retried after losing a conditional write to a concurrent writer. */
export const MAX_WRITE_ATTEMPTS = 4;
