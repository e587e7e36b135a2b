import type { CheckpointsConfig } from '../../../../lambdas/checkpoints/config';
import type { FreshnessReport, TopicLag } from '../../../../lambdas/checkpoints/freshness';
import {
  type CheckpointsPorts,
  handleRequest,
} from '../../../../lambdas/checkpoints/handleRequest';
import {
  latestDataCommit,
  parseCurrentSnapshot,
  parseSnapshotHistory,
} from '../../../../lambdas/checkpoints/parseIcebergMetadata';
import { parseRequest } from '../../../../lambdas/checkpoints/parseRequest';
import type { StoredProgress } from '../../../../lambdas/checkpoints/readTopicProgress';
import { tableNameForTopic } from '../../../../lambdas/common/naming';
import type { DefinitionVariables } from '../../../../scripts/local/stepfunctions/definitionVariables';
import { executeDefinition } from '../../../../scripts/local/stepfunctions/executeDefinition';
import type {
  GlueJobRun,
  GlueJobRunner,
} from '../../../../scripts/local/stepfunctions/GlueJobRunner';
import {
  readDefinitionTemplate,
  renderDefinition,
} from '../../../../scripts/local/stepfunctions/renderDefinition';
import { localTaskHandlers } from '../../../../scripts/local/stepfunctions/taskHandlers';
import { type Commit, metadataOf, snapshotIdOf } from '../../../helpers/icebergMetadata';

// The orchestrator definition Terraform deploys, executed with aws-local-stepfunctions; the
// checkpoints Lambda is the real handleRequest over in-memory tables, Glue a contract-following
// stand-in. What is asserted: freshness is measured AFTER the run's Glue work, joins the summary,
// and a failed measurement neither fails the run nor keeps the lock.

const NOW = new Date('2026-11-25T03:00:00Z');

const terraformVariables: DefinitionVariables = {
  checkpoints_function_arn:
    'arn:aws:lambda:eu-west-1:123456789012:function:lean-ops-prod-checkpoints',
  standardize_job_name: 'lean-ops-prod-standardize',
  curate_job_name: 'lean-ops-prod-curate',
  maintain_job_name: 'lean-ops-prod-maintain',
  locks_table_name: 'lean-ops-prod-locks',
  checkpoint_table_name: 'lean-ops-prod-checkpoints',
  map_max_concurrency: 10,
  topics_per_glue_run: 25,
  metrics_namespace: 'LeanOps',
  maintenance_interval_seconds: 86_400,
  rebuild_timeout_minutes: 240,
  rebuild_timeout_seconds: 15_300,
  rebuild_worker_type: 'G.1X',
  rebuild_number_of_workers: 10,
};

const config: CheckpointsConfig = {
  checkpointTable: 'cp',
  registryTable: 'reg',
  rawDatabase: 'raw',
  standardizedDatabase: 'std',
  curatedDatabase: 'cur',
};

function world(topics: string[]) {
  const commits = new Map<string, Commit[]>(); // `${database}.${table}` → lineage, oldest first
  const stored = new Map<string, StoredProgress>(
    topics.map((topic) => [
      topic,
      { standardizedCheckpoint: undefined, curatedCheckpoint: undefined, paused: false },
    ]),
  );
  const published: { report: FreshnessReport; lags: readonly TopicLag[] }[] = [];
  const lineageOf = (database: string, topic: string) =>
    commits.get(`${database}.${tableNameForTopic(topic)}`) ?? [];
  const commit = (database: string, topic: string, minutesAgo: number) => {
    const lineage = lineageOf(database, topic);
    const next = { seq: (lineage.at(-1)?.seq ?? 0) + 1, minutesAgo };
    commits.set(`${database}.${tableNameForTopic(topic)}`, [...lineage, next]);
    return { snapshotId: snapshotIdOf(next.seq), sequenceNumber: next.seq };
  };
  const metadata = (database: string, table: string) => {
    const lineage = commits.get(`${database}.${table}`);
    return lineage === undefined ? undefined : metadataOf(NOW, lineage);
  };
  const ports: CheckpointsPorts = {
    now: () => NOW,
    listTopics: async () => topics,
    readSnapshot: async (database, table) => {
      const text = metadata(database, table);
      return text === undefined
        ? { exists: false }
        : { exists: true, snapshot: parseCurrentSnapshot(text) };
    },
    readLatestData: async (database, table) => {
      const text = metadata(database, table);
      return text === undefined
        ? { exists: false }
        : { exists: true, snapshot: latestDataCommit(parseSnapshotHistory(text)) };
    },
    readHistory: async (database, table) => {
      const text = metadata(database, table);
      return text === undefined
        ? { exists: false }
        : { exists: true, history: parseSnapshotHistory(text) };
    },
    readProgress: async (names) =>
      new Map(names.map((topic) => [topic, { ...(stored.get(topic) as StoredProgress) }])),
    compareAndSet: async () => 'written',
    publishFreshness: (report, lags) => published.push({ report, lags }),
  };

  /** Plays the Glue jobs by their contract: commit downstream, then advance the checkpoint. */
  const failing = new Set<string>();
  const glue: GlueJobRunner = {
    async run(jobName, args): Promise<GlueJobRun> {
      const runTopics = (args['--topics'] ?? '').split(',');
      const standardize = jobName.endsWith('-standardize');
      if (runTopics.some((topic) => failing.has(topic))) {
        return { Id: 'jr', JobName: jobName, JobRunState: 'FAILED', Arguments: args };
      }
      for (const topic of runTopics) {
        const progress = stored.get(topic) as StoredProgress;
        if (standardize) {
          const raw = lineageOf('raw', topic).at(-1);
          if (raw === undefined) continue;
          commit('std', topic, 0);
          progress.standardizedCheckpoint = {
            snapshotId: snapshotIdOf(raw.seq),
            sequenceNumber: raw.seq,
          };
        } else {
          const std = lineageOf('std', topic).at(-1);
          if (std !== undefined)
            progress.curatedCheckpoint = {
              snapshotId: snapshotIdOf(std.seq),
              sequenceNumber: std.seq,
            };
        }
      }
      return { Id: 'jr', JobName: jobName, JobRunState: 'SUCCEEDED', Arguments: args };
    },
  };

  const definition = renderDefinition(readDefinitionTemplate('orchestrator'), terraformVariables);
  const noSdkCall = { send: async () => ({}) } as never;
  const handlers = localTaskHandlers(definition, {
    invokeLambda: async (_name, payload) =>
      handleRequest(parseRequest(payload), config, ports) as Promise<unknown>,
    dynamoDb: noSdkCall,
    cloudWatch: noSdkCall,
    glue,
  });
  const run = () =>
    executeDefinition(definition, {}, { stateMachineName: 'lean-ops-prod-orchestrator', handlers });
  return { commit, stored, ports, published, failing, run };
}

