import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  CheckpointLayer,
  CONTROL_LAYER,
  FAILURE_STAGES,
  FAILURES_LAYER,
  failureAttributes,
  MAINTENANCE_LAYER,
  type SnapshotRef,
  snapshotFromItem,
} from '../common/checkpoints';
import { BATCH_GET_MAX_ATTEMPTS, BATCH_GET_MAX_KEYS } from './constants';
import type { TopicFailures } from './topicIsolation';

/** What the checkpoints table says about one topic. */
export interface StoredProgress {
  standardizedCheckpoint: SnapshotRef | undefined;
  curatedCheckpoint: SnapshotRef | undefined;
  paused: boolean;
  /** When the maintain job last finished the topic's tables (epoch ms); undefined: never. */
  maintainedAtMs?: number;
  /** Consecutive failures of a stage not yet followed by a success; undefined: healthy. */
  failures?: TopicFailures;
}

const LAYERS = [
  CheckpointLayer.STANDARDIZED,
  CheckpointLayer.CURATED,
  CONTROL_LAYER,
  MAINTENANCE_LAYER,
  FAILURES_LAYER,
] as const;

/**
 * Reads the standardized and curated checkpoints and the control item of each topic with
 * strongly consistent BatchGetItem calls (a rebuilder's pause must be seen by the next scan).
 */
export async function readTopicProgress(
  client: DynamoDBDocumentClient,
  table: string,
  topics: readonly string[],
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<Map<string, StoredProgress>> {
  const progress = new Map<string, StoredProgress>(
    topics.map((topic) => [
      topic,
      {
        standardizedCheckpoint: undefined,
        curatedCheckpoint: undefined,
        paused: false,
        maintainedAtMs: undefined,
        failures: undefined,
      },
    ]),
  );
  const keys = topics.flatMap((topic) => LAYERS.map((layer) => ({ topic, layer })));
  for (let start = 0; start < keys.length; start += BATCH_GET_MAX_KEYS) {
    let pending: Record<string, unknown>[] = keys.slice(start, start + BATCH_GET_MAX_KEYS);
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > BATCH_GET_MAX_ATTEMPTS) {
        throw new Error(
          `${pending.length} checkpoint keys still unprocessed after ${BATCH_GET_MAX_ATTEMPTS} attempts`,
        );
      }
      if (attempt > 1) await sleep(50 * 2 ** attempt);
      const response = await client.send(
        new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: true } } }),
      );
      for (const item of response.Responses?.[table] ?? []) apply(progress, item);
      pending = response.UnprocessedKeys?.[table]?.Keys ?? [];
    }
  }
  return progress;
}

function apply(progress: Map<string, StoredProgress>, item: Record<string, unknown>): void {
  const entry = progress.get(String(item.topic));
  if (entry === undefined) return;
  if (item.layer === CheckpointLayer.STANDARDIZED)
    entry.standardizedCheckpoint = snapshotFromItem(item);
  else if (item.layer === CheckpointLayer.CURATED) entry.curatedCheckpoint = snapshotFromItem(item);
  else if (item.layer === CONTROL_LAYER) entry.paused = item.paused === true;
  else if (item.layer === MAINTENANCE_LAYER) entry.maintainedAtMs = timeOf(item.maintained_at);
  else if (item.layer === FAILURES_LAYER) entry.failures = failuresOf(item);
}

/**
 * The failures item folded over its stages; undefined when no stage is failing. A count without
 * a readable time counts as failed now, so a damaged item backs off instead of being ignored.
 */
export function failuresOf(
  item: Record<string, unknown>,
  nowMs: number = Date.now(),
): TopicFailures | undefined {
  let folded: TopicFailures | undefined;
  for (const stage of FAILURE_STAGES) {
    const names = failureAttributes(stage);
    const count = Number(item[names.count] ?? 0);
    if (!Number.isFinite(count) || count < 1) continue;
    const failedAtMs = timeOf(item[names.failedAt]) ?? nowMs;
    const error = typeof item[names.error] === 'string' ? (item[names.error] as string) : '';
    if (folded === undefined) {
      folded = { consecutive: count, lastFailedAtMs: failedAtMs, failedAtMs: {}, stage, error };
    } else {
      folded.consecutive = Math.max(folded.consecutive, count);
      if (failedAtMs > folded.lastFailedAtMs) {
        Object.assign(folded, { lastFailedAtMs: failedAtMs, stage, error });
      }
    }
    folded.failedAtMs[stage] = failedAtMs;
  }
  return folded;
}

/** A stored ISO-8601 time in epoch ms; undefined when absent or unreadable (then maintenance is due). */
function timeOf(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const millis = Date.parse(value);
  return Number.isNaN(millis) ? undefined : millis;
}
