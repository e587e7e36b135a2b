import { TOPIC_NAME_PATTERN } from './registry/constants';

/** Topic names as ARCHITECTURE §3 defines them (SQS queue names allow no dots): the registry's rule. */
export const TOPIC_PATTERN = TOPIC_NAME_PATTERN;

const FIFO_SUFFIX = '.fifo';

/** Where a queue ARN points: a registered-looking topic, or outside our prefix. */
export type QueueTopic =
  | { kind: 'topic'; topic: string; fifo: boolean; queueName: string }
  | { kind: 'unknown'; queueName: string; reason: string };

/**
 * Derives the topic from an SQS queue ARN by cutting the configured prefix off the queue name,
 * exactly (never by splitting on `-`: `order-events` stays `order-events`), and `.fifo` off FIFO
 * queues. Anything else is unknown.
 *
 * @example
 * topicFromQueueArn('arn:aws:sqs:eu-west-1:123456789012:lean-ops-dev-topic-order-events.fifo', 'lean-ops-dev-topic-');
 * // → { kind: 'topic', topic: 'order-events', fifo: true, queueName: 'lean-ops-dev-topic-order-events.fifo' }
 */
export function topicFromQueueArn(queueArn: string, queueNamePrefix: string): QueueTopic {
  const parts = queueArn.split(':');
  const queueName =
    parts.length === 6 && parts[0] === 'arn' && parts[2] === 'sqs' ? (parts[5] ?? '') : '';
  if (queueName === '') {
    return { kind: 'unknown', queueName: queueArn, reason: 'not an SQS queue ARN' };
  }
  if (!queueName.startsWith(queueNamePrefix)) {
    return { kind: 'unknown', queueName, reason: `queue is outside the prefix ${queueNamePrefix}` };
  }
  const fifo = queueName.endsWith(FIFO_SUFFIX);
  const topic = queueName.slice(queueNamePrefix.length, fifo ? -FIFO_SUFFIX.length : undefined);
  if (!TOPIC_PATTERN.test(topic)) {
    return { kind: 'unknown', queueName, reason: `"${topic}" is not a valid topic name` };
  }
  return { kind: 'topic', topic, fifo, queueName };
}
