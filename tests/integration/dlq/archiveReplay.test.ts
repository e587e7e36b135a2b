import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { jest } from '@jest/globals';
import type { SQSEvent } from 'aws-lambda';
import { lambdaEnvironment, resourceNames } from '../../../lambdas/common/naming';
import { archiveDeadLetters } from '../../../scripts/local/emulation/archiveDeadLetters';
import { FirehoseDelivery } from '../../../scripts/local/emulation/firehoseDelivery';
import { LocalLambda } from '../../../scripts/local/emulation/LocalLambda';
import { SqsEventSource } from '../../../scripts/local/emulation/sqsEventSource';
import { LOCAL_ACCOUNT, queueArn } from '../../../scripts/local/localDeployment';
import {
  FIREHOSE_LOCAL_PREFIX,
  provisionBuckets,
  provisionFirehose,
  provisionQueues,
} from '../../../scripts/local/provision';
import { provisionDlqIndexTable } from '../../../scripts/local/provisionTables';
import { UnregisteredTopicError } from '../../../scripts/ops/dlq/errors';
import { listDeadLetters } from '../../../scripts/ops/dlq/listDeadLetters';
import { registeredTopics } from '../../../scripts/ops/dlq/registeredTopics';
import { type ReplayOptions, replayDeadLetters } from '../../../scripts/ops/dlq/replayDeadLetters';
import type { ReplayableItem } from '../../../scripts/ops/dlq/types';
import { repoRoot } from '../../../scripts/ops/repoRoot';
import { endpointEnv, localClients, uniqueName } from '../../harness/localAws';

// Dead letter → archive → replay → RAW, against the local endpoint with the BUILT bundles:
// ElasticMQ redrives after maxReceiveCount (5) and sets DeadLetterQueueSourceArn; the archiver
// stores to moto S3 + DynamoDB; the replay sends back through the real sqs-processor.

// Each test drives several Lambda containers and up to eight redrive polls.
jest.setTimeout(60_000);

const deploymentName = uniqueName('dlq');
const names = resourceNames(deploymentName, LOCAL_ACCOUNT);
const clients = localClients();
const documentClient = DynamoDBDocumentClient.from(clients.dynamoDb, {
  marshallOptions: { removeUndefinedValues: true },
});
const spoolDir = join(tmpdir(), `${names.firehoseStream}-spool`);
const registryDir = join(repoRoot(), 'schemas', 'topics');
const lambdas: LocalLambda[] = [];

let queues: Awaited<ReturnType<typeof provisionQueues>>;
let brokenProcessor: LocalLambda;
let processor: LocalLambda;
let archiver: LocalLambda;
let delivery: FirehoseDelivery;

function startLambda(name: string, env: Record<string, string>, timeoutMs = 10_000): LocalLambda {
  const lambda = new LocalLambda({
    name,
    env: { ...endpointEnv(), POWERTOOLS_LOG_LEVEL: 'WARN', ...env },
    timeoutMs,
  });
  lambdas.push(lambda);
  return lambda;
}

function processorEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    ...lambdaEnvironment('sqs-processor', names),
    SAFETY_MARGIN_MS: '500',
    ...overrides,
  };
}

function replayOptions(overrides: Partial<ReplayOptions> = {}): ReplayOptions {
  return {
    indexTable: names.dlqIndexTable,
    archiveBucket: names.archiveBucket,
    queueNamePrefix: names.queueNamePrefix,
    registered: registeredTopics(registryDir),
    registryDir,
    topics: [],
    messageIds: [],
    force: false,
    dryRun: false,
    ...overrides,
  };
}

const replayDeps = () => ({ sqs: clients.sqs, s3: clients.s3, documentClient });

function topicSource(topic: string, lambda: LocalLambda): SqsEventSource {
  const queue = queues.topics.get(topic);
  if (!queue) throw new Error(`no queue for ${topic}`);
  return new SqsEventSource({
    sqs: clients.sqs,
    queueUrl: queue.url,
    queueArn: queue.arn,
    lambda,
    batchSize: 10,
  });
}

/** Polls with a processor that cannot reach Firehose until the endpoint has dead-lettered everything. */
async function failUntilDeadLettered(topic: string): Promise<void> {
  const source = topicSource(topic, brokenProcessor);
  for (let round = 0; round < 8; round++) await source.pollOnce();
}

