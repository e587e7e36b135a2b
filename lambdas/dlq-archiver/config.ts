import {
  BUCKET_NAME_PATTERN,
  DYNAMODB_TABLE_PATTERN,
  integerEnv,
  QUEUE_NAME_PREFIX_PATTERN,
  requireEnv,
} from '../common/config';

export interface ArchiverConfig {
  archiveBucket: string;
  indexTable: string;
  queueNamePrefix: string;
  /** The archive bucket's lifecycle expiry of dlq/ objects (0: they never expire). */
  archiveExpirationDays: number;
}

/** Reads and validates the archiver's environment at cold start (names in docs/naming.md). */
export function loadArchiverConfig(
  env: Record<string, string | undefined> = process.env,
): ArchiverConfig {
  return {
    archiveBucket: requireEnv('ARCHIVE_BUCKET', env, BUCKET_NAME_PATTERN),
    indexTable: requireEnv('ERROR_INDEX_TABLE', env, DYNAMODB_TABLE_PATTERN),
    queueNamePrefix: requireEnv('QUEUE_NAME_PREFIX', env, QUEUE_NAME_PREFIX_PATTERN),
    // Terraform passes archive_retention.expiration_days, the same figure as the lifecycle rule
    archiveExpirationDays: integerEnv('ARCHIVE_EXPIRATION_DAYS', 0, { min: 0, max: 36_500 }, env),
  };
}
