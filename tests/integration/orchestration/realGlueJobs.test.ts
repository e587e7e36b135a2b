import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GlueClient } from '@aws-sdk/client-glue';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { jest } from '@jest/globals';
import { readTableSnapshot } from '../../../lambdas/checkpoints/readTableSnapshot';
import { snapshotFromItem } from '../../../lambdas/common/checkpoints';
import { resourceNames, tableNameForTopic } from '../../../lambdas/common/naming';
import { LOCAL_ACCOUNT } from '../../../scripts/local/localDeployment';
import {
  LocalOrchestration,
  localSparkGlueJobs,
  runLocalOrchestrator,
} from '../../../scripts/local/stepfunctions';
import { repoRoot } from '../../../scripts/ops/repoRoot';
import { endpointEnv, localClients, uniqueName } from '../../harness/localAws';
import { micros, rawEnvelope } from '../../helpers/rawEnvelopes';

// The orchestrator definition driving the REAL Glue job scripts (glue-jobs/standardize.py and
// curate.py) on local Spark + Iceberg, over RAW rows written by the local RAW writer (pyiceberg),
// through runLocalOrchestrator: the entry `make run` uses.

jest.setTimeout(300_000);

const env = endpointEnv();
const names = resourceNames(uniqueName('spark'), LOCAL_ACCOUNT);
const { dynamoDb } = localClients();
const documents = DynamoDBDocumentClient.from(dynamoDb);
const catalog = {
  glue: new GlueClient({
    region: 'us-east-1',
    endpoint: env.AWS_ENDPOINT_URL,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  }),
  s3: new S3Client({
    region: 'us-east-1',
    endpoint: env.AWS_ENDPOINT_URL,
    forcePathStyle: true,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  }),
};
const dir = mkdtempSync(join(tmpdir(), 'lean-ops-spark-orchestration-'));
const warehouse = join(dir, 'warehouse');
const topic = 'door-events';
const run = () => runLocalOrchestrator({ env, names, warehouse, topics: [topic] });

function doorEvent(eventId: string, minute: number) {
  const payload = JSON.stringify({
    device_id: 'gw-001',
    event_id: eventId,
    occurred_at: `2026-11-25T08:${String(minute).padStart(2, '0')}:00Z`,
    door: { position: 'front_left', action: 'opened', by_key_fob: true },
    cabin: { occupied: false },
  });
  const at = micros(`2026-11-25T08:${String(minute).padStart(2, '0')}:01Z`);
  return rawEnvelope({
    topic,
    message_id: randomUUID(),
    payload,
    sent_at: at,
    ingested_at: at,
    source_arn: `arn:aws:sqs:us-east-1:000000000000:${names.queueName(topic, true)}`,
    message_group_id: 'gw-001',
  });
}

/** Lands envelopes in RAW as Firehose would: one Iceberg append through the local RAW writer. */
function landRaw(envelopes: object[]): void {
  const spool = join(dir, 'spool', names.rawDatabase, tableNameForTopic(topic));
  mkdirSync(spool, { recursive: true });
  writeFileSync(
    join(spool, `${randomUUID()}.ndjson`),
    envelopes.map((e) => `${JSON.stringify(e)}\n`).join(''),
  );
  // Terraform creates a topic's RAW table; the local Firehose never does (Iceberg.NoSuchTable).
  const tablesFile = join(dir, 'raw-tables.txt');
  writeFileSync(tablesFile, `${tableNameForTopic(topic)}\n`);
  const ensured = spawnSync(
    join(repoRoot(), '.venv', 'bin', 'python'),
    [
      join(repoRoot(), 'scripts', 'local', 'raw_writer.py'),
      '--warehouse',
      warehouse,
      '--ensure-tables',
      names.rawDatabase,
      '--tables-file',
      tablesFile,
    ],
    { env: { ...process.env, ...env }, encoding: 'utf8' },
  );
  if (ensured.status !== 0) throw new Error(`raw_writer --ensure-tables failed: ${ensured.stderr}`);
  const result = spawnSync(
    join(repoRoot(), '.venv', 'bin', 'python'),
    [
      join(repoRoot(), 'scripts', 'local', 'raw_writer.py'),
      '--spool',
      join(dir, 'spool'),
      '--warehouse',
      warehouse,
    ],
    { env: { ...process.env, ...env }, encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`raw_writer failed: ${result.stderr}`);
}

async function checkpoint(layer: string) {
  const response = await documents.send(
    new GetCommand({
      TableName: names.checkpointTable,
      Key: { topic, layer },
      ConsistentRead: true,
    }),
  );
  return snapshotFromItem(response.Item);
}

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

it('drives standardize and curate on local Spark through the orchestrator definition, then finds nothing to do', async () => {
  // Arrange: three events, one delivered twice (same event id: dedup keeps the first)
  landRaw([doorEvent('e-1', 1), doorEvent('e-2', 2), doorEvent('e-2', 3), doorEvent('e-3', 4)]);
  const raw = await readTableSnapshot(catalog, names.rawDatabase, 'door_events');

  // Act
  const first = await run();

  // Assess: one standardize and one curate run; checkpoints at what each job read
  expect(first.status).toBe('SUCCEEDED');
  expect(first.output).toMatchObject({
    topicsSeen: 1,
    active: 1,
    processed: 1,
    failed: 0,
    glueRunsStarted: 2,
  });
  expect(raw.exists && raw.snapshot).toBeTruthy();
  expect(await checkpoint('standardized')).toEqual(raw.exists ? raw.snapshot : undefined);
  const standardized = await readTableSnapshot(catalog, names.standardizedDatabase, 'door_events');
  expect(await checkpoint('curated')).toEqual(
    standardized.exists ? standardized.snapshot : undefined,
  );

  // Act: nothing new landed
  const second = await run();

  // Assess: idle, no Glue run
  expect(second.output).toMatchObject({ idle: 1, active: 0, glueRunsStarted: 0 });
});

it('rebuilds the topic with the real jobs in rebuild mode and unpauses it', async () => {
  // Arrange: RAW, standardized and curated exist from the previous test
  const orchestration = new LocalOrchestration({
    env,
    names,
    glue: localSparkGlueJobs({ env, names, warehouse }),
  });
  const raw = await readTableSnapshot(catalog, names.rawDatabase, 'door_events');
  const curatedBefore = await readTableSnapshot(catalog, names.curatedDatabase, 'door_events');

  try {
    // Act
    const record = await orchestration.runRebuilder({ topic, reason: 'schema v2 (test)' });

    // Assess: a new curated snapshot, checkpoints settled at what the rebuild read, unpaused
    expect(record.status).toBe('SUCCEEDED');
    const curatedAfter = await readTableSnapshot(catalog, names.curatedDatabase, 'door_events');
    const standardizedAfter = await readTableSnapshot(
      catalog,
      names.standardizedDatabase,
      'door_events',
    );
    expect(
      curatedAfter.exists && curatedBefore.exists && curatedAfter.snapshot?.sequenceNumber,
    ).toBeGreaterThan((curatedBefore.exists && curatedBefore.snapshot?.sequenceNumber) || 0);
    expect(await checkpoint('standardized')).toEqual(raw.exists ? raw.snapshot : undefined);
    expect(await checkpoint('curated')).toEqual(
      standardizedAfter.exists ? standardizedAfter.snapshot : undefined,
    );
    const control = await documents.send(
      new GetCommand({
        TableName: names.checkpointTable,
        Key: { topic, layer: 'control' },
        ConsistentRead: true,
      }),
    );
    expect(control.Item?.paused).toBe(false);
  } finally {
    await orchestration.stop();
  }
});
