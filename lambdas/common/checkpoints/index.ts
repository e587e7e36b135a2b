export { type CheckpointItem, checkpointItem, snapshotFromItem } from './checkpointItem';
export { type CompareAndSetRequest, compareAndSetCheckpoint } from './compareAndSetCheckpoint';
export { type CheckpointWriteAttempt, decideCheckpointWrite } from './decideCheckpointWrite';
export { BackwardsCheckpointError, CheckpointError, StaleCheckpointError } from './errors';
export { sameSnapshot } from './sameSnapshot';
export {
  CheckpointLayer,
  CheckpointWriteOutcome,
  CONTROL_LAYER,
  FAILURE_STAGES,
  FAILURES_LAYER,
  type FailureStage,
  failureAttributes,
  MAINTENANCE_LAYER,
  type SnapshotRef,
} from './types';
