import type { CheckpointWriteOutcome, CompareAndSetRequest } from '../common/checkpoints';
import { mapWithConcurrency } from '../common/mapWithConcurrency';
import { tableNameForTopic } from '../common/naming';
import type { TopicProgress } from './classifyTopic';
import type { CheckpointsConfig } from './config';
import { FRESHNESS_READ_CONCURRENCY, MAX_TOPICS_PER_SCAN, READ_CONCURRENCY } from './constants';
import { InvalidRequestError } from './errors';
import type { ExecutionState } from './executionState';
import {
  loadRun,
  packStoredScans,
  shardTopics,
  storePlan,
  storeScan,
  summarizeStored,
} from './executionSteps';
import { type FreshnessReport, summarizeFreshness, type TopicLag, topicLag } from './freshness';
import { leaseWindow } from './leaseWindow';
import { maintenanceStatus } from './maintenanceDue';
import type { TableHistory, TableSnapshot } from './readTableSnapshot';
import type { StoredProgress } from './readTopicProgress';
import { capture, commitRebuild } from './rebuildCheckpoints';
import { type SettlePorts, settleRun } from './settleRun';
import { foldStatuses, summarizeScan } from './summarizeScan';
import { healthOf, type TableHealth } from './tableHealth';
import { DEFAULT_ISOLATION } from './topicIsolation';
import type {
  Capture,
  CheckpointsRequest,
  CommitRebuild,
  ExecutionSummary,
  Lease,
  LoadedRun,
  PackedRuns,
  Plan,
  RunSettlement,
  ScanRequest,
  ShardScan,
  ShardScanCounts,
} from './types';

/** The AWS side of the Lambda, injected so the logic runs in tests without an SDK mock. */
export interface CheckpointsPorts {
  now: () => Date;
  listTopics: () => Promise<string[]>;
  readSnapshot: (database: string, table: string) => Promise<TableSnapshot>;
  /** The newest commit that added data (compaction and manifest rewrites skipped): scans only. */
  readLatestData: (database: string, table: string) => Promise<TableSnapshot>;
  /** The table's current snapshot with its lineage and commit times (freshness only). */
  readHistory: (database: string, table: string) => Promise<TableHistory>;
  readProgress: (topics: readonly string[]) => Promise<Map<string, StoredProgress>>;
  compareAndSet: (request: Omit<CompareAndSetRequest, 'table'>) => Promise<CheckpointWriteOutcome>;
  /** Counts one more consecutive failure of a stage for each topic (settleRun.ts). */
  recordFailures: SettlePorts['recordFailures'];
  /** Publishes an execution summary's fleet figures (EMF: quarantined and backing-off topics). */
  publishSummary: (summary: ExecutionSummary) => void;
  /** What an orchestrator execution stores instead of carrying it in its state. */
  state: ExecutionState;
  /** Per-topic read failures: logged by the handler, reported as `unavailable`. */
  onTopicError?: (topic: string, error: unknown) => void;
  /** Publishes a freshness measurement (EMF metrics and a log line in the Lambda). */
  publishFreshness: (report: FreshnessReport, lags: readonly TopicLag[]) => void;
}

type Response =
  | Lease
  | Plan
  | ShardScan
  | ShardScanCounts
  | PackedRuns
  | LoadedRun
  | ExecutionSummary
  | RunSettlement
  | Capture
  | CommitRebuild
  | FreshnessReport;

/**
 * Answers one state-machine request. Reads never fail a whole shard for one bad topic: that
 * topic is reported `unavailable` and the others go on.
 */
export async function handleRequest(
  request: CheckpointsRequest,
  config: CheckpointsConfig,
  ports: CheckpointsPorts,
): Promise<Response> {
  switch (request.action) {
    case 'lease':
      return leaseWindow(ports.now(), request.ttlSeconds);
    case 'plan':
      return storePlan(await ports.listTopics(), request.shardSize, request.execution, ports.state);
    case 'scan': {
      const { execution, shard } = request;
      if (execution === undefined || shard === undefined) return scan(request, config, ports);
      const topics = await shardTopics(execution, shard, ports.state);
      const found = await scan({ ...request, topics }, config, ports);
      return storeScan(found, execution, shard, ports.state);
    }
    case 'pack':
      return packStoredScans(
        request.execution,
        request.shardCount,
        request.topicsPerRun,
        DEFAULT_ISOLATION,
        ports.state,
      );
    case 'load-run':
      return loadRun(request.execution, request.run, ports.state);
    case 'settle':
      return settleRun(request, ports);
    case 'summarize': {
      const summary = await summarizeStored(request, ports.state);
      ports.publishSummary(summary);
      return summary;
    }
    case 'capture':
      return capture(request.topic, config, ports);
    case 'commit-rebuild':
      return commitRebuild(request, config, ports);
    case 'freshness':
      return freshness(config, ports);
  }
}

