import { memoryExecutionState } from '../../lambdas/checkpoints/executionState';
import type { FreshnessReport, TopicLag } from '../../lambdas/checkpoints/freshness';
import { type CheckpointsPorts, handleRequest } from '../../lambdas/checkpoints/handleRequest';
import {
  latestDataCommit,
  parseCurrentSnapshot,
  parseSnapshotHistory,
} from '../../lambdas/checkpoints/parseIcebergMetadata';
import { parseRequest } from '../../lambdas/checkpoints/parseRequest';
import type { StoredProgress as StoredTopicProgress } from '../../lambdas/checkpoints/readTopicProgress';
import type { TopicFailures } from '../../lambdas/checkpoints/topicIsolation';
import type { ExecutionSummary } from '../../lambdas/checkpoints/types';
import type { FailureStage } from '../../lambdas/common/checkpoints';
import { tableNameForTopic } from '../../lambdas/common/naming';
import type { DefinitionVariables } from '../../scripts/local/stepfunctions/definitionVariables';
import { executeDefinition } from '../../scripts/local/stepfunctions/executeDefinition';
import {
  readDefinitionTemplate,
  renderDefinition,
} from '../../scripts/local/stepfunctions/renderDefinition';
import { localTaskHandlers } from '../../scripts/local/stepfunctions/taskHandlers';
import type { GlueJobRun, GlueJobRunner } from '../../scripts/ops/glue/GlueJobRunner';
import { testCheckpointsConfig } from './checkpointsFactories';
import { type Commit, metadataOf, snapshotIdOf } from './icebergMetadata';

/** The stored progress, with the failures item's per-stage counts the world keeps beside it. */
type StoredProgress = StoredTopicProgress & {
  failureCounts?: Partial<Record<FailureStage, number>>;
};

export const NOW = new Date('2026-11-25T03:00:00Z');

/** What Terraform passes (modules/orchestration/main.tf), with real-looking ARNs and names. */
export const terraformVariables: DefinitionVariables = {
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

const config = testCheckpointsConfig;

/**
 * The orchestrator definition Terraform deploys, executed with aws-local-stepfunctions; the
 * checkpoints Lambda is the real handleRequest over in-memory tables and checkpoints, Glue a
 * stand-in that follows the jobs' contract: per topic, commit downstream then advance the
 * checkpoint; a topic in `poisoned` fails alone and is recorded in the failures item (the job
 * goes on with the others and ends FAILED); a topic in `failing` kills its whole run before
 * anything is recorded (a crash or a timeout).
 */
export function orchestratorWorld(topics: string[], clock: () => Date = () => NOW) {
  const commits = new Map<string, Commit[]>(); // `${database}.${table}` → lineage, oldest first
  const stored = new Map<string, StoredProgress>(
    topics.map((topic) => [
      topic,
      { standardizedCheckpoint: undefined, curatedCheckpoint: undefined, paused: false },
    ]),
  );
  const published: { report: FreshnessReport; lags: readonly TopicLag[] }[] = [];
  const summaries: ExecutionSummary[] = [];
  const glueRuns: { job: string; topics: string[] }[] = [];
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
    return lineage === undefined ? undefined : metadataOf(clock(), lineage);
  };
  const ports: CheckpointsPorts = {
    now: clock,
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
    recordFailures: async (names, stage, error, at) => {
      for (const topic of names)
        recordFailure(stored.get(topic) as StoredProgress, stage, error, at);
    },
    publishFreshness: (report, lags) => published.push({ report, lags }),
    publishSummary: (summary) => summaries.push(summary),
    state: memoryExecutionState(),
  };

  /** Plays the Glue jobs by their contract: commit downstream, then advance the checkpoint. */
  const failing = new Set<string>();
  const poisoned = new Set<string>();
  const glue: GlueJobRunner = {
    async run(jobName, args): Promise<GlueJobRun> {
      const runTopics = (args['--topics'] ?? '').split(',');
      const standardize = jobName.endsWith('-standardize');
      const stage = standardize ? 'standardize' : 'curate';
      glueRuns.push({ job: stage, topics: runTopics });
      if (runTopics.some((topic) => failing.has(topic))) {
        return { Id: 'jr', JobName: jobName, JobRunState: 'FAILED', Arguments: args };
      }
      let anyFailed = false;
      for (const topic of runTopics) {
        const progress = stored.get(topic) as StoredProgress;
        if (poisoned.has(topic)) {
          recordFailure(progress, stage, 'ValueError: poisoned', clock());
          anyFailed = true;
          continue;
        }
        clearFailure(progress, stage);
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
      const state = anyFailed ? 'FAILED' : 'SUCCEEDED';
      return { Id: 'jr', JobName: jobName, JobRunState: state, Arguments: args };
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
  return { commit, stored, ports, published, summaries, glueRuns, failing, poisoned, run };
}

/** What the jobs and the settle step write (checkpoints.py record_failure / clear_failures). */
function recordFailure(progress: StoredProgress, stage: FailureStage, error: string, at: Date) {
  const counts = { ...progress.failureCounts, [stage]: (progress.failureCounts?.[stage] ?? 0) + 1 };
  progress.failureCounts = counts;
  progress.failures = {
    consecutive: Math.max(...Object.values(counts)),
    lastFailedAtMs: at.getTime(),
    failedAtMs: { ...progress.failures?.failedAtMs, [stage]: at.getTime() },
    stage,
    error,
  };
}

function clearFailure(progress: StoredProgress, stage: FailureStage) {
  const counts = { ...progress.failureCounts };
  delete counts[stage];
  progress.failureCounts = counts;
  const left = Object.values(counts);
  if (left.length === 0) {
    progress.failures = undefined;
    return;
  }
  const failedAtMs = { ...progress.failures?.failedAtMs };
  delete failedAtMs[stage];
  progress.failures = {
    ...(progress.failures as TopicFailures),
    consecutive: Math.max(...left),
    failedAtMs,
  };
}
