import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { lambdaEnvironment, resourceNames } from '../../../lambdas/common/naming';
import { FirehoseDelivery } from '../../../scripts/local/emulation/firehoseDelivery';
import { LambdaInitError, LocalLambda } from '../../../scripts/local/emulation/LocalLambda';
import { SqsEventSource } from '../../../scripts/local/emulation/sqsEventSource';
import { LOCAL_ACCOUNT, queueArn } from '../../../scripts/local/localDeployment';
import {
  FIREHOSE_LOCAL_PREFIX,
  provisionBuckets,
  provisionFirehose,
  provisionQueues,
} from '../../../scripts/local/provision';
import { endpointEnv, localClients, uniqueName } from '../../harness/localAws';

// The ingestion path end to end against the local endpoint, with the BUILT bundles:
// SQS (ElasticMQ) → ESM-like poller → sqs-processor → Firehose (moto) → transform → routed spool.

const MAX_RECORD_BYTES = 4096;
const names = resourceNames(uniqueName('ingest'), LOCAL_ACCOUNT);
const clients = localClients();
const spoolDir = join(tmpdir(), `${names.firehoseStream}-spool`);
const lambdas: LocalLambda[] = [];

function processorEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    ...endpointEnv(),
    ...lambdaEnvironment('sqs-processor', names),
    MAX_RECORD_BYTES: String(MAX_RECORD_BYTES),
    SAFETY_MARGIN_MS: '500',
    POWERTOOLS_LOG_LEVEL: 'WARN',
    ...overrides,
  };
}

function startLambda(name: string, env: Record<string, string>, timeoutMs = 10_000): LocalLambda {
  const lambda = new LocalLambda({ name, env, timeoutMs });
  lambdas.push(lambda);
  return lambda;
}

let queues: Awaited<ReturnType<typeof provisionQueues>>;
let processor: LocalLambda;
let delivery: FirehoseDelivery;

