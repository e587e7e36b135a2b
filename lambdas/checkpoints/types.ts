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

/** Splits the registry into shards of at most `shardSize` topics. */
export interface PlanRequest {
  action: 'plan';
  shardSize: number;
}
export interface Plan {
  topicCount: number;
  shardCount: number;
  shards: { shard: number; topics: string[] }[];
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

/** Packs the active topics of every shard into Glue runs of at most `topicsPerRun` topics. */
export interface PackRequest {
  action: 'pack';
  scans: ShardScan[];
  topicsPerRun: number;
}
export interface GlueRunPlan {
  run: number;
  topics: string[];
  topicsArg: string;
  /** Consecutive failures shared by the run's topics: 0 for a run of healthy topics. */
  failures: number;
}
/** The shards' scans folded into what the summary needs, so the scans can leave the state. */
export interface ScanTally {
  seen: number;
  idle: number;
  active: number;
  paused: string[];
  unavailable: string[];
  backingOff: string[];
  quarantined: string[];
}
export interface Packing {
  activeCount: number;
  runCount: number;
  runs: GlueRunPlan[];
  tally: ScanTally;
}

/** The result of one Map branch (one standardize run and, when needed, one curate run). */
export interface RunResult {
  topics: string[];
  processed: string[];
  failed: string[];
  standardize: StageOutcome;
  curate: StageOutcome;
  /** The branch's table maintenance (absent when the branch did not reach it). */
  maintain?: StageOutcome;
  /** The error name of a stage that failed ('' or absent otherwise). */
  standardizeError?: string;
  curateError?: string;
}
export type StageOutcome = 'SUCCEEDED' | 'FAILED' | 'SKIPPED' | 'NOT_REACHED';

/**
 * Sent by each run branch after its Glue jobs (settleRun.ts). `since` is the execution's start
 * (`$$.Execution.StartTime`): failures recorded at or after it belong to this execution.
 */
export interface SettleRequest {
  action: 'settle';
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
  /** Topics this settlement recorded as failed because their job died without saying which. */
  recorded: string[];
}

export interface SummarizeRequest {
  action: 'summarize';
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
