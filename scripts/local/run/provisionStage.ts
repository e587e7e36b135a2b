import { join } from 'node:path';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { RAW_ERRORS_TABLE, tableNameForTopic } from '../../../lambdas/common/naming';
import { provisionLocalMappings } from '../emulation/eventSourceMappings';
import {
  type ProvisionedQueues,
  provisionBuckets,
  provisionFirehose,
  provisionQueues,
} from '../provision';
import { provisionBreakerTable, provisionDlqIndexTable } from '../provisionTables';
import { topicsByStream } from './localStreams';
import { ensureRawTables } from './rawWriter';
import type { RunContext } from './runContext';

export interface ProvisionedRun {
  queues: ProvisionedQueues;
  /** The queue outside the topic prefix that UNKNOWN_TOPIC traffic goes to. */
  strayUrl: string;
  /** Queue name → its stream's processor's event source mapping on it. */
  mappingUuids: Map<string, string>;
}

/**
 * Everything `terraform apply` would create, on the local endpoint: a queue per topic and the
 * DLQ pair, the stray queue, buckets, a Firehose stream per stream of the assignment, the DLQ
 * index and breaker tables, each topic's event source mapping on its stream's processor and the
 * RAW Iceberg tables.
 */
export async function provisionRun(context: RunContext): Promise<ProvisionedRun> {
  const { clients, names, topics, env, streams } = context;
  context.stage(
    `provisioning ${topics.length} topics: queues + DLQ pair, buckets, ${streams.streams} Firehose stream(s) with a processor each, DynamoDB tables, event source mappings`,
  );
  const queues = await provisionQueues(
    clients.sqs,
    names,
    topics.map((topic) => ({ topic: topic.topic, fifo: topic.queue === 'fifo' })),
    { visibilityTimeoutSeconds: 30 },
  );
  const strayUrl =
    (await clients.sqs.send(new CreateQueueCommand({ QueueName: names.unregisteredFeedQueue })))
      .QueueUrl ?? '';
  await provisionBuckets(clients.s3, [names.archiveBucket, names.lakeBucket]);
  for (let stream = 0; stream < streams.streams; stream++)
    await provisionFirehose(clients.firehose, names, stream);
  await provisionDlqIndexTable(clients.dynamoDb, names.dlqIndexTable);
  await provisionBreakerTable(clients.dynamoDb, names.breakerTable);
  // Event source mappings live in moto (Lambda's control plane), which needs its own SQS view.
  const motoSqs = new SQSClient({
    region: 'us-east-1',
    endpoint: env.AWS_ENDPOINT_URL,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const fifo = new Map(topics.map((topic) => [topic.topic, topic.queue === 'fifo']));
  const mappingUuids = new Map<string, string>();
  for (const [stream, streamTopics] of topicsByStream(streams).entries()) {
    const uuids = await provisionLocalMappings({
      lambda: clients.lambda,
      motoSqs,
      motoEndpoint: env.AWS_ENDPOINT_URL as string,
      functionName: names.processorFunctionOf(stream),
      queueNames: streamTopics.map((topic) => names.queueName(topic, fifo.get(topic) ?? false)),
    });
    for (const [queue, uuid] of uuids) mappingUuids.set(queue, uuid);
  }
  return { queues, strayUrl, mappingUuids };
}

/** The RAW Iceberg table of every topic, created where missing. */
export async function provisionRawTables(context: RunContext): Promise<void> {
  const rawTables = await ensureRawTables(
    context.names.rawDatabase,
    // Every topic's table and raw_errors, as modules/catalog creates them.
    [...context.topics.map((topic) => tableNameForTopic(topic)), RAW_ERRORS_TABLE],
    context.warehouse,
    context.env,
    join(context.outDir, 'raw-tables.txt'),
  );
  context.stage(`RAW tables: ${rawTables.created} created, ${rawTables.existing} already there`);
}
