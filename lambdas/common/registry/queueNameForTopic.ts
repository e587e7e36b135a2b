import { FIFO_QUEUE_SUFFIX } from './constants';
import type { QueueKind } from './types';

/**
 * The SQS queue name of a topic under a prefix `<project>-<env>-topic-` (docs/naming.md);
 * FIFO topics add `.fifo`.
 *
 * @example
 * queueNameForTopic('lean-ops-dev-topic-', { topic: 'door-events', queue: 'fifo' });
 * // 'lean-ops-dev-topic-door-events.fifo'
 */
export function queueNameForTopic(
  prefix: string,
  topic: { topic: string; queue: QueueKind },
): string {
  return `${prefix}${topic.topic}${topic.queue === 'fifo' ? FIFO_QUEUE_SUFFIX : ''}`;
}

/**
 * The queue-name prefix of an environment: `<project>-<environment>-topic-`.
 *
 * @example
 * queuePrefixFor('lean-ops', 'prod'); // 'lean-ops-prod-topic-'
 */
export function queuePrefixFor(project: string, environment: string): string {
  return `${project}-${environment}-topic-`;
}
