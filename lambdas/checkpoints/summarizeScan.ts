import { classifyTopic, type TopicProgress } from './classifyTopic';
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
  stage: ScanStage,
): ShardScan {
  const active: string[] = [];
  const paused: string[] = [];
  let idle = 0;
  for (const topic of progress) {
    const status = classifyTopic(topic, stage);
    if (status === 'active') active.push(topic.topic);
    else if (status === 'paused') paused.push(topic.topic);
    else idle += 1;
  }
  return {
    seen: progress.length + unavailable.length,
    idle,
    paused,
    unavailable: [...unavailable],
    active,
    activeCount: active.length,
    activeArg: active.join(TOPICS_ARG_SEPARATOR),
  };
}
