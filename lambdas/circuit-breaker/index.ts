import { documentClient } from '../common/clients/dynamoDb';
import { lambdaClient } from '../common/clients/lambda';
import { createLogger } from '../common/observability';
import { RatePacer } from '../common/RatePacer';
import { BreakerStore } from './BreakerStore';
import { loadBreakerConfig } from './config';
import { CircuitBreakerError } from './errors';
import { classifyTrigger, handleBreakerEvent } from './handleBreakerEvent';
import { TopicMappings } from './TopicMappings';

// Cold start: a missing or malformed variable fails the init, naming the variable.
const config = loadBreakerConfig();
const logger = createLogger('circuit-breaker');
const store = new BreakerStore(documentClient(), config.breakerTable);
/**
 * One listing per container, shared by the invocations it serves (a notification then costs one
 * UpdateEventSourceMapping), refreshed every minute so changes made elsewhere are seen; every
 * call paced to this container's share of the control-plane budget.
 */
const mappings = new TopicMappings(
  lambdaClient(),
  config.processorFunctionNames,
  config.queueNamePrefix,
  { pacer: new RatePacer(config.controlPlaneRequestsPerSecond), cacheTtlMs: 60_000 },
);

export const handler = async (
  event: unknown,
  context?: { getRemainingTimeInMillis?: () => number },
): Promise<{ changed: number; ignored: number; failed: number; deferred: number }> => {
  const callsBefore = mappings.calls;
  const result = await handleBreakerEvent(classifyTrigger(event), config.queueNamePrefix, {
    store,
    mappings,
    remainingMs: context?.getRemainingTimeInMillis?.bind(context),
    policy: {
      baseCooldownSeconds: config.baseCooldownSeconds,
      maxCooldownSeconds: config.maxCooldownSeconds,
      probationSeconds: config.probationSeconds,
    },
  });
  for (const outcome of result.outcomes) {
    const { record: _record, ...fields } = outcome;
    if (outcome.changed) logger.warn('BREAKER_TRANSITION', fields);
    else logger.info('BREAKER_UNCHANGED', fields);
    if (outcome.mapping === 'missing')
      logger.error('NO_EVENT_SOURCE_MAPPING', {
        topic: outcome.topic,
        functionNames: config.processorFunctionNames,
      });
  }
  for (const reason of result.ignored) logger.info('IGNORED', { reason });
  if (result.deferred.length > 0)
    logger.warn('TICK_DEFERRED', { deferred: result.deferred.length, first: result.deferred[0] });
  logger.info('CONTROL_PLANE_CALLS', {
    calls: mappings.calls - callsBefore,
    throttledSoFar: mappings.throttled,
  });
  for (const reason of result.warnings) logger.warn('FUTURE_STATE_CHANGE_TIME', { reason });
  if (result.failures.size > 0) {
    for (const [topic, error] of result.failures) logger.error('BREAKER_FAILED', { topic, error });
    // Fail the invocation: Lambda retries the async event, and transitions are idempotent.
    throw new CircuitBreakerError(`breaker failed for ${[...result.failures.keys()].join(', ')}`);
  }
  return {
    changed: result.outcomes.filter((outcome) => outcome.changed).length,
    ignored: result.ignored.length,
    failed: 0,
    deferred: result.deferred.length,
  };
};
