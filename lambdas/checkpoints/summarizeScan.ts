import { classifyTopic, type TopicProgress, type TopicStatus } from './classifyTopic';
import {
  type IsolationPolicy,
  isBackingOff,
  isQuarantined,
  type TopicFailures,
} from './topicIsolation';
import type { ScanStage, ShardScan } from './types';

/** The topics-argument separator of the Glue jobs (`--topics a,b,c`). */
export const TOPICS_ARG_SEPARATOR = ',';

/** One topic's verdict: a status, and for a failing topic its consecutive failures. */
export interface TopicVerdict {
  topic: string;
  status: TopicStatus;
  /** Consecutive failures of a topic that has work (undefined or 0: healthy). */
  consecutiveFailures?: number;
  quarantined?: boolean;
}

/**
 * Folds the per-topic progress of one shard into the small answer the state machine needs:
 * counts, and names only for topics that are active, paused, backing off after failures or
 * unreadable. At the standardize stage a failing topic with work waits out its back-off
 * (topicIsolation.ts) and is otherwise active with its failure count, which pack uses to keep it
 * away from healthy topics.
 */
export function summarizeScan(
  progress: readonly TopicProgress[],
  unavailable: readonly string[],
  stage: Exclude<ScanStage, 'maintain'>,
  now: Date,
  policy: IsolationPolicy,
): ShardScan {
  return foldStatuses(
    progress.map((topic) => verdictOf(topic, stage, now, policy)),
    unavailable,
  );
}

function verdictOf(
  progress: TopicProgress,
  stage: Exclude<ScanStage, 'maintain'>,
  now: Date,
  policy: IsolationPolicy,
): TopicVerdict {
  const status = classifyTopic(progress, stage);
  const failures: TopicFailures | undefined = progress.failures;
  if (stage !== 'standardize' || status !== 'active' || failures === undefined) {
    return { topic: progress.topic, status };
  }
  return {
    topic: progress.topic,
    status: isBackingOff(failures, now, policy) ? 'backingOff' : 'active',
    consecutiveFailures: failures.consecutive,
    quarantined: isQuarantined(failures.consecutive, policy),
  };
}

/** Topic verdicts folded into a shard's answer. */
export function foldStatuses(
  verdicts: readonly TopicVerdict[],
  unavailable: readonly string[],
): ShardScan {
  const active: string[] = [];
  const paused: string[] = [];
  const backingOff: string[] = [];
  const quarantined: string[] = [];
  const failing: Record<string, number> = {};
  let idle = 0;
  for (const { topic, status, consecutiveFailures, quarantined: isQuarantinedTopic } of verdicts) {
    if (status === 'active') active.push(topic);
    else if (status === 'paused') paused.push(topic);
    else if (status === 'backingOff') backingOff.push(topic);
    else idle += 1;
    if (status === 'active' && (consecutiveFailures ?? 0) > 0)
      failing[topic] = consecutiveFailures ?? 0;
    if (isQuarantinedTopic === true) quarantined.push(topic);
  }
  return {
    seen: verdicts.length + unavailable.length,
    idle,
    paused,
    unavailable: [...unavailable],
    backingOff,
    quarantined,
    failing,
    active,
    activeCount: active.length,
    activeArg: active.join(TOPICS_ARG_SEPARATOR),
  };
}