type Output = { failedTopics: string[]; freshness: Record<string, unknown> };

describe('orchestrator definition: curated freshness at the end of a run', () => {
  it('measures after the Glue runs, so data the run curated no longer counts', async () => {
    // Arrange: `busy` has RAW data of 3 h ago never standardized; `quiet` has had none for days
    const w = world(['busy', 'quiet']);
    w.commit('raw', 'busy', 180);
    w.stored.set('quiet', {
      standardizedCheckpoint: w.commit('raw', 'quiet', 5 * 24 * 60),
      curatedCheckpoint: w.commit('std', 'quiet', 5 * 24 * 60 - 5),
      paused: false,
    });

    // Act
    const { status, output, entered } = await w.run();

    // Assess
    expect(status).toBe('SUCCEEDED');
    expect(entered.MeasureFreshness).toBe(1);
    expect(entered.ReleaseLock).toBe(1);
    expect(w.published).toHaveLength(1);
    expect((output as Output).freshness).toMatchObject({
      maxLagSeconds: 0,
      waiting: 0,
      stalest: [],
      unmeasured: 0,
    });
  });

  it('reports the topics whose run failed, stalest first, with their lags, in the summary', async () => {
    // Arrange
    const w = world(['stuck', 'fine']);
    w.commit('raw', 'stuck', 150);
    w.commit('raw', 'fine', 30);
    w.failing.add('stuck');

    // Act
    const { status, output } = await w.run();

    // Assess
    expect(status).toBe('SUCCEEDED');
    // (one Glue run holds both topics, so the whole run fails: the job's contract)
    expect((output as Output).failedTopics).toEqual(['fine', 'stuck']);
    expect((output as Output).freshness).toMatchObject({
      maxLagSeconds: 150 * 60,
      waiting: 2,
      stalest: [
        { topic: 'stuck', lagSeconds: 150 * 60, stage: 'standardize' },
        { topic: 'fine', lagSeconds: 30 * 60, stage: 'standardize' },
      ],
    });
    expect(w.published[0]?.report.maxLagSeconds).toBe(150 * 60);
  });

  it('measures also when no topic has work (every run publishes a reading)', async () => {
    // Arrange
    const w = world(['idle']);

    // Act
    const { status, output, entered } = await w.run();

    // Assess
    expect(status).toBe('SUCCEEDED');
    expect(entered.NoWork).toBe(1);
    expect((output as Output).freshness).toMatchObject({ maxLagSeconds: 0 });
  });

  it('keeps a failed measurement out of the run’s outcome: the run succeeds and releases the lock', async () => {
    // Arrange
    const w = world(['a']);
    w.commit('raw', 'a', 10);
    w.ports.publishFreshness = () => {
      throw new Error('stdout closed');
    };

    // Act
    const { status, output, entered } = await w.run();

    // Assess
    expect(status).toBe('SUCCEEDED');
    expect(entered.ReleaseLock).toBe(1);
    expect(entered.ReleaseLockAfterError).toBeUndefined();
    expect((output as Output).freshness).toMatchObject({ Error: 'Error' });
  });
});
