import { classifyTopic, type TopicProgress, type TopicStatus } from './classifyTopic';
import type { ScanStage, ShardScan } from './types';

/** The topics-argument separator of the Glue jobs (`--topics a,b,c`). */
export const TOPICS_ARG_SEPARATOR = ',';

/**
 * Folds the per-topic progress of one shard into the small answer the state machine needs:
 * counts, and names only for topics that are active, paused or unreadable.
 */
export function summarizeScan(
  progress: readonly TopicProgress[],
  unavailable: readonly string[],
  stage: Exclude<ScanStage, 'maintain'>,
): ShardScan {
  return foldStatuses(
    progress.map((topic) => ({ topic: topic.topic, status: classifyTopic(topic, stage) })),
    unavailable,
  );
}

/** Topic statuses folded into a shard's answer. */
export function foldStatuses(
  statuses: readonly { topic: string; status: TopicStatus }[],
  unavailable: readonly string[],
): ShardScan {
  const active: string[] = [];
  const paused: string[] = [];
  let idle = 0;
  for (const { topic, status } of statuses) {
    if (status === 'active') active.push(topic);
    else if (status === 'paused') paused.push(topic);
    else idle += 1;
  }
  return {
    seen: statuses.length + unavailable.length,
    idle,
    paused,
    unavailable: [...unavailable],
    active,
    activeCount: active.length,
    activeArg: active.join(TOPICS_ARG_SEPARATOR),
  };
}
