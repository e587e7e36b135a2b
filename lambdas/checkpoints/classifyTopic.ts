import type { SnapshotRef } from '../common/checkpoints';
import type { TopicFailures } from './topicIsolation';
import type { ScanStage } from './types';

/** Everything known about one topic's progress at scan time. */
export interface TopicProgress {
  topic: string;
  /** Current snapshot of the topic's RAW table (undefined: never written). */
  raw: SnapshotRef | undefined;
  /** Current snapshot of the topic's standardized table (undefined: never written). */
  standardized: SnapshotRef | undefined;
  /** Last RAW snapshot standardized. */
  standardizedCheckpoint: SnapshotRef | undefined;
  /** Last standardized snapshot curated. */
  curatedCheckpoint: SnapshotRef | undefined;
  paused: boolean;
  /** Recorded consecutive failures (undefined: healthy); summarizeScan.ts applies them. */
  failures?: TopicFailures;
}

/** `backingOff`: has work, but failed recently and waits out its back-off (topicIsolation.ts). */
export type TopicStatus = 'paused' | 'active' | 'idle' | 'backingOff';

/** Whether `current` holds data after `checkpoint` (sequence numbers only grow within a table). */
export function hasDataAfter(
  current: SnapshotRef | undefined,
  checkpoint: SnapshotRef | undefined,
): boolean {
  if (current === undefined) return false;
  return checkpoint === undefined || current.sequenceNumber > checkpoint.sequenceNumber;
}

/**
 * What the orchestrator does with a topic. A paused topic (being rebuilt) is never worked on.
 * At the standardize stage a topic is active when RAW moved past the standardized checkpoint,
 * or when standardized data is still waiting for curate (a curate run failed last time). At the
 * curate stage only the second counts.
 *
 * @example
 * classifyTopic({ topic: 't', raw: { snapshotId: '9', sequenceNumber: 4 }, standardized: undefined,
 *   standardizedCheckpoint: { snapshotId: '9', sequenceNumber: 4 }, curatedCheckpoint: undefined, paused: false }, 'standardize');
 * // → 'idle'
 */
export function classifyTopic(progress: TopicProgress, stage: ScanStage): TopicStatus {
  if (progress.paused) return 'paused';
  const curatePending = hasDataAfter(progress.standardized, progress.curatedCheckpoint);
  if (stage === 'curate') return curatePending ? 'active' : 'idle';
  const standardizePending = hasDataAfter(progress.raw, progress.standardizedCheckpoint);
  return standardizePending || curatePending ? 'active' : 'idle';
}
