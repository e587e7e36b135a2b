import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchClient, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  CheckpointLayer,
  compareAndSetCheckpoint,
  FAILURE_STAGES,
  FAILURES_LAYER,
  failureAttributes,
  type SnapshotRef,
} from '../../../lambdas/common/checkpoints';
import { resourceNames } from '../../../lambdas/common/naming';
import { LOCAL_ACCOUNT } from '../../../scripts/local/localDeployment';
import {
  LocalOrchestration,
  type LocalOrchestrationOptions,
  provisionOrchestrationTables,
  registerTopics,
} from '../../../scripts/local/stepfunctions';
import { endpointEnv, localClients, uniqueName } from '../../harness/localAws';
import { FakeGlueJobs } from './FakeGlueJobs';
import { FakeLake } from './fakeLake';

/**
 * One isolated deployment on the shared local endpoint: its own DynamoDB tables, Glue databases,
 * metric namespace and checkpoints Lambda containers, so tests never see each other's topics.
 */
export async function createWorld(label: string, options: Partial<LocalOrchestrationOptions> = {}) {
  const env = endpointEnv();
  const names = resourceNames(uniqueName(label), LOCAL_ACCOUNT);
  const { dynamoDb } = localClients();
  const dir = mkdtempSync(join(tmpdir(), `${names.rawDatabase}-`));
  const lake = new FakeLake(
    env,
    {
      raw: names.rawDatabase,
      standardized: names.standardizedDatabase,
      curated: names.curatedDatabase,
    },
    dir,
  );
  await provisionOrchestrationTables(dynamoDb, names);
  await lake.createDatabases();
  const glue = new FakeGlueJobs(lake, dynamoDb, names);
  const metricsNamespace = `LeanOpsTest/${names.locksTable}`;
  const orchestration = new LocalOrchestration({ env, names, glue, metricsNamespace, ...options });
  const documents = DynamoDBDocumentClient.from(dynamoDb);
  const cloudWatch = new CloudWatchClient({
    region: env.AWS_REGION ?? 'us-east-1',
    endpoint: env.AWS_ENDPOINT_URL,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });

  return {
    env,
    names,
    lake,
    glue,
    orchestration,
    dynamoDb,

    /** Registers topics and creates their RAW tables (with `rawCommits` snapshots each). */
    async addTopics(topics: readonly string[], rawCommits = 0): Promise<void> {
      await registerTopics(
        dynamoDb,
        names,
        topics.map((topic) => ({ topic })),
      );
      for (let start = 0; start < topics.length; start += 25) {
        await Promise.all(
          topics.slice(start, start + 25).map(async (topic) => {
            await lake.createTable('raw', topic);
            for (let i = 0; i < rawCommits; i++) await lake.commit('raw', topic);
          }),
        );
      }
    },

    /** Sets a checkpoint as if an earlier run had written it. */
    async setCheckpoint(
      topic: string,
      layer: CheckpointLayer,
      snapshot: SnapshotRef,
    ): Promise<void> {
      await compareAndSetCheckpoint(documents, {
        table: names.checkpointTable,
        topic,
        layer,
        expected: undefined,
        proposed: snapshot,
        runId: 'test-setup',
      });
    },

    /** Marks a topic fully processed up to its current RAW snapshot (an idle topic). */
    async markUpToDate(topic: string): Promise<void> {
      const raw = lake.current('raw', topic);
      if (raw !== undefined) await this.setCheckpoint(topic, CheckpointLayer.STANDARDIZED, raw);
    },

    async pause(topic: string, by = 'someone-else'): Promise<void> {
      await dynamoDb.send(
        new PutItemCommand({
          TableName: names.checkpointTable,
          Item: {
            topic: { S: topic },
            layer: { S: 'control' },
            paused: { BOOL: true },
            paused_by: { S: by },
          },
        }),
      );
    },

    /** Moves a topic's recorded failure times `seconds` into the past (a back-off that passed). */
    async ageFailures(topic: string, seconds: number): Promise<void> {
      const key = { topic: { S: topic }, layer: { S: FAILURES_LAYER } };
      const { Item: item } = await dynamoDb.send(
        new GetItemCommand({ TableName: names.checkpointTable, Key: key, ConsistentRead: true }),
      );
      if (item === undefined) throw new Error(`${topic} has no failures item`);
      for (const stage of FAILURE_STAGES) {
        const at = item[failureAttributes(stage).failedAt]?.S;
        if (at === undefined) continue;
        item[failureAttributes(stage).failedAt] = {
          S: new Date(Date.parse(at) - seconds * 1000).toISOString(),
        };
      }
      await dynamoDb.send(new PutItemCommand({ TableName: names.checkpointTable, Item: item }));
    },

    /** Sum of a metric of this world's namespace over the last hour. */
    async metricSum(
      metricName: string,
      dimensions: { Name: string; Value: string }[] = [],
    ): Promise<number> {
      const now = Date.now();
      const response = await cloudWatch.send(
        new GetMetricStatisticsCommand({
          Namespace: metricsNamespace,
          MetricName: metricName,
          Dimensions: dimensions,
          StartTime: new Date(now - 3_600_000),
          EndTime: new Date(now + 60_000),
          Period: 60,
          Statistics: ['Sum'],
        }),
      );
      return (response.Datapoints ?? []).reduce((total, point) => total + (point.Sum ?? 0), 0);
    },

    async dispose(): Promise<void> {
      await orchestration.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type World = Awaited<ReturnType<typeof createWorld>>;

export const topicNames = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(4, '0')}`);
