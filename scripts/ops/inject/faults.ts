/** Terminal states every published message must reach (docs/architecture.md §1). */
export const TerminalState = {
  CURATED: 'CURATED',
  DUPLICATE: 'DUPLICATE',
  CDE_REJECTED: 'CDE_REJECTED',
  DROPPED: 'DROPPED',
  DEAD_LETTERED: 'DEAD_LETTERED',
} as const;
export type TerminalState = (typeof TerminalState)[keyof typeof TerminalState];

/** What the generator did to a message on purpose. */
export const Fault = {
  NONE: 'NONE',
  NETWORK_DUPLICATE: 'NETWORK_DUPLICATE',
  CORRECTION: 'CORRECTION',
  LATE_ARRIVAL: 'LATE_ARRIVAL',
  DRIFT_NEW_FIELD: 'DRIFT_NEW_FIELD',
  DRIFT_WRONG_TYPE: 'DRIFT_WRONG_TYPE',
  NULL_CDE: 'NULL_CDE',
  MISSING_CDE: 'MISSING_CDE',
  MALFORMED_JSON: 'MALFORMED_JSON',
  NOT_AN_OBJECT: 'NOT_AN_OBJECT',
  OVERSIZED: 'OVERSIZED',
  UNKNOWN_TOPIC: 'UNKNOWN_TOPIC',
  DEAD_LETTER: 'DEAD_LETTER',
} as const;
export type Fault = (typeof Fault)[keyof typeof Fault];

export type FaultRates = Partial<Record<Exclude<Fault, 'NONE'>, number>>;

/** The embedded default: every fault at 3 % (the product's "every fault at ≥ 3%"). */
export const DEFAULT_FAULT_RATES: Required<FaultRates> = {
  NETWORK_DUPLICATE: 0.03,
  CORRECTION: 0.03,
  LATE_ARRIVAL: 0.03,
  DRIFT_NEW_FIELD: 0.03,
  DRIFT_WRONG_TYPE: 0.03,
  NULL_CDE: 0.03,
  MISSING_CDE: 0.03,
  MALFORMED_JSON: 0.03,
  NOT_AN_OBJECT: 0.03,
  OVERSIZED: 0.03,
  UNKNOWN_TOPIC: 0.03,
  DEAD_LETTER: 0.03,
};

/**
 * Marker the harness's fault proxy looks for in a Firehose record: such a record fails on every
 * attempt, so its message is retried until SQS dead-letters it. Lambdas never see the proxy.
 */
export const DEAD_LETTER_MARKER = '__lean_ops_fault_dead_letter__';

/** Faults that re-send an earlier message's dedup key. */
export const DERIVED_FAULTS: ReadonlySet<Fault> = new Set([
  Fault.NETWORK_DUPLICATE,
  Fault.CORRECTION,
  Fault.LATE_ARRIVAL,
]);
