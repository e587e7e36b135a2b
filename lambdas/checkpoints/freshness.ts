import type { SnapshotRef } from '../common/checkpoints';
import { CheckpointsError } from './errors';
import type { SnapshotHistory } from './parseIcebergMetadata';
import { type FleetTableHealth, summarizeTableHealth, type TableHealth } from './tableHealth';

/**
 * Curated freshness (docs/decisions.md, "Curated freshness lag"): per topic, how long the oldest
 * data that has landed in RAW but not yet reached curated has been waiting. A topic with nothing
 * waiting has lag 0, however long ago its last record arrived: an idle topic is not stale.
 *
 * No AWS here: the handler reads the tables and checkpoints, this module only computes.
 */

/** What is known about one topic when freshness is measured. */
export interface FreshnessInput {
  topic: string;
  /** Paused by a rebuild: its data still waits, so it is measured like any other topic. */
  paused: boolean;
  /** The RAW table's current snapshot and lineage (undefined: never written). */
  raw: SnapshotHistory | undefined;
  /** The standardized table's current snapshot and lineage (undefined: never written). */
  standardized: SnapshotHistory | undefined;
  /** Last RAW snapshot standardized. */
  standardizedCheckpoint: SnapshotRef | undefined;
  /** Last standardized snapshot curated. */
  curatedCheckpoint: SnapshotRef | undefined;
}

/** Where the oldest waiting data of a topic is. */
export type WaitingStage = 'standardize' | 'curate';

export interface TopicLag {
  topic: string;
  /** Whole seconds the oldest waiting data has waited; 0 when nothing waits. */
  lagSeconds: number;
  /** Commit time (ISO-8601) of the oldest waiting data; absent when nothing waits. */
  waitingSince?: string;
  /** `standardize`: in RAW, not yet standardized; `curate`: standardized, not yet curated. */
  stage?: WaitingStage;
  paused: boolean;
}

/** The metadata of a waiting snapshot has no commit time: the topic's lag cannot be told. */
export class FreshnessUnknownError extends CheckpointsError {
  constructor(
    readonly topic: string,
    snapshotId: string,
  ) {
    super(`topic ${topic}: waiting snapshot ${snapshotId} has no timestamp-ms`);
  }
}

/**
 * Commit time (epoch ms) of the oldest snapshot in `history`'s lineage that is after `checkpoint`
 * and carries data; undefined when nothing after the checkpoint carries data. Walks the lineage
 * newest first and stops at the checkpoint, so the cost is the number of waiting commits.
 */
export function oldestWaitingCommit(
  topic: string,
  history: SnapshotHistory | undefined,
  checkpoint: SnapshotRef | undefined,
): number | undefined {
  let oldest: number | undefined;
  for (const snapshot of history?.lineage ?? []) {
    if (checkpoint !== undefined && snapshot.sequenceNumber <= checkpoint.sequenceNumber) break;
    if (!snapshot.addsData) continue;
    if (snapshot.committedAtMs === undefined) {
      throw new FreshnessUnknownError(topic, snapshot.snapshotId);
    }
    oldest =
      oldest === undefined ? snapshot.committedAtMs : Math.min(oldest, snapshot.committedAtMs);
  }
  return oldest;
}

/**
 * A topic's lag at `now`. Two places hold data curated has not seen:
 * - RAW commits after the standardized checkpoint (not standardized yet): the clock starts at
 *   their RAW commit time;
 * - standardized commits after the curated checkpoint (standardized, curate failed or pending):
 *   the clock starts at the standardized commit time, which is later than the RAW commit of the
 *   rows in it, so this part can read low by the time those rows waited for standardize (in a
 *   healthy pipeline one run); RAW → standardized lineage is not recorded, so nothing better is
 *   known without reading data.
 * The older of the two wins. Throws FreshnessUnknownError when a waiting commit has no time.
 *
 * @example
 * topicLag({ topic: 't', paused: false, raw, standardized, standardizedCheckpoint, curatedCheckpoint }, now);
 * // → { topic: 't', lagSeconds: 1800, waitingSince: '2026-01-01T00:00:00.000Z', stage: 'standardize', paused: false }
 */
export function topicLag(input: FreshnessInput, now: Date): TopicLag {
  const rawWaiting = oldestWaitingCommit(input.topic, input.raw, input.standardizedCheckpoint);
  const curateWaiting = oldestWaitingCommit(
    input.topic,
    input.standardized,
    input.curatedCheckpoint,
  );
  const base = { topic: input.topic, paused: input.paused };
  if (rawWaiting === undefined && curateWaiting === undefined) return { ...base, lagSeconds: 0 };
  const stage: WaitingStage =
    curateWaiting !== undefined && (rawWaiting === undefined || curateWaiting < rawWaiting)
      ? 'curate'
      : 'standardize';
  const since = (stage === 'curate' ? curateWaiting : rawWaiting) as number;
  return {
    ...base,
    lagSeconds: Math.max(0, Math.floor((now.getTime() - since) / 1000)),
    waitingSince: new Date(since).toISOString(),
    stage,
  };
}

/** The `freshness` answer: small, whatever the registry size. */
export interface FreshnessReport {
  measuredAt: string;
  /** Registered topics (RETIRED excluded). */
  topics: number;
  /** Topics whose lag could be told. */
  measured: number;
  /** Measured topics with data waiting (lag > 0 or waiting since this very second). */
  waiting: number;
  /** The fleet-wide value the alarm reads: the largest lag of any measured topic (0 if none). */
  maxLagSeconds: number;
  /** The topics with the largest lags, largest first (at most STALEST_SHOWN). */
  stalest: TopicLag[];
  /** Registered topics whose tables or checkpoints could not be read, or whose lag is unknown. */
  unmeasured: number;
  /** Their names, sorted, at most UNMEASURED_NAMES_SHOWN. */
  unmeasuredTopics: string[];
  /** Snapshots and metadata size of the measured RAW and standardized tables (tableHealth.ts). */
  tableHealth: FleetTableHealth;
}

/** Topics named in `stalest`. */
export const STALEST_SHOWN = 5;
/** Unmeasured topics named in the answer (the count is always complete). */
export const UNMEASURED_NAMES_SHOWN = 20;

/** Whether data of this topic is waiting (its lag may still be 0 s if it landed this second). */
export function isWaiting(lag: TopicLag): boolean {
  return lag.waitingSince !== undefined;
}

/**
 * Folds per-topic lags into the report. Unmeasured topics do not count towards the maximum (their
 * lag is unknown, not 0); they are counted and named so the reader knows the maximum is partial.
 */
export function summarizeFreshness(
  lags: readonly TopicLag[],
  unmeasured: readonly string[],
  now: Date,
  tables: readonly TableHealth[] = [],
): FreshnessReport {
  const waiting = lags
    .filter(isWaiting)
    .sort((a, b) => b.lagSeconds - a.lagSeconds || a.topic.localeCompare(b.topic));
  const names = [...unmeasured].sort();
  return {
    measuredAt: now.toISOString(),
    topics: lags.length + names.length,
    measured: lags.length,
    waiting: waiting.length,
    maxLagSeconds: waiting[0]?.lagSeconds ?? 0,
    stalest: waiting.slice(0, STALEST_SHOWN),
    unmeasured: names.length,
    unmeasuredTopics: names.slice(0, UNMEASURED_NAMES_SHOWN),
    tableHealth: summarizeTableHealth(tables),
  };
}
