import { mapWithConcurrency } from '../common/mapWithConcurrency';
import { MAX_LISTED_TOPICS, READ_CONCURRENCY } from './constants';
import { type ExecutionState, stateKeys } from './executionState';
import { packRuns } from './packRuns';
import { planShards } from './planShards';
import { summarizeExecution } from './summarizeExecution';
import type { IsolationPolicy } from './topicIsolation';
import type {
  ExecutionSummary,
  GlueRunPlan,
  LoadedRun,
  PackedRuns,
  Plan,
  ShardScan,
  ShardScanCounts,
  StoredPlan,
  SummarizeRequest,
} from './types';

/**
 * The orchestrator's steps whose data grows with the registry: each stores what it found under
 * the execution's name (executionState.ts) and answers the state machine with numbers only, so
 * the state stays bounded at any registry size (docs/orchestration.md, "State size").
 */

/** Shards of the registry, stored; the state machine gets shard numbers. */
export async function storePlan(
  topics: readonly string[],
  shardSize: number,
  execution: string,
  state: ExecutionState,
): Promise<Plan> {
  const sharded = planShards(topics, shardSize);
  const stored: StoredPlan = { shards: sharded.shards.map((shard) => shard.topics) };
  await state.put(stateKeys.plan(execution), stored);
  return {
    topicCount: sharded.topicCount,
    shardCount: sharded.shardCount,
    shards: sharded.shards.map((shard) => ({
      shard: shard.shard,
      topicCount: shard.topics.length,
    })),
  };
}

/** The topics of shard `shard` of the execution's plan. */
export async function shardTopics(
  execution: string,
  shard: number,
  state: ExecutionState,
): Promise<string[]> {
  const plan = await state.get<StoredPlan>(stateKeys.plan(execution));
  const topics = plan.shards[shard];
  if (topics === undefined) throw new Error(`the plan of ${execution} has no shard ${shard}`);
  return topics;
}

/** Stores a shard's scan for `pack` and answers with its counts. */
export async function storeScan(
  scan: ShardScan,
  execution: string,
  shard: number,
  state: ExecutionState,
): Promise<ShardScanCounts> {
  await state.put(stateKeys.scan(execution, shard), scan);
  return {
    seen: scan.seen,
    idle: scan.idle,
    activeCount: scan.activeCount,
    pausedCount: scan.paused.length,
    unavailableCount: scan.unavailable.length,
    backingOffCount: scan.backingOff.length,
  };
}

/**
 * Reads every shard's stored scan (a shard whose scan failed has none: its topics count as
 * unavailable), packs the runs, stores each run's topics, and answers with run numbers.
 */
export async function packStoredScans(
  execution: string,
  shardCount: number,
  topicsPerRun: number,
  policy: IsolationPolicy,
  state: ExecutionState,
): Promise<PackedRuns> {
  const shards = Array.from({ length: shardCount }, (_, shard) => shard);
  const scans = await mapWithConcurrency(shards, READ_CONCURRENCY, async (shard) => {
    try {
      return await state.get<ShardScan>(stateKeys.scan(execution, shard));
    } catch {
      const topics = await shardTopics(execution, shard, state);
      const unreadable: ShardScan = {
        seen: topics.length,
        idle: 0,
        paused: [],
        unavailable: topics,
        backingOff: [],
        quarantined: [],
        failing: {},
        active: [],
        activeCount: 0,
        activeArg: '',
      };
      return unreadable;
    }
  });
  const packing = packRuns(scans, topicsPerRun, policy);
  await mapWithConcurrency(packing.runs, READ_CONCURRENCY, (run) =>
    state.put(stateKeys.run(execution, run.run), run),
  );
  return {
    activeCount: packing.activeCount,
    runCount: packing.runCount,
    runs: packing.runs.map((run) => ({
      run: run.run,
      topicCount: run.topics.length,
      failures: run.failures,
    })),
    tally: packing.tally,
  };
}

/** A run branch's topics and Glue argument. */
export async function loadRun(
  execution: string,
  run: number,
  state: ExecutionState,
): Promise<LoadedRun> {
  return { ...(await state.get<GlueRunPlan>(stateKeys.run(execution, run))), execution };
}

/** The execution summary, with the failed topics' names the runs stored. */
export async function summarizeStored(
  request: Omit<SummarizeRequest, 'action'>,
  state: ExecutionState,
): Promise<ExecutionSummary> {
  const failed: string[] = [];
  for (const run of request.runs) {
    if ((run.failedCount ?? 0) === 0 || failed.length >= MAX_LISTED_TOPICS) continue;
    try {
      const outcome = await state.get<{ failed: string[] }>(
        stateKeys.outcome(request.execution, run.run),
      );
      failed.push(...outcome.failed);
    } catch {
      // settle could not store them (its step failed): the counts still say how many
    }
  }
  return summarizeExecution(request, failed);
}
