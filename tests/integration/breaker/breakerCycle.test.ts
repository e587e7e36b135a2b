import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GetEventSourceMappingCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { jest } from '@jest/globals';
import type { BreakerRecord } from '../../../lambdas/circuit-breaker/types';
import { lambdaEnvironment, resourceNames } from '../../../lambdas/common/naming';
import {
  mappingEnabledProbe,
  provisionLocalMappings,
} from '../../../scripts/local/emulation/eventSourceMappings';
import { LocalLambda } from '../../../scripts/local/emulation/LocalLambda';
import { SqsEventSource } from '../../../scripts/local/emulation/sqsEventSource';
import { LOCAL_ACCOUNT } from '../../../scripts/local/localDeployment';
import { provisionQueues } from '../../../scripts/local/provision';
import { provisionBreakerTable } from '../../../scripts/local/provisionTables';
import { repoRoot } from '../../../scripts/ops/repoRoot';
import { endpointEnv, localClients, uniqueName } from '../../harness/localAws';

// The per-topic circuit breaker against the local endpoint: the BUILT circuit-breaker bundle,
// its DynamoDB table on moto, and the processor's event source mappings on moto's Lambda API;
// the local poller of each topic follows its mapping's Enabled flag.

jest.setTimeout(60_000);

const COOLDOWN_SECONDS = 1;
const deploymentName = uniqueName('brk');
const names = resourceNames(deploymentName, LOCAL_ACCOUNT);
const clients = localClients();
const env = endpointEnv();
const common = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  endpoint: env.AWS_ENDPOINT_URL,
};
const lambdaApi = new LambdaClient(common);
const documentClient = DynamoDBDocumentClient.from(clients.dynamoDb);
const processorFunction = names.function('sqs-processor');
const topics = ['engine-temperature', 'gps-position', 'fuel-level', 'tire-pressure'] as const;

let breaker: LocalLambda;
let mappingIds: Map<string, string>;
let queues: Awaited<ReturnType<typeof provisionQueues>>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function alarmNotification(
  topic: string,
  state: 'ALARM' | 'OK' | 'INSUFFICIENT_DATA',
  changedAt = new Date(),
) {
  const message = {
    AlarmName: names.errorRateAlarm(topic),
    NewStateValue: state,
    StateChangeTime: changedAt.toISOString().replace('Z', '+0000'),
    Trigger: {
      Metrics: [
        {
          Id: 'retried',
          MetricStat: {
            Metric: { MetricName: 'RecordsRetried', Dimensions: [{ value: topic, name: 'topic' }] },
          },
        },
      ],
    },
  };
  return { Records: [{ EventSource: 'aws:sns', Sns: { Message: JSON.stringify(message) } }] };
}

const schedule = { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} };

async function mappingState(topic: string): Promise<string | undefined> {
  const uuid = mappingIds.get(names.queueName(topic, false));
  return (await lambdaApi.send(new GetEventSourceMappingCommand({ UUID: uuid }))).State;
}

async function breakerItem(topic: string): Promise<BreakerRecord | undefined> {
  return (
    await documentClient.send(
      new GetCommand({ TableName: names.breakerTable, Key: { topic }, ConsistentRead: true }),
    )
  ).Item as BreakerRecord | undefined;
}

/** Waits until the topic's cool-down is over by the breaker's own clock. */
async function waitForReopen(topic: string): Promise<void> {
  const reopenAt = Date.parse((await breakerItem(topic))?.reopen_at ?? '');
  await sleep(Math.max(0, reopenAt - Date.now()) + 50);
}

beforeAll(async () => {
  await provisionBreakerTable(clients.dynamoDb, names.breakerTable);
  queues = await provisionQueues(
    clients.sqs,
    names,
    topics.map((topic) => ({ topic, fifo: false })),
  );
  mappingIds = await provisionLocalMappings({
    lambda: lambdaApi,
    motoSqs: new SQSClient(common),
    motoEndpoint: env.AWS_ENDPOINT_URL ?? '',
    functionName: processorFunction,
    queueNames: topics.map((topic) => names.queueName(topic, false)),
  });
  breaker = new LocalLambda({
    name: 'circuit-breaker',
    env: {
      ...env,
      ...lambdaEnvironment('circuit-breaker', names),
      COOLDOWN_SECONDS: String(COOLDOWN_SECONDS),
      MAX_COOLDOWN_SECONDS: '3',
      POWERTOOLS_LOG_LEVEL: 'WARN',
    },
    timeoutMs: 10_000,
  });
});

afterAll(async () => {
  await breaker.stop();
});

