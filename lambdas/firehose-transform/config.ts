import { DATABASE_NAME_PATTERN, optionalEnv, requireEnv } from '../common/config';
import { RAW_ERRORS_TABLE } from '../common/naming';

export interface TransformConfig {
  rawDatabaseName: string;
  rawErrorsTable: string;
}

/** Reads and validates the transform's environment at cold start (docs/naming.md). */
export function loadTransformConfig(
  env: Record<string, string | undefined> = process.env,
): TransformConfig {
  return {
    rawDatabaseName: requireEnv('RAW_DATABASE_NAME', env, DATABASE_NAME_PATTERN),
    rawErrorsTable: optionalEnv('RAW_ERRORS_TABLE', RAW_ERRORS_TABLE, env, /^[a-z0-9_]{1,255}$/),
  };
}
