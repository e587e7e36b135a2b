import {
  BUCKET_NAME_PATTERN,
  DYNAMODB_TABLE_PATTERN,
  QUEUE_NAME_PREFIX_PATTERN,
  requireEnv,
} from '../common/config';

export interface ArchiverConfig {
  archiveBucket: string;
  indexTable: string;
  queueNamePrefix: string;
}

/** Reads and validates the archiver's environment at cold start (names in docs/naming.md). */
export function loadArchiverConfig(
  env: Record<string, string | undefined> = process.env,
): ArchiverConfig {
  return {
    archiveBucket: requireEnv('ARCHIVE_BUCKET', env, BUCKET_NAME_PATTERN),
    indexTable: requireEnv('ERROR_INDEX_TABLE', env, DYNAMODB_TABLE_PATTERN),
    queueNamePrefix: requireEnv('QUEUE_NAME_PREFIX', env, QUEUE_NAME_PREFIX_PATTERN),
  };
}
