import { ConfigError } from './errors';

type Env = Record<string, string | undefined>;

/**
 * Reads a required, non-blank environment variable; `pattern` rejects malformed values.
 *
 * @example
 * const streamName = requireEnv('FIREHOSE_STREAM_NAME', process.env, /^[a-zA-Z0-9_.-]{1,64}$/);
 */
export function requireEnv(name: string, env: Env = process.env, pattern?: RegExp): string {
  const value = env[name]?.trim();
  if (value === undefined || value === '') {
    throw new ConfigError(name, 'is required but not set');
  }
  if (pattern !== undefined && !pattern.test(value)) {
    throw new ConfigError(
      name,
      `has malformed value ${JSON.stringify(value)} (expected ${pattern})`,
    );
  }
  return value;
}

/** Reads an optional string variable, falling back to `fallback` when unset or blank. */
export function optionalEnv(
  name: string,
  fallback: string,
  env: Env = process.env,
  pattern?: RegExp,
): string {
  const value = env[name]?.trim();
  if (value === undefined || value === '') return fallback;
  return requireEnv(name, env, pattern);
}

/**
 * Reads an optional integer variable within [min, max].
 *
 * @example
 * const margin = integerEnv('SAFETY_MARGIN_MS', 3000, { min: 0, max: 60_000 });
 */
export function integerEnv(
  name: string,
  fallback: number,
  bounds: { min: number; max: number },
  env: Env = process.env,
): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^-?\d+$/.test(raw)) {
    throw new ConfigError(name, `must be an integer, got ${JSON.stringify(raw)}`);
  }
  const value = Number(raw);
  if (value < bounds.min || value > bounds.max) {
    throw new ConfigError(name, `must be between ${bounds.min} and ${bounds.max}, got ${value}`);
  }
  return value;
}

/** SQS queue-name prefixes: queue-name characters only, so a topic can be cut off exactly. */
export const QUEUE_NAME_PREFIX_PATTERN = /^[A-Za-z0-9_-]{1,60}$/;
/** Firehose stream names. */
export const STREAM_NAME_PATTERN = /^[a-zA-Z0-9_.-]{1,64}$/;
/** S3 bucket names. */
export const BUCKET_NAME_PATTERN = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** Glue database names. */
export const DATABASE_NAME_PATTERN = /^[a-z0-9_]{1,255}$/;
/** DynamoDB table names. */
export const DYNAMODB_TABLE_PATTERN = /^[a-zA-Z0-9_.-]{3,255}$/;
