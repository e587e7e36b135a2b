/** The layers whose progress is checkpointed (docs/naming.md, checkpoints table). */
export const CheckpointLayer = {
  STANDARDIZED: 'standardized',
  CURATED: 'curated',
} as const;
export type CheckpointLayer = (typeof CheckpointLayer)[keyof typeof CheckpointLayer];

/** The `layer` value of the item holding a topic's pause flag. */
export const CONTROL_LAYER = 'control';

/** The `layer` value of the item the maintain job stamps (`maintained_at`, ISO-8601) per topic. */
export const MAINTENANCE_LAYER = 'maintenance';

/**
 * The `layer` value of the item counting a topic's consecutive failures per stage, written by the
 * Glue jobs (a topic that failed) and by the orchestrator (a run that died before it could say
 * which topic failed), cleared by the job when the topic next succeeds (docs/orchestration.md,
 * "Topic isolation"). Attributes per stage: `<stage>_failures` (N), `<stage>_failed_at` (S,
 * ISO-8601), `<stage>_error` (S); glue-jobs/lean_ops_glue/checkpoints.py writes the same ones.
 */
export const FAILURES_LAYER = 'failures';
/** The stages whose failures are counted apart: a success of one does not clear the other. */
export const FAILURE_STAGES = ['standardize', 'curate'] as const;
export type FailureStage = (typeof FAILURE_STAGES)[number];
export function failureAttributes(stage: FailureStage) {
  return {
    count: `${stage}_failures`,
    failedAt: `${stage}_failed_at`,
    error: `${stage}_error`,
  } as const;
}

/**
 * One Iceberg snapshot: the id stays a string because snapshot ids are 64-bit and do not fit a
 * JS number; the sequence number is the monotonic value checkpoints are compared on.
 */
export interface SnapshotRef {
  snapshotId: string;
  sequenceNumber: number;
}

/** What a compare-and-set did (the same four outcomes as tests/fixtures/checkpoints/cases.json). */
export const CheckpointWriteOutcome = {
  /** The stored checkpoint was what the writer read, and it moved forward to the proposal. */
  WRITTEN: 'written',
  /** The stored checkpoint already is the proposal (a retried or duplicate write): nothing to do. */
  UNCHANGED: 'unchanged',
  /** Another writer moved the checkpoint since this writer read it: this writer lost. */
  STALE: 'stale',
  /** The proposal is not after what the writer read: a checkpoint never moves backwards. */
  BACKWARDS: 'backwards',
} as const;
export type CheckpointWriteOutcome =
  (typeof CheckpointWriteOutcome)[keyof typeof CheckpointWriteOutcome];
