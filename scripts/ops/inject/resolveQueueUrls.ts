import { GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { mapWithConcurrency } from '../../../lambdas/common/mapWithConcurrency';
import type { DeploymentNames } from '../../../lambdas/common/naming';
import type { TopicSchema } from '../registry';
import { InjectError, MissingQueueError } from './errors';

/** Queue URLs of an injection: one per topic, plus the stray queue for UNKNOWN messages. */
export interface InjectQueues {
  /** topic → queue URL. */
  topics: Map<string, string>;
  stray?: string;
}

const MISSING = new Set(['QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue']);

/**
 * Looks up (never creates) the queue of every topic by its deployment name
 * (`<name>-topic-<topic>[.fifo]`, docs/naming.md) and, when `stray` is set, the stray queue.
 * Every missing queue is collected and reported at once by {@link MissingQueueError}; any other
 * failure (credentials, network) is thrown as an {@link InjectError} naming the queue.
 *
 * @example
 * const queues = await resolveQueueUrls(sqs, deploymentNames('lean-ops-dev'), topics, { stray: true });
 */
export async function resolveQueueUrls(
  sqs: SQSClient,
  names: DeploymentNames,
  topics: readonly TopicSchema[],
  options: { stray: boolean; deployment: string; concurrency?: number },
): Promise<InjectQueues> {
  const wanted: { topic?: string; queue: string }[] = topics.map((topic) => ({
    topic: topic.topic,
    queue: names.queueName(topic.topic, topic.queue === 'fifo'),
  }));
  if (options.stray) wanted.push({ queue: names.unregisteredFeedQueue });
  const urls = new Map<string, string>();
  const missing: string[] = [];
  await mapWithConcurrency(wanted, options.concurrency ?? 8, async ({ queue }) => {
    try {
      const response = await sqs.send(new GetQueueUrlCommand({ QueueName: queue }));
      if (!response.QueueUrl) missing.push(queue);
      else urls.set(queue, response.QueueUrl);
    } catch (error) {
      if (MISSING.has((error as { name?: string }).name ?? '')) missing.push(queue);
      else
        throw new InjectError(
          `cannot look up queue ${queue}: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
    }
  });
  if (missing.length > 0) {
    const order = new Map(wanted.map(({ queue }, index) => [queue, index]));
    missing.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
    throw new MissingQueueError(missing, options.deployment);
  }
  const result: InjectQueues = { topics: new Map() };
  for (const { topic, queue } of wanted) {
    const url = urls.get(queue) as string;
    if (topic === undefined) result.stray = url;
    else result.topics.set(topic, url);
  }
  return result;
}
