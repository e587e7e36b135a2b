import { LeanOpsError } from '../common/errors';

/** Base of the checkpoints Lambda's errors; Step Functions sees `name` as the error to match. */
export class CheckpointsError extends LeanOpsError {}

/** The state machine sent a request this Lambda does not understand (a definition bug). */
export class InvalidRequestError extends CheckpointsError {
  constructor(readonly problem: string) {
    super(`invalid checkpoints request: ${problem}`);
  }
}

/** A table's Iceberg metadata could not be located or read. */
export class SnapshotReadError extends CheckpointsError {
  constructor(
    readonly database: string,
    readonly table: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot read the current snapshot of ${database}.${table}: ${problem}`, options);
  }
}