async function drain(source: SqsEventSource): Promise<void> {
  for (let idle = 0; idle < 2; ) idle = (await source.pollOnce()).received === 0 ? idle + 1 : 0;
}

async function indexItems(topic: string): Promise<ReplayableItem[]> {
  const response = await documentClient.send(
    new QueryCommand({
      TableName: names.dlqIndexTable,
      KeyConditionExpression: 'topic = :t',
      ExpressionAttributeValues: { ':t': topic },
      ConsistentRead: true,
    }),
  );
  return (response.Items ?? []) as ReplayableItem[];
}

function landedEnvelopes(): Record<string, unknown>[] {
  const envelopes: Record<string, unknown>[] = [];
  const database = join(spoolDir, names.rawDatabase);
  if (!existsSync(database)) return envelopes;
  for (const table of readdirSync(database)) {
    for (const file of readdirSync(join(database, table))) {
      for (const line of readFileSync(join(database, table, file), 'utf8').split('\n')) {
        if (line !== '') envelopes.push({ ...JSON.parse(line), table });
      }
    }
  }
  return envelopes;
}

async function queueDepth(url: string): Promise<number> {
  const attributes = await clients.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(attributes.Attributes?.ApproximateNumberOfMessages ?? 0) +
    Number(attributes.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
}

beforeAll(async () => {
  queues = await provisionQueues(clients.sqs, names, [
    { topic: 'engine-temperature', fifo: false },
    { topic: 'door-events', fifo: true },
    { topic: 'gps-position', fifo: false },
  ]);
  await provisionBuckets(clients.s3, [names.archiveBucket]);
  await provisionFirehose(clients.firehose, names);
  await provisionDlqIndexTable(clients.dynamoDb, names.dlqIndexTable);
  brokenProcessor = startLambda(
    'sqs-processor',
    processorEnv({ AWS_ENDPOINT_URL_FIREHOSE: 'http://127.0.0.1:9', AWS_MAX_ATTEMPTS: '1' }),
    2_500,
  );
  processor = startLambda('sqs-processor', processorEnv());
  archiver = startLambda('dlq-archiver', lambdaEnvironment('dlq-archiver', names));
  const transform = startLambda(
    'firehose-transform',
    lambdaEnvironment('firehose-transform', names),
  );
  delivery = new FirehoseDelivery({
    s3: clients.s3,
    bucket: names.archiveBucket,
    prefix: FIREHOSE_LOCAL_PREFIX,
    transform,
    spoolDir,
  });
});

afterAll(async () => {
  await Promise.all(lambdas.map((lambda) => lambda.stop()));
  rmSync(spoolDir, { recursive: true, force: true });
});

describe('dead letters on the local endpoint', () => {
  it('archives a message redriven after maxReceiveCount, replays it to its queue, and it lands in RAW; a second replay sends nothing', async () => {
    // Prepare: a message the processor cannot deliver until the endpoint dead-letters it.
    const body = JSON.stringify({
      device_id: 'e-9',
      measured_at: '2026-11-25T10:00:00Z',
      engine: { coolant_c: 97.5 },
      note: 'ü東',
    });
    const queue = queues.topics.get('engine-temperature');
    const sent = await clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: queue?.url,
        MessageBody: body,
        MessageAttributes: { trace: { DataType: 'String', StringValue: 't-42' } },
      }),
    );
    await failUntilDeadLettered('engine-temperature');

    // Act 1: the archiver drains the DLQ pair.
    const archived = await archiveDeadLetters({
      sqs: clients.sqs,
      archiver,
      dlqStandard: { url: queues.dlqStandardUrl, name: names.dlqStandard },
      dlqFifo: { url: queues.dlqFifoUrl, name: names.dlqFifo },
    });

    // Assess 1: one archive object and one ARCHIVED index item; the DLQ is empty.
    expect(archived).toMatchObject({ archived: 1, failed: 0, invocationErrors: [] });
    expect(await queueDepth(queues.dlqStandardUrl)).toBe(0);
    const [item] = await indexItems('engine-temperature');
    expect(item).toMatchObject({
      message_id: sent.MessageId,
      status: 'ARCHIVED',
      error_code: 'DEAD_LETTERED',
      source_queue_arn: queue?.arn,
    });
    expect(item?.receive_count).toBeGreaterThanOrEqual(5);
    expect(item?.archive_key).toMatch(
      new RegExp(`^dlq/topic=engine-temperature/dt=\\d{4}-\\d{2}-\\d{2}/${sent.MessageId}\\.json$`),
    );
    const object = await clients.s3.send(
      new GetObjectCommand({ Bucket: names.archiveBucket, Key: item?.archive_key }),
    );
    const document = JSON.parse((await object.Body?.transformToString()) ?? '{}');
    expect(document).toMatchObject({
      body,
      sha256: item?.sha256,
      message_attributes: { trace: { dataType: 'String', stringValue: 't-42' } },
    });

    // Act 2: replay the topic, then let the healthy processor and Firehose deliver it.
    const report = await replayDeadLetters(
      replayOptions({ topics: ['engine-temperature'] }),
      replayDeps(),
    );
    await drain(topicSource('engine-temperature', processor));
    await delivery.deliverPending();

    // Assess 2: marked REPLAYED; the copy landed in RAW under the ORIGINAL message id (the
    // processor reads lean_ops_original_message_id), with the same payload.
    expect(report).toMatchObject({ ok: true, selected: 1, sent: 1, not_replayed: 0 });
    const [replayed] = await indexItems('engine-temperature');
    expect(replayed).toMatchObject({
      status: 'REPLAYED',
      replay_id: report.replay_id,
      replay_count: 1,
    });
    expect(replayed?.claim_id).toBeUndefined();
    expect(replayed?.replay_message_id).not.toBe(sent.MessageId);
    const landed = landedEnvelopes().filter((envelope) => envelope.message_id === sent.MessageId);
    expect(landed).toHaveLength(1);
    expect(landed[0]).toMatchObject({
      table: 'engine_temperature',
      payload: body,
      payload_sha256: item?.sha256,
    });

    // Act 3 / Assess 3: the same replay again selects and sends nothing.
    const again = await replayDeadLetters(
      replayOptions({ topics: ['engine-temperature'] }),
      replayDeps(),
    );
    expect(again).toMatchObject({ ok: true, selected: 0, sent: 0 });
    expect(await queueDepth(queue?.url ?? '')).toBe(0);
  });

  it('archives a FIFO dead letter from the FIFO DLQ and replays it into its message group', async () => {
    const queue = queues.topics.get('door-events');
    const body = JSON.stringify({
      device_id: 'd-1',
      event_id: 'ev-1',
      door: { position: 'front_left', action: 'opened' },
    });
    const sent = await clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: queue?.url,
        MessageBody: body,
        MessageGroupId: 'door-d-1',
        MessageDeduplicationId: 'ev-1',
      }),
    );
    await failUntilDeadLettered('door-events');

    const archived = await archiveDeadLetters({
      sqs: clients.sqs,
      archiver,
      dlqStandard: { url: queues.dlqStandardUrl, name: names.dlqStandard },
      dlqFifo: { url: queues.dlqFifoUrl, name: names.dlqFifo },
    });
    const report = await replayDeadLetters(
      replayOptions({ topics: ['door-events'] }),
      replayDeps(),
    );
    const copy = await clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queue?.url,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );

    expect(archived.archived).toBe(1);
    const [item] = await indexItems('door-events');
    expect(item).toMatchObject({
      message_id: sent.MessageId,
      message_group_id: 'door-d-1',
      status: 'REPLAYED',
    });
    expect(report.sent).toBe(1);
    expect(copy.Messages?.[0]?.Body).toBe(body);
    expect(copy.Messages?.[0]?.Attributes?.MessageGroupId).toBe('door-d-1');
    expect(copy.Messages?.[0]?.MessageAttributes?.lean_ops_original_message_id?.StringValue).toBe(
      sent.MessageId,
    );
  });

  it('keeps one archive object and one index item when the same DLQ message is delivered twice', async () => {
    // Prepare: the same DLQ record twice, as a redelivery after a lost delete would bring it.
    const record = {
      messageId: 'redelivered-1',
      receiptHandle: 'rh',
      body: '{"device_id":"r-1"}',
      attributes: {
        ApproximateReceiveCount: '6',
        SentTimestamp: String(Date.parse('2026-11-20T08:00:00Z')),
        SenderId: 'local',
        ApproximateFirstReceiveTimestamp: '0',
        DeadLetterQueueSourceArn: queueArn(names.queueName('gps-position', false)),
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: queueArn(names.dlqStandard),
      awsRegion: 'us-east-1',
    };
    const event = { Records: [record] } as unknown as SQSEvent;

    // Act
    const first = await archiver.invoke<{ batchItemFailures: unknown[] }>(event);
    const [before] = await indexItems('gps-position');
    const second = await archiver.invoke<{ batchItemFailures: unknown[] }>(event);

    // Assess
    expect(first.batchItemFailures).toEqual([]);
    expect(second.batchItemFailures).toEqual([]);
    const objects = await clients.s3.send(
      new ListObjectsV2Command({ Bucket: names.archiveBucket, Prefix: 'dlq/topic=gps-position/' }),
    );
    expect(objects.Contents?.map((object) => object.Key)).toEqual([
      'dlq/topic=gps-position/dt=2026-11-20/redelivered-1.json',
    ]);
    const after = (await listDeadLetters(documentClient, names.dlqIndexTable)).filter(
      (item) => item.topic === 'gps-position',
    );
    expect(after).toHaveLength(1);
    expect(after[0]?.first_seen_at).toBe(before?.first_seen_at);
  });

  it('refuses to replay an unregistered topic and never sends to a queue named after it', async () => {
    // Prepare: an archived dead letter of a topic outside the registry, whose queue exists.
    const ghostQueueName = names.queueName('ghost-topic', false);
    const ghostUrl =
      (await clients.sqs.send(new CreateQueueCommand({ QueueName: ghostQueueName }))).QueueUrl ??
      '';
    const event = {
      Records: [
        {
          messageId: 'ghost-1',
          receiptHandle: 'rh',
          body: '{"device_id":"g"}',
          attributes: {
            ApproximateReceiveCount: '6',
            SentTimestamp: String(Date.now()),
            DeadLetterQueueSourceArn: queueArn(ghostQueueName),
          },
          messageAttributes: {},
          eventSource: 'aws:sqs',
          eventSourceARN: queueArn(names.dlqStandard),
          awsRegion: 'us-east-1',
        },
      ],
    };
    await archiver.invoke(event);

    // Act / Assess: an explicit --topic is refused before anything is read.
    await expect(
      replayDeadLetters(replayOptions({ topics: ['ghost-topic'] }), replayDeps()),
    ).rejects.toThrow(UnregisteredTopicError);

    // Act / Assess: replaying everything refuses the ghost item and leaves it ARCHIVED.
    const report = await replayDeadLetters(replayOptions(), replayDeps());
    expect(report.ok).toBe(false);
    expect(report.failures).toEqual([
      expect.objectContaining({
        topic: 'ghost-topic',
        message_id: 'ghost-1',
        code: 'UNREGISTERED_TOPIC',
      }),
    ]);
    expect(await queueDepth(ghostUrl)).toBe(0);
    const [ghost] = await indexItems('ghost-topic');
    expect(ghost?.status).toBe('ARCHIVED');
  });

  it('skips an archive whose body no longer matches its sha256, and sends nothing for it', async () => {
    const record = {
      messageId: 'tampered-1',
      receiptHandle: 'rh',
      body: '{"device_id":"t-1"}',
      attributes: {
        ApproximateReceiveCount: '6',
        SentTimestamp: String(Date.now()),
        DeadLetterQueueSourceArn: queues.topics.get('engine-temperature')?.arn,
      },
      messageAttributes: {},
      eventSource: 'aws:sqs',
      eventSourceARN: queueArn(names.dlqStandard),
      awsRegion: 'us-east-1',
    };
    await archiver.invoke({ Records: [record] });
    const item = (await indexItems('engine-temperature')).find(
      (candidate) => candidate.message_id === 'tampered-1',
    );
    const original = JSON.parse(
      (await (
        await clients.s3.send(
          new GetObjectCommand({ Bucket: names.archiveBucket, Key: item?.archive_key }),
        )
      ).Body?.transformToString()) ?? '{}',
    );
    await clients.s3.send(
      new PutObjectCommand({
        Bucket: names.archiveBucket,
        Key: item?.archive_key,
        Body: JSON.stringify({ ...original, body: '{"device_id":"evil"}' }),
      }),
    );

    const report = await replayDeadLetters(
      replayOptions({ messageIds: ['tampered-1'] }),
      replayDeps(),
    );

    expect(report.sent).toBe(0);
    expect(report.failures).toEqual([
      expect.objectContaining({ message_id: 'tampered-1', code: 'SHA256_MISMATCH' }),
    ]);
    const after = await documentClient.send(
      new GetCommand({ TableName: names.dlqIndexTable, Key: { topic: item?.topic, sk: item?.sk } }),
    );
    expect(after.Item?.status).toBe('ARCHIVED');
    expect(after.Item?.claim_id).toBeUndefined();
  });

  it('the lean-ops CLI exits 2 for an unregistered --topic and 1 on a dry run that finds refused items', async () => {
    const refused = await leanOps([
      'replay-dlq',
      '--name',
      deploymentName,
      '--topic',
      'ghost-topic',
    ]);
    const dryRun = await leanOps(['replay-dlq', '--name', deploymentName, '--dry-run']);

    expect(refused.code).toBe(2);
    expect(JSON.parse(refused.stdout)).toMatchObject({
      ok: false,
      error: { name: 'UnregisteredTopicError' },
    });
    expect(dryRun.code).toBe(1);
    const report = JSON.parse(dryRun.stdout);
    expect(report).toMatchObject({ dry_run: true, sent: 0 });
    expect(report.per_topic['ghost-topic']).toEqual({ selected: 1, sent: 0, not_replayed: 1 });
  });

  it('resumes an interrupted --force replay without sending anything twice', async () => {
    // Prepare: 25 dead letters of one topic, replayed once already (so --force selects them)
    const ids = Array.from({ length: 25 }, (_, index) => `resume-${index}`);
    await archiveAsDeadLetters('gps-position', ids);
    const queueUrl = queues.topics.get('gps-position')?.url ?? '';
    const first = await replayDeadLetters(replayOptions({ messageIds: ids }), replayDeps());
    expect(first.sent).toBe(25);
    const depthBefore = await queueDepth(queueUrl);

    // Act: a forced run stopped after its first batch of ten (Ctrl-C), then resumed with --force
    let done = 0;
    const interrupted = await replayDeadLetters(
      replayOptions({
        messageIds: ids,
        force: true,
        onProgress: (count) => {
          done = count;
        },
        shouldStop: () => done >= 10,
      }),
      replayDeps(),
    );
    const resumed = await replayDeadLetters(
      replayOptions({ messageIds: ids, force: true, resume: interrupted.replay_id }),
      replayDeps(),
    );

    // Assess: every message went out once more, in total, across both runs
    expect(interrupted).toMatchObject({ interrupted: true, sent: 10, not_replayed: 15 });
    expect(resumed).toMatchObject({
      interrupted: false,
      sent: 15,
      replay_id: interrupted.replay_id,
    });
    expect((await queueDepth(queueUrl)) - depthBefore).toBe(25);
    const counts = (await indexItems('gps-position'))
      .filter((item) => ids.includes(item.message_id))
      .map((item) => item.replay_count);
    expect(counts).toEqual(ids.map(() => 2));
  });

  it('a dry run against the wrong account or deployment fails and nothing is sent', async () => {
    const ids = ['account-1', 'account-2'];
    await archiveAsDeadLetters('engine-temperature', ids);
    const selection = ids.flatMap((id) => ['--message-id', id]);

    const right = await leanOps([
      'replay-dlq',
      '--name',
      deploymentName,
      '--dry-run',
      ...selection,
    ]);
    const wrongAccount = await leanOps([
      'replay-dlq',
      '--name',
      deploymentName,
      '--account',
      '111111111111',
      ...selection,
    ]);
    const dryWrongAccount = await leanOps([
      'replay-dlq',
      '--name',
      deploymentName,
      '--account',
      '111111111111',
      '--dry-run',
      ...selection,
    ]);
    const wrongName = await leanOps(['replay-dlq', '--env', 'nosuch', '--dry-run', ...selection]);

    // the right deployment: the account came from STS, the queue and an archive were checked
    expect(right.code).toBe(0);
    expect(JSON.parse(right.stdout)).toMatchObject({
      dry_run: true,
      not_replayed: 0,
      selected: 2,
      checked: { queues: 1, archive_reads: 1 },
    });
    // a wrong account: every message named unreadable, in the dry run and the real one alike
    for (const run of [dryWrongAccount, wrongAccount]) {
      expect(run.code).toBe(1);
      const report = JSON.parse(run.stdout);
      expect(report.sent).toBe(0);
      expect(report.failures).toHaveLength(2);
      for (const failure of report.failures)
        expect(failure).toMatchObject({ code: 'ARCHIVE_UNREADABLE' });
    }
    expect(JSON.parse(dryWrongAccount.stdout).failures[0].reason).toContain(
      'the archive bucket cannot be read',
    );
    // a wrong deployment: its index table is not there, said with the call and what to check
    expect(wrongName.code).toBe(2);
    expect(JSON.parse(wrongName.stdout).error.message).toMatch(
      /DynamoDB \w+ failed for TableName=lean-ops-nosuch-dlq-index .*Hint: check --env\/--name/,
    );
    const items = (await indexItems('engine-temperature')).filter((item) =>
      ids.includes(item.message_id),
    );
    expect(items.map((item) => item.status)).toEqual(['ARCHIVED', 'ARCHIVED']);
  });

  it('a real run pinned to a reviewed dry run sends exactly its plan', async () => {
    // Prepare: three dead letters, a dry run saved as a plan
    const planned = ['plan-1', 'plan-2', 'plan-3'];
    await archiveAsDeadLetters('engine-temperature', planned);
    const planFile = join(tmpdir(), `${deploymentName}-plan.json`);
    const named = ['replay-dlq', '--name', deploymentName];
    const selection = planned.flatMap((id) => ['--message-id', id]);
    const dryRun = await leanOps([...named, '--dry-run', '--save-plan', planFile, ...selection]);
    expect(dryRun.code).toBe(0);
    // Meanwhile: one planned message is replayed by someone else, another dead letter arrives
    await replayDeadLetters(replayOptions({ messageIds: ['plan-2'] }), replayDeps());
    await archiveAsDeadLetters('engine-temperature', ['plan-4']);

    // Act
    const withSelection = await leanOps([...named, '--plan', planFile, '--topic', 'gps-position']);
    const otherAccount = await leanOps([...named, '--account', '111111111111', '--plan', planFile]);
    const run = await leanOps([...named, '--plan', planFile]);

    // Assess: only the unchanged planned messages went; the changed one is named; plan-4 waits
    expect(withSelection.code).toBe(2);
    expect(JSON.parse(withSelection.stdout).error.message).toContain('--topic cannot be added');
    expect(otherAccount.code).toBe(2);
    expect(JSON.parse(otherAccount.stdout).error.message).toContain('was made for archiveBucket');
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ sent: 2, not_replayed: 1 });
    expect(report.failures).toEqual([
      expect.objectContaining({ message_id: 'plan-2', code: 'PLAN_CHANGED' }),
    ]);
    const status = Object.fromEntries(
      (await indexItems('engine-temperature'))
        .filter((item) => item.message_id.startsWith('plan-'))
        .map((item) => [item.message_id, [item.status, item.replay_count]]),
    );
    expect(status).toEqual({
      'plan-1': ['REPLAYED', 1],
      'plan-2': ['REPLAYED', 1],
      'plan-3': ['REPLAYED', 1],
      'plan-4': ['ARCHIVED', undefined],
    });
    rmSync(planFile, { force: true });
  });
});

