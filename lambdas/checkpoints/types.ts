import type { SnapshotRef } from '../common/checkpoints';

/**
 * The requests the state machines send (field `action`). Every response is small: counts, and
 * topic names only where the next state needs them.
 */
export type CheckpointsRequest =
  | LeaseRequest
  | PlanRequest
  | ScanRequest
  | PackRequest
  | SummarizeRequest
  | SettleRequest
  | LoadRunRequest
  | CaptureRequest
  | CommitRebuildRequest
  | FreshnessRequest;

/** Now and a lock expiry in epoch seconds, as DynamoDB number strings (ASL has no clock arithmetic). */
export interface LeaseRequest {
  action: 'lease';
  ttlSeconds: number;
}
export interface Lease {
  now: string;
  expiresAt: string;
}

/**
 * Splits the registry into shards of at most `shardSize` topics, stored as the execution's plan
 * (executionState.ts); only shard numbers travel.
 */
export interface PlanRequest {
  action: 'plan';
  shardSize: number;
  /** `$$.Execution.Name`: the key of everything this execution stores. */
  execution: string;
}
/** The stored plan: each shard's topics. */
export interface StoredPlan {
  shards: string[][];
}
/** The registry in shards (planShards.ts), before it is stored. */
export interface ShardedRegistry {
  topicCount: number;
  shardCount: number;
  shards: { shard: number; topics: string[] }[];
}
export interface Plan {
  topicCount: number;
  shardCount: number;
  shards: { shard: number; topicCount: number }[];
}

/**
 * Which topics of a shard have work. `stage: 'standardize'` (the default) is the orchestrator's
 * first look: new RAW data or standardized data not yet curated. `stage: 'curate'`, asked after a
 * standardize run: standardized data not yet curated. `all: true` reads the registry instead
 * (operators, small registries only: at most MAX_TOPICS_PER_SCAN topics).
 */
export interface ScanRequest {
  action: 'scan';
  topics?: string[];
  /** The orchestrator's standardize scan: shard `shard` of the execution's stored plan. */
  execution?: string;
  shard?: number;
  all?: boolean;
  stage?: ScanStage;
  /** `stage: 'maintain'` only: how long after its last maintenance a topic is due again. */
  intervalSeconds?: number;
}
/**
 * `maintain`, asked by a run branch after curate for the topics it processed: the topics whose
 * tables are due for the maintain job (maintenanceDue.ts; no table is read).
 */
export type ScanStage = 'standardize' | 'curate' | 'maintain';
export interface ShardScan {
  seen: number;
  idle: number;
  paused: string[];
  /** Registered topics whose tables or checkpoints could not be read (reported, never fatal). */
  unavailable: string[];
  /** Topics with work that failed recently and wait out their back-off (topicIsolation.ts). */
  backingOff: string[];
  /** Topics with work and `quarantineAfter` or more consecutive failures (active or backing off). */
  quarantined: string[];
  /** Active topics that failed last time: name → consecutive failures (pack isolates them). */
  failing: Record<string, number>;
  active: string[];
  activeCount: number;
  /** `active` as the Glue jobs' `--topics` argument. */
  activeArg: string;
}

/**
 * What a shard scan answers the state machine when its scan is stored (the orchestrator): counts
 * only; `pack` reads the stored scans.
 */
export interface ShardScanCounts {
  seen: number;
  idle: number;
  activeCount: number;
  pausedCount: number;
  unavailableCount: number;
  backingOffCount: number;
}

/**
 * Packs the active topics of the execution's stored scans into Glue runs of at most
 * `topicsPerRun` topics, stored one object per run; a shard without a stored scan (its scan
 * failed) counts its topics unavailable.
 */
export interface PackRequest {
  action: 'pack';
  execution: string;
  shardCount: number;
  topicsPerRun: number;
}
export interface GlueRunPlan {
  run: number;
  topics: string[];
  topicsArg: string;
  /** Consecutive failures shared by the run's topics: 0 for a run of healthy topics. */
  failures: number;
}
/**
 * The shards' scans folded into what the summary needs: counts, and names of paused,
 * unavailable, backing-off and quarantined topics up to MAX_LISTED_TOPICS each.
 */
