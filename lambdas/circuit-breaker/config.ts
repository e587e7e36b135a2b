import {
  DYNAMODB_TABLE_PATTERN,
  integerEnv,
  QUEUE_NAME_PREFIX_PATTERN,
  requireEnv,
} from '../common/config';
import { shardedNames } from '../common/naming';

export interface BreakerConfig {
  breakerTable: string;
  queueNamePrefix: string;
  /** Stream 0's processor, `<name>-sqs-processor` (PROCESSOR_FUNCTION_NAME). */
  processorFunctionName: string;
  /** Every stream's processor: stream k > 0 is `<PROCESSOR_FUNCTION_NAME>-<k>` (PROCESSOR_STREAMS). */
  processorFunctionNames: string[];
  baseCooldownSeconds: number;
  maxCooldownSeconds: number;
  /** 0: probation as long as the cool-down (BreakerPolicy.probationSeconds). */
  probationSeconds: number;
  /**
   * This container's share of the breaker's Lambda control-plane budget (requests/s): the
   * function's CONTROL_PLANE_RPS divided by its reserved concurrency (BREAKER_CONCURRENCY), so
   * all containers together never exceed the budget (docs/decisions.md, "Breakers at fleet scale").
   */
  controlPlaneRequestsPerSecond: number;
}

/** Lambda function names (or ARNs, which the Lambda API also accepts). */
const FUNCTION_NAME_PATTERN = /^[a-zA-Z0-9_:.-]{1,140}$/;

/** Reads and validates the breaker's environment at cold start (names in docs/naming.md). */
export function loadBreakerConfig(
  env: Record<string, string | undefined> = process.env,
): BreakerConfig {
  const baseCooldownSeconds = integerEnv('COOLDOWN_SECONDS', 300, { min: 1, max: 86_400 }, env);
  const processorFunctionName = requireEnv('PROCESSOR_FUNCTION_NAME', env, FUNCTION_NAME_PATTERN);
  // one processor per Firehose stream, at most the 50 streams a region allows by default
  const streams = integerEnv('PROCESSOR_STREAMS', 1, { min: 1, max: 50 }, env);
  return {
    breakerTable: requireEnv('BREAKER_TABLE', env, DYNAMODB_TABLE_PATTERN),
    queueNamePrefix: requireEnv('QUEUE_NAME_PREFIX', env, QUEUE_NAME_PREFIX_PATTERN),
    processorFunctionName,
    processorFunctionNames: shardedNames(processorFunctionName, streams),
    baseCooldownSeconds,
    maxCooldownSeconds: integerEnv(
      'MAX_COOLDOWN_SECONDS',
      Math.max(3600, baseCooldownSeconds),
      { min: baseCooldownSeconds, max: 7 * 86_400 },
      env,
    ),
    // Terraform derives it from the error-rate alarm's settings (modules/observability)
    probationSeconds: integerEnv('PROBATION_SECONDS', 0, { min: 0, max: 86_400 }, env),
    // Lambda's control plane allows 15 requests/s per account and region, shared with deploys
    controlPlaneRequestsPerSecond:
      integerEnv('CONTROL_PLANE_RPS', 10, { min: 1, max: 15 }, env) /
      integerEnv('BREAKER_CONCURRENCY', 2, { min: 1, max: 100 }, env),
  };
}
