import { RESERVED_TABLE_NAMES, tableNameForTopic } from './tables';
import { TOPIC_NAME_PATTERN } from './topics';

/** SQS requires FIFO queue names to end in `.fifo`. */
export const FIFO_QUEUE_SUFFIX = '.fifo';

/** SQS queue names are at most 80 characters (the suffix `.fifo` included). */
export const MAX_QUEUE_NAME_LENGTH = 80;

/** Queue kind of a topic: FIFO queues get the `.fifo` suffix and keep order per message group. */
export type QueueKind = 'standard' | 'fifo';

/**
 * The queue-name prefix of a deployment `<name>` (`<project>-<env>`): `<name>-topic-`.
 *
 * @example
 * queuePrefixFor('lean-ops-prod'); // 'lean-ops-prod-topic-'
 */
export function queuePrefixFor(deploymentName: string): string {
  return `${deploymentName}-topic-`;
}

/**
 * The SQS queue name of a topic under a prefix `<name>-topic-` (docs/naming.md); FIFO topics add
 * `.fifo`.
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

/** Whether a queue name, URL or ARN is a FIFO queue's. */
export function isFifoQueue(queueNameUrlOrArn: string): boolean {
  return queueNameUrlOrArn.endsWith(FIFO_QUEUE_SUFFIX);
}

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
  const fifo = isFifoQueue(queueName);
  const topic = queueName.slice(
    queueNamePrefix.length,
    fifo ? -FIFO_QUEUE_SUFFIX.length : undefined,
  );
  if (!TOPIC_NAME_PATTERN.test(topic)) {
    return { kind: 'unknown', queueName, reason: `"${topic}" is not a valid topic name` };
  }
  if (RESERVED_TABLE_NAMES.includes(tableNameForTopic(topic))) {
    // The linter forbids such topics; a stray queue must not write data into a shared table.
    return {
      kind: 'unknown',
      queueName,
      reason: `"${topic}" maps onto the reserved table ${tableNameForTopic(topic)}`,
    };
  }
  return { kind: 'topic', topic, fifo, queueName };
}
