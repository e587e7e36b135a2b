import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

/** Namespace of every lean-ops metric (docs/naming.md). */
export const METRICS_NAMESPACE = 'LeanOps';

/** Longest payload excerpt ever written to a log line: payloads are never logged in full. */
export const LOG_EXCERPT_CHARS = 256;

/**
 * Structured JSON logger for one component (Powertools); level from POWERTOOLS_LOG_LEVEL.
 *
 * @example
 * const logger = createLogger('sqs-processor');
 */
export function createLogger(serviceName: string): Logger {
  return new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? serviceName });
}

/** CloudWatch EMF metrics for one component (Powertools). */
export function createMetrics(serviceName: string): Metrics {
  return new Metrics({
    namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? METRICS_NAMESPACE,
    serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? serviceName,
  });
}

/** The first LOG_EXCERPT_CHARS characters of a payload, marked when cut. */
export function excerpt(payload: string): string {
  return payload.length <= LOG_EXCERPT_CHARS ? payload : `${payload.slice(0, LOG_EXCERPT_CHARS)}…`;
}