/** Archives dead letters of `topic` with these message ids, as the DLQ would deliver them. */
async function archiveAsDeadLetters(topic: string, messageIds: string[]): Promise<void> {
  const sourceArn = queues.topics.get(topic)?.arn;
  for (let start = 0; start < messageIds.length; start += 10) {
    const Records = messageIds.slice(start, start + 10).map((messageId) => ({
      messageId,
      receiptHandle: 'rh',
      body: JSON.stringify({ device_id: messageId }),
      attributes: {
        ApproximateReceiveCount: '6',
        SentTimestamp: String(Date.now()),
        DeadLetterQueueSourceArn: sourceArn,
      },
      messageAttributes: {},
      eventSource: 'aws:sqs',
      eventSourceARN: queueArn(names.dlqStandard),
      awsRegion: 'us-east-1',
    }));
    await archiver.invoke({ Records });
  }
}

/** The built CLI against the local endpoint, with --json; its exit code and stdout. */
async function leanOps(args: string[]): Promise<{ code: number; stdout: string }> {
  const cli = join(repoRoot(), 'dist', 'cli', 'lean-ops.mjs');
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`make build\` first`);
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [cli, ...args, '--json'], {
      env: { ...process.env, ...endpointEnv() },
      cwd: repoRoot(),
    });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, stdout: failed.stdout };
  }
}