/**
 * Measures every registered topic's lag (freshness.ts) and publishes it. A topic that cannot be
 * read is reported unmeasured and the others go on; only a registry or checkpoint read failure
 * fails the whole measurement (then nothing is published, and the alarm sees missing data).
 */
async function freshness(
  config: CheckpointsConfig,
  ports: CheckpointsPorts,
): Promise<FreshnessReport> {
  const topics = await ports.listTopics();
  const stored = await ports.readProgress(topics);
  const unmeasured: string[] = [];
  const lags: TopicLag[] = [];
  const healths: TableHealth[] = [];
  await mapWithConcurrency(topics, FRESHNESS_READ_CONCURRENCY, async (topic) => {
    try {
      const table = tableNameForTopic(topic);
      const raw = await ports.readHistory(config.rawDatabase, table);
      if (!raw.exists) throw new Error(`RAW table ${config.rawDatabase}.${table} does not exist`);
      const standardized = await ports.readHistory(config.standardizedDatabase, table);
      for (const [layer, read] of [
        ['raw', raw],
        ['standardized', standardized],
      ] as const) {
        const health = read.exists ? healthOf(topic, layer, read.history) : undefined;
        if (health !== undefined) healths.push(health);
      }
      const progress = stored.get(topic);
      // The clock is read after the tables: a commit landing meanwhile is not in the future.
      lags.push(
        topicLag(
          {
            topic,
            paused: progress?.paused ?? false,
            raw: raw.history,
            standardized: standardized.exists ? standardized.history : undefined,
            standardizedCheckpoint: progress?.standardizedCheckpoint,
            curatedCheckpoint: progress?.curatedCheckpoint,
          },
          ports.now(),
        ),
      );
    } catch (error) {
      ports.onTopicError?.(topic, error);
      unmeasured.push(topic);
    }
  });
  const report = summarizeFreshness(lags, unmeasured, ports.now(), healths);
  ports.publishFreshness(report, lags);
  return report;
}

async function scan(
  request: ScanRequest,
  config: CheckpointsConfig,
  ports: CheckpointsPorts,
): Promise<ShardScan> {
  const stage = request.stage ?? 'standardize';
  const topics = request.all === true ? await ports.listTopics() : (request.topics ?? []);
  if (topics.length > MAX_TOPICS_PER_SCAN) {
    throw new InvalidRequestError(
      `the registry has ${topics.length} topics: scan it by shards (plan first)`,
    );
  }
  const stored = await ports.readProgress(topics);
  if (stage === 'maintain') {
    // DynamoDB only: whether maintenance is due needs no table read
    const now = ports.now();
    const statuses = topics.map((topic) => {
      const progress = stored.get(topic) ?? { paused: false, maintainedAtMs: undefined };
      return { topic, status: maintenanceStatus(progress, now, request.intervalSeconds ?? 86_400) };
    });
    return foldStatuses(statuses, []);
  }
  const unavailable: string[] = [];
  const read = await mapWithConcurrency(
    topics,
    READ_CONCURRENCY,
    async (topic): Promise<TopicProgress | undefined> => {
      try {
        const table = tableNameForTopic(topic);
        const raw =
          stage === 'curate' ? undefined : await ports.readLatestData(config.rawDatabase, table);
        if (raw !== undefined && !raw.exists)
          throw new Error(`RAW table ${config.rawDatabase}.${table} does not exist`);
        const standardized = await ports.readLatestData(config.standardizedDatabase, table);
        const progress = stored.get(topic);
        return {
          topic,
          raw: raw?.exists ? raw.snapshot : undefined,
          standardized: standardized.exists ? standardized.snapshot : undefined,
          standardizedCheckpoint: progress?.standardizedCheckpoint,
          curatedCheckpoint: progress?.curatedCheckpoint,
          paused: progress?.paused ?? false,
          failures: progress?.failures,
        };
      } catch (error) {
        ports.onTopicError?.(topic, error);
        unavailable.push(topic);
        return undefined;
      }
    },
  );
  return summarizeScan(
    read.filter((progress): progress is TopicProgress => progress !== undefined),
    unavailable.sort(),
    stage,
    ports.now(),
    DEFAULT_ISOLATION,
  );
}
