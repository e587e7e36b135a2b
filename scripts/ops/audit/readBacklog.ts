import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  QueueDoesNotExist,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { mapWithConcurrency } from '../../../lambdas/common/mapWithConcurrency';

/** Messages a queue still holds: waiting, received and not yet deleted, or delayed. */
const COUNTS = [
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
] as const;

export interface QueueBacklog {
  queue: string;
  /** null when the queue does not exist. */
  messages: number | null;
}

/** What the deployment's queues hold now: the topics' queues and the DLQs (docs/audit.md). */
export interface Backlog {
  /** topic → messages still in its queue (not in RAW yet: no cell can hold them). */
  topics: Record<string, QueueBacklog>;
  /** Dead letters the archiver has not taken: not in the DLQ index, so in no cell either. */
  deadLetterQueues: QueueBacklog[];
}

/**
 * Reads the backlog of every topic queue and both DLQs, 16 queues at a time (GetQueueUrl +
 * GetQueueAttributes each). The counts are SQS's approximations; a message counted here is
 * waiting, not lost.
 */
export async function readBacklog(
  sqs: SQSClient,
  topicQueues: Record<string, string>,
  deadLetterQueues: readonly string[],
): Promise<Backlog> {
  const read = async (queue: string): Promise<QueueBacklog> => {
    let url: string | undefined;
    try {
      url = (await sqs.send(new GetQueueUrlCommand({ QueueName: queue }))).QueueUrl;
    } catch (error) {
      if (
        error instanceof QueueDoesNotExist ||
        (error as Error).name === 'AWS.SimpleQueueService.NonExistentQueue'
      )
        return { queue, messages: null };
      throw error;
    }
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: [...COUNTS] }),
    );
    const messages = COUNTS.reduce((sum, name) => sum + Number(Attributes?.[name] ?? 0), 0);
    return { queue, messages };
  };
  const topics = Object.entries(topicQueues);
  const topicCounts = await mapWithConcurrency(topics, 16, ([, queue]) => read(queue));
  const dlqCounts = await mapWithConcurrency(deadLetterQueues, 2, read);
  return {
    topics: Object.fromEntries(
      topics.map(([topic], index) => [topic, topicCounts[index] as QueueBacklog]),
    ),
    deadLetterQueues: dlqCounts,
  };
}