export interface ScanTally {
  seen: number;
  idle: number;
  active: number;
  paused: string[];
  unavailable: string[];
  backingOff: string[];
  quarantined: string[];
  pausedCount: number;
  unavailableCount: number;
  backingOffCount: number;
  quarantinedCount: number;
}
export interface Packing {
  activeCount: number;
  runCount: number;
  runs: GlueRunPlan[];
  tally: ScanTally;
}
/** What `pack` answers: runs by number (their topics are stored), and the tally. */
export interface PackedRuns {
  activeCount: number;
  runCount: number;
  runs: { run: number; topicCount: number; failures: number }[];
  tally: ScanTally;
}

/** A run branch's first step: the run's topics, from the execution's state. */
export interface LoadRunRequest {
  action: 'load-run';
  execution: string;
  run: number;
}
export interface LoadedRun extends GlueRunPlan {
  execution: string;
}

/**
 * The result of one Map branch (one standardize run and, when needed, one curate run): counts;
 * the names of its failed topics are stored (executionState.ts, outcome) when there are any.
 */
export interface RunResult {
  run: number;
  topicCount: number;
  processedCount: number;
  failedCount: number;
  standardize: StageOutcome;
  curate: StageOutcome;
  /** The branch's table maintenance (absent when the branch did not reach it). */
  maintain?: StageOutcome;
  /** The error name of a stage that failed ('' or absent otherwise). */
  standardizeError?: string;
  curateError?: string;
  /** The run's topics could not be loaded: nothing ran. */
  unreadable?: boolean;
}
export type StageOutcome = 'SUCCEEDED' | 'FAILED' | 'SKIPPED' | 'NOT_REACHED';

/**
 * Sent by each run branch after its Glue jobs (settleRun.ts). `since` is the execution's start
 * (`$$.Execution.StartTime`): failures recorded at or after it belong to this execution.
 */
export interface SettleRequest {
  action: 'settle';
  /** Where to store the run's failed topics (absent: not stored). */
  execution?: string;
  run?: number;
  topics: string[];
  since: string;
  standardize: StageOutcome;
  curate: StageOutcome;
  /** The topics the curate run was started for (empty when it was not). */
  curateTopics: string[];
  /** A failed job's error name, recorded for its topics when the job recorded none. */
  standardizeError?: string;
  curateError?: string;
}
export interface RunSettlement {
  failed: string[];
  failedCount: number;
  /** The run's topics that did not fail: the maintain scan's candidates. */
  processed: string[];
  processedCount: number;
  /** Topics this settlement recorded as failed because their job died without saying which. */
  recorded: string[];
}

export interface SummarizeRequest {
  action: 'summarize';
  /** Where the runs' failed topics are stored. */
  execution: string;
  plan: Pick<Plan, 'topicCount' | 'shardCount'>;
  tally: ScanTally;
  runs: RunResult[];
}
export interface ExecutionSummary {
  topicsSeen: number;
  idle: number;
  paused: number;
  unavailable: number;
  active: number;
  processed: number;
  failed: number;
  glueRunsStarted: number;
  standardizeRuns: number;
  curateRuns: number;
  /** Branches that maintained their due topics, and those whose maintenance failed (not in glueRunsStarted). */
  maintainRuns: number;
  maintainFailedRuns: number;
  pausedTopics: string[];
  unavailableTopics: string[];
  failedTopics: string[];
  /** Runs whose topics could not be loaded (their branch did nothing; the next execution retries). */
  unreadableRuns: number;
  /** Failing topics waiting out their back-off, and those quarantined (topicIsolation.ts). */
  backingOff: number;
  quarantined: number;
  backingOffTopics: string[];
  quarantinedTopics: string[];
}

/** The rebuilder's capture of the RAW snapshot, BEFORE anything reads RAW. */
export interface CaptureRequest {
  action: 'capture';
  topic: string;
}
export interface Capture {
  topic: string;
  /** null: the RAW table has no snapshot yet (nothing to rebuild from). */
  snapshotId: string | null;
  sequenceNumber: number | null;
}

/** After a successful rebuild: standardized → the captured RAW snapshot, curated → the rebuilt standardized snapshot. */
export interface CommitRebuildRequest {
  action: 'commit-rebuild';
  topic: string;
  captured: Capture;
  runId: string;
}
export interface CommitRebuild {
  topic: string;
  standardized: { outcome: string; checkpoint: SnapshotRef | null };
  curated: { outcome: string; checkpoint: SnapshotRef | null };
}

/**
 * Measures curated freshness over the whole registry and publishes it as EMF metrics
 * (freshness.ts). Sent by the orchestrator at the end of a run and by the freshness schedule.
 */
export interface FreshnessRequest {
  action: 'freshness';
}