describe('circuit breaker on the local endpoint', () => {
  it('stops only the alarming topic, shrugs off a duplicate and a DLQ alarm, and its local poller stops reading', async () => {
    // Prepare: a message waiting on each topic, pollers following their mappings.
    const pollerFor = (topic: string) => {
      const queue = queues.topics.get(topic);
      if (!queue) throw new Error(topic);
      return new SqsEventSource({
        sqs: clients.sqs,
        queueUrl: queue.url,
        queueArn: queue.arn,
        lambda: { invoke: async <T>() => ({ batchItemFailures: [] }) as T },
        isEnabled: mappingEnabledProbe(
          lambdaApi,
          mappingIds.get(names.queueName(topic, false)) ?? '',
          0,
        ),
      });
    };
    for (const topic of ['engine-temperature', 'gps-position']) {
      await clients.sqs.send(
        new SendMessageCommand({
          QueueUrl: queues.topics.get(topic)?.url,
          MessageBody: '{"device_id":"x"}',
        }),
      );
    }
    const trippedAt = new Date();

    // Act
    await breaker.invoke(alarmNotification('engine-temperature', 'ALARM', trippedAt));
    await breaker.invoke(alarmNotification('engine-temperature', 'ALARM', trippedAt));
    await breaker.invoke({
      Records: [
        {
          EventSource: 'aws:sns',
          Sns: {
            Message: JSON.stringify({
              AlarmName: `${deploymentName}-dlq-not-empty`,
              NewStateValue: 'ALARM',
              StateChangeTime: new Date().toISOString(),
            }),
          },
        },
      ],
    });
    const stopped = await pollerFor('engine-temperature').pollOnce();
    const running = await pollerFor('gps-position').pollOnce();

    // Assess
    expect(await mappingState('engine-temperature')).toBe('Disabled');
    for (const other of ['gps-position', 'fuel-level', 'tire-pressure'])
      expect(await mappingState(other)).toBe('Enabled');
    expect(await breakerItem('engine-temperature')).toMatchObject({
      state: 'OPEN',
      version: 1,
      trips: 1,
      cooldown_seconds: COOLDOWN_SECONDS,
    });
    expect(await breakerItem('gps-position')).toBeUndefined();
    expect(stopped.received).toBe(0);
    expect(running.received).toBe(1);
  });

  it('half-opens after the cool-down on the schedule, then closes when the alarm is OK', async () => {
    // Prepare: engine-temperature is OPEN from the test above; its alarm then went quiet.
    await breaker.invoke(alarmNotification('engine-temperature', 'INSUFFICIENT_DATA'));
    expect((await breakerItem('engine-temperature'))?.state).toBe('OPEN');
    await waitForReopen('engine-temperature');

    // Act 1
    await breaker.invoke(schedule);

    // Assess 1
    expect(await breakerItem('engine-temperature')).toMatchObject({
      state: 'HALF_OPEN',
      version: 2,
    });
    expect(await mappingState('engine-temperature')).toBe('Enabled');

    // Act 2 / Assess 2
    await breaker.invoke(alarmNotification('engine-temperature', 'OK'));
    expect(await breakerItem('engine-temperature')).toMatchObject({ state: 'CLOSED', version: 3 });
    expect(await mappingState('engine-temperature')).toBe('Enabled');
  });

  it('doubles the cool-down when the topic trips again on probation', async () => {
    // Prepare
    await breaker.invoke(alarmNotification('fuel-level', 'ALARM'));
    await waitForReopen('fuel-level');
    await breaker.invoke(schedule);
    expect((await breakerItem('fuel-level'))?.state).toBe('HALF_OPEN');

    // Act
    await breaker.invoke(alarmNotification('fuel-level', 'ALARM'));

    // Assess
    expect(await breakerItem('fuel-level')).toMatchObject({
      state: 'OPEN',
      trips: 2,
      cooldown_seconds: 2 * COOLDOWN_SECONDS,
    });
    expect(await mappingState('fuel-level')).toBe('Disabled');
  });

  it('lets an operator hold a topic open and close it with the lean-ops CLI', async () => {
    const cli = join(repoRoot(), 'dist', 'cli', 'lean-ops.mjs');
    if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`make build\` first`);
    const run = async (...args: string[]) => {
      try {
        const { stdout } = await promisify(execFile)(
          process.execPath,
          [cli, 'breaker', ...args, '--name', deploymentName, '--json'],
          {
            env: { ...process.env, ...env },
            cwd: repoRoot(),
          },
        );
        return { code: 0, output: JSON.parse(stdout) };
      } catch (error) {
        const failed = error as { code: number; stdout: string };
        return { code: failed.code, output: JSON.parse(failed.stdout || '{}') };
      }
    };

    // Act 1: open by hand; a schedule tick long after does not reopen it.
    const opened = await run(
      'open',
      '--topic',
      'tire-pressure',
      '--reason',
      'warehouse maintenance',
      '--by',
      'oncall',
    );
    await sleep(COOLDOWN_SECONDS * 1000 + 100);
    await breaker.invoke(schedule);
    const status = await run('status', '--topic', 'tire-pressure');

    // Assess 1
    expect(opened).toMatchObject({
      code: 0,
      output: { topic: 'tire-pressure', before: 'CLOSED', after: 'OPEN', mapping: 'updated' },
    });
    expect(await mappingState('tire-pressure')).toBe('Disabled');
    expect(status.code).toBe(0);
    expect(status.output.topics).toEqual([
      expect.objectContaining({
        topic: 'tire-pressure',
        state: 'OPEN',
        consistent: true,
        record: expect.objectContaining({
          manual: true,
          reason: 'opened by oncall: warehouse maintenance',
        }),
      }),
    ]);

    // Act 2 / Assess 2: close by hand.
    const closed = await run('close', '--topic', 'tire-pressure');
    expect(closed).toMatchObject({ code: 0, output: { before: 'OPEN', after: 'CLOSED' } });
    expect(await mappingState('tire-pressure')).toBe('Enabled');

    // Assess 3: status of every tripped topic, and a usage error for a bad topic name.
    const all = await run('status');
    const states = Object.fromEntries(
      all.output.topics.map((entry: { topic: string; state: string }) => [
        entry.topic,
        entry.state,
      ]),
    );
    // fuel-level's 2 s cool-down may have ended at the tick above: OPEN or HALF_OPEN, never CLOSED.
    expect(states).toEqual({
      'engine-temperature': 'CLOSED',
      'fuel-level': expect.stringMatching(/^(OPEN|HALF_OPEN)$/),
      'tire-pressure': 'CLOSED',
    });
    expect((await run('open', '--topic', 'Not.A.Topic')).code).toBe(2);
  });
});
