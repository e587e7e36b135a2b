import {
  BUCKET_NAME_PATTERN,
  DATABASE_NAME_PATTERN,
  DYNAMODB_TABLE_PATTERN,
  requireEnv,
} from '../common/config';

export interface CheckpointsConfig {
  checkpointTable: string;
  /** The topic registry (schema-registry table): which topics exist, for `plan`. */
  registryTable: string;
  rawDatabase: string;
  standardizedDatabase: string;
  curatedDatabase: string;
  /** Where orchestrator executions store what grows with the registry (executionState.ts). */
  stateBucket: string;
}

/** Reads and validates the environment at cold start (names in docs/naming.md). */
export function loadCheckpointsConfig(
  env: Record<string, string | undefined> = process.env,
): CheckpointsConfig {
  return {
    checkpointTable: requireEnv('CHECKPOINT_TABLE', env, DYNAMODB_TABLE_PATTERN),
    registryTable: requireEnv('REGISTRY_TABLE', env, DYNAMODB_TABLE_PATTERN),
    rawDatabase: requireEnv('RAW_DATABASE_NAME', env, DATABASE_NAME_PATTERN),
    standardizedDatabase: requireEnv('STANDARDIZED_DATABASE_NAME', env, DATABASE_NAME_PATTERN),
    curatedDatabase: requireEnv('CURATED_DATABASE_NAME', env, DATABASE_NAME_PATTERN),
    stateBucket: requireEnv('ORCHESTRATOR_STATE_BUCKET', env, BUCKET_NAME_PATTERN),
  };
}