beforeAll(async () => {
  queues = await provisionQueues(clients.sqs, names, [
    { topic: 'engine-temperature', fifo: false },
    { topic: 'door-events', fifo: true },
  ]);
  await provisionBuckets(clients.s3, [names.archiveBucket]);
  await provisionFirehose(clients.firehose, names);
  processor = startLambda('sqs-processor', processorEnv());
  const transform = startLambda('firehose-transform', {
    ...endpointEnv(),
    ...lambdaEnvironment('firehose-transform', names),
    POWERTOOLS_LOG_LEVEL: 'WARN',
  });
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

async function send(topic: string, body: string, groupId?: string): Promise<string> {
  const queue = queues.topics.get(topic);
  if (!queue) throw new Error(`no queue for ${topic}`);
  const response = await clients.sqs.send(
    new SendMessageCommand({
      QueueUrl: queue.url,
      MessageBody: body,
      ...(groupId
        ? { MessageGroupId: groupId, MessageDeduplicationId: `${groupId}-${Math.random()}` }
        : {}),
    }),
  );
  return response.MessageId ?? '';
}

async function drain(source: SqsEventSource): Promise<void> {
  for (let idle = 0; idle < 2; ) {
    const result = await source.pollOnce();
    idle = result.received === 0 ? idle + 1 : 0;
  }
}

interface Landed {
  table: string;
  envelope: Record<string, unknown> & {
    message_id: string;
    payload: string;
    error?: { code: string; reason: string };
  };
}

function readSpool(): Landed[] {
  const landed: Landed[] = [];
  const database = join(spoolDir, names.rawDatabase);
  for (const table of readdirSync(database)) {
    for (const file of readdirSync(join(database, table))) {
      for (const line of readFileSync(join(database, table, file), 'utf8').split('\n')) {
        if (line !== '') landed.push({ table, envelope: JSON.parse(line) });
      }
    }
  }
  return landed;
}

function sourceFor(topic: string, lambda: LocalLambda = processor): SqsEventSource {
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

describe('ingestion path on the local endpoint', () => {
  it('routes valid records to the topic table and every poison record to raw_errors, byte for byte', async () => {
    // Prepare
    const unicode = JSON.stringify({
      device_id: 'dev-ü-東京-🚗',
      note: 'tab\there "quoted" \\ back\u2028line',
      temp: 81.5,
    });
    const fitting = JSON.stringify({ device_id: 'big', blob: 'x'.repeat(MAX_RECORD_BYTES - 700) });
    const tooBig = JSON.stringify({ device_id: 'big', blob: 'x'.repeat(MAX_RECORD_BYTES) });
    const cases: Record<string, { body: string; table: string; code?: string }> = {
      valid: {
        body: '{"device_id":"e-1","measured_at":"2026-11-25T10:00:00Z","engine":{"coolant_c":88.2}}',
        table: 'engine_temperature',
      },
      unicode: { body: unicode, table: 'engine_temperature' },
      atLimit: { body: fitting, table: 'engine_temperature' },
      overLimit: { body: tooBig, table: 'raw_errors', code: 'OVERSIZED' },
      malformed: { body: '{"device_id": "e-1",', table: 'raw_errors', code: 'MALFORMED_JSON' },
      array: { body: '[1,2,3]', table: 'raw_errors', code: 'NOT_AN_OBJECT' },
      string: { body: '"just a string"', table: 'raw_errors', code: 'NOT_AN_OBJECT' },
      number: { body: '42', table: 'raw_errors', code: 'NOT_AN_OBJECT' },
      null: { body: 'null', table: 'raw_errors', code: 'NOT_AN_OBJECT' },
    };
    const ids = new Map<string, string>();
    for (const [label, { body }] of Object.entries(cases))
      ids.set(label, await send('engine-temperature', body));

    // Act
    await drain(sourceFor('engine-temperature'));
    const stats = await delivery.deliverPending();
    const landed = readSpool();

    // Assess
    expect(stats.processingFailed).toBe(0);
    expect(stats.dropped).toBe(0);
    for (const [label, expected] of Object.entries(cases)) {
      const rows = landed.filter((row) => row.envelope.message_id === ids.get(label));
      expect({ label, count: rows.length }).toEqual({ label, count: 1 });
      const row = rows[0];
      expect({ label, table: row?.table, code: row?.envelope.error?.code }).toEqual({
        label,
        table: expected.table,
        code: expected.code,
      });
      if (expected.code !== 'OVERSIZED') expect(row?.envelope.payload).toBe(expected.body);
    }
    const oversized = landed.find((row) => row.envelope.message_id === ids.get('overLimit'));
    const key = /s3:\/\/[^/]+\/(\S+)$/.exec(oversized?.envelope.error?.reason ?? '')?.[1];
    expect(key).toMatch(/^oversized\/topic=engine-temperature\/dt=\d{4}-\d{2}-\d{2}\//);
    const archived = await clients.s3.send(
      new GetObjectCommand({ Bucket: names.archiveBucket, Key: key }),
    );
    const full = JSON.parse((await archived.Body?.transformToString()) ?? '{}');
    expect(full.payload).toBe(tooBig);
  });

  it('keeps FIFO message groups in order and marks records of a queue outside the prefix UNKNOWN_TOPIC', async () => {
    // Prepare
    const sent: string[] = [];
    for (let index = 0; index < 6; index++)
      sent.push(await send('door-events', JSON.stringify({ door: 'd-1', seq: index }), 'door-d-1'));
    const outsider = `${names.firehoseStream}-not-a-topic`;
    const outsiderUrl =
      (await clients.sqs.send(new CreateQueueCommand({ QueueName: outsider }))).QueueUrl ?? '';
    await clients.sqs.send(
      new SendMessageCommand({ QueueUrl: outsiderUrl, MessageBody: '{"device_id":"x"}' }),
    );
    const stray = new SqsEventSource({
      sqs: clients.sqs,
      queueUrl: outsiderUrl,
      queueArn: queueArn(outsider),
      lambda: processor,
    });

    // Act
    await drain(sourceFor('door-events'));
    await drain(stray);
    await delivery.deliverPending();
    const landed = readSpool();

    // Assess
    // Each FIFO wave is its own PutRecordBatch (its own Firehose object), so the lake holds the
    // group's records once each and consumers order them by the SQS sequence number.
    const doors = landed.filter((row) => row.table === 'door_events').map((row) => row.envelope);
    expect(doors.map((envelope) => envelope.message_id).sort()).toEqual([...sent].sort());
    expect(doors.every((envelope) => envelope.message_group_id === 'door-d-1')).toBe(true);
    const bySequence = [...doors].sort((a, b) => {
      const left = BigInt(String(a.sequence_number ?? '0'));
      const right = BigInt(String(b.sequence_number ?? '0'));
      return left < right ? -1 : left > right ? 1 : 0;
    });
    expect(bySequence.map((envelope) => envelope.message_id)).toEqual(sent);
    const unknown = landed.find((row) => row.envelope.source_arn === queueArn(outsider));
    expect(unknown?.table).toBe('raw_errors');
    expect(unknown?.envelope.error?.code).toBe('UNKNOWN_TOPIC');
    expect(unknown?.envelope.topic).toBe('UNKNOWN');
  });

  it('dead-letters, never loses, messages whose Firehose delivery always fails', async () => {
    // Prepare: a processor whose Firehose endpoint refuses every connection.
    const broken = startLambda(
      'sqs-processor',
      processorEnv({ AWS_ENDPOINT_URL_FIREHOSE: 'http://127.0.0.1:9', AWS_MAX_ATTEMPTS: '1' }),
      2_500,
    );
    const ids = [
      await send('engine-temperature', '{"device_id":"doomed-1"}'),
      await send('engine-temperature', '{"device_id":"doomed-2"}'),
    ];
    const source = sourceFor('engine-temperature', broken);

    // Act: poll until the server has moved both to the DLQ (on the receive after maxReceiveCount).
    for (let round = 0; round < 8; round++) await source.pollOnce();
    const dead = await clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queues.dlqStandardUrl,
        MaxNumberOfMessages: 10,
        MessageSystemAttributeNames: ['All'],
      }),
    );

    // Assess
    const deadIds = (dead.Messages ?? []).map((message) => message.MessageId).sort();
    expect(deadIds).toEqual([...ids].sort());
    for (const message of dead.Messages ?? []) {
      expect(message.Attributes?.DeadLetterQueueSourceArn).toBe(
        queues.topics.get('engine-temperature')?.arn,
      );
      expect(Number(message.Attributes?.ApproximateReceiveCount)).toBeGreaterThanOrEqual(5);
    }
    const attributes = await clients.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queues.topics.get('engine-temperature')?.url,
        AttributeNames: ['All'],
      }),
    );
    expect(attributes.Attributes?.ApproximateNumberOfMessages).toBe('0');
  });

  it('fails the cold start of a processor without FIREHOSE_STREAM_NAME, naming the variable', async () => {
    // Prepare
    const env = processorEnv();
    delete env.FIREHOSE_STREAM_NAME;
    const misconfigured = startLambda('sqs-processor', env);

    // Act / Assess
    await expect(misconfigured.start()).rejects.toThrow(LambdaInitError);
    await expect(misconfigured.invoke({ Records: [] })).rejects.toThrow(/FIREHOSE_STREAM_NAME/);
  });

  it('leaves nothing in the Firehose staging prefix after delivery', async () => {
    const listed = await clients.s3.send(
      new ListObjectsV2Command({ Bucket: names.archiveBucket, Prefix: FIREHOSE_LOCAL_PREFIX }),
    );
    expect(listed.KeyCount ?? 0).toBe(0);
  });
});
