import {
  CreateDeliveryStreamCommand,
  type FirehoseClient,
  ResourceInUseException,
} from '@aws-sdk/client-firehose';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { ResourceNames } from '../../lambdas/common/naming';
import { queueArn } from './localDeployment';

/** What the processor's queues need to know about a topic. */
export interface QueueTopicSpec {
  topic: string;
  fifo: boolean;
}

export interface ProvisionedQueues {
  dlqStandardUrl: string;
  dlqFifoUrl: string;
  /** topic → queue URL and ARN. */
  topics: Map<string, { url: string; arn: string; fifo: boolean }>;
}

/** maxReceiveCount of every topic queue: ≥ 5 so throttled receives never dead-letter healthy messages. */
export const MAX_RECEIVE_COUNT = 5;

async function createQueue(
  sqs: SQSClient,
  name: string,
  attributes: Record<string, string>,
): Promise<string> {
  const response = await sqs.send(
    new CreateQueueCommand({ QueueName: name, Attributes: attributes }),
  );
  if (response.QueueUrl) return response.QueueUrl;
  const existing = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
  return existing.QueueUrl ?? '';
}

/**
 * Creates the centralized DLQ pair and one queue per topic with a redrive policy to the DLQ of
 * its kind (a FIFO queue can only dead-letter to a FIFO queue), as the messaging module does.
 */
export async function provisionQueues(
  sqs: SQSClient,
  names: ResourceNames,
  topics: readonly QueueTopicSpec[],
  options: { maxReceiveCount?: number; visibilityTimeoutSeconds?: number } = {},
): Promise<ProvisionedQueues> {
  const dlqStandardUrl = await createQueue(sqs, names.dlqStandard, {
    MessageRetentionPeriod: '1209600',
  });
  const dlqFifoUrl = await createQueue(sqs, names.dlqFifo, {
    FifoQueue: 'true',
    MessageRetentionPeriod: '1209600',
  });
  const result: ProvisionedQueues = { dlqStandardUrl, dlqFifoUrl, topics: new Map() };
  for (const { topic, fifo } of topics) {
    const name = names.queueName(topic, fifo);
    const redrive = JSON.stringify({
      deadLetterTargetArn: queueArn(fifo ? names.dlqFifo : names.dlqStandard),
      maxReceiveCount: options.maxReceiveCount ?? MAX_RECEIVE_COUNT,
    });
    const attributes: Record<string, string> = {
      RedrivePolicy: redrive,
      VisibilityTimeout: String(options.visibilityTimeoutSeconds ?? 30),
      ...(fifo ? { FifoQueue: 'true', ContentBasedDeduplication: 'false' } : {}),
    };
    const url = await createQueue(sqs, name, attributes);
    result.topics.set(topic, { url, arn: queueArn(name), fifo });
  }
  return result;
}

export async function provisionBuckets(s3: S3Client, buckets: readonly string[]): Promise<void> {
  for (const bucket of buckets) {
    try {
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw error;
    }
  }
}

/** Firehose's S3 staging prefix locally: moto writes one object per PutRecordBatch call there. */
export const FIREHOSE_LOCAL_PREFIX = 'firehose-raw/';

/**
 * Firehose stream `stream` (0: `<name>-raw`). Locally it is an ExtendedS3 stream into the archive
 * bucket (moto cannot deliver to Iceberg); FirehoseDelivery then plays Firehose's transform +
 * Iceberg routing.
 */
export async function provisionFirehose(
  firehose: FirehoseClient,
  names: ResourceNames,
  stream = 0,
): Promise<void> {
  try {
    await firehose.send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: names.firehoseStreamOf(stream),
        DeliveryStreamType: 'DirectPut',
        ExtendedS3DestinationConfiguration: {
          BucketARN: `arn:aws:s3:::${names.archiveBucket}`,
          RoleARN: 'arn:aws:iam::000000000000:role/local-firehose',
          Prefix: FIREHOSE_LOCAL_PREFIX,
        },
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
}
