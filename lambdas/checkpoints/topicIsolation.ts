import type { FailureStage } from '../common/checkpoints';

/**
 * Topic isolation (docs/orchestration.md): a topic that failed is retried apart from healthy
 * topics, after a back-off that doubles with each consecutive failure, in runs that halve with it
 * (a run that died without saying which topic failed is split until the culprit runs alone), and
 * quarantined — alone, at the longest back-off, alarmed — once it failed `quarantineAfter` times
 * in a row. Healthy topics are never packed with a failing one.
 */
export interface IsolationPolicy {
  /** Back-off after the second consecutive failure; the first is retried at the next cycle. */
  retryBaseSeconds: number;
  /** The longest back-off, and the quarantined topics' retry interval. */
  retryMaxSeconds: number;
  /** Consecutive failures after which a topic is quarantined. */
  quarantineAfter: number;
}

/**
 * 15 minutes is the orchestrator's schedule: after failures 1-4 a topic is retried after 0, 15, 30
 * and 60 minutes (the back-off doubles as the runs halve, so when every topic fails at once the
 * Glue runs per hour stay near those of a healthy fleet); from the fifth it is quarantined and
 * retried alone every 6 hours.
 */
export const DEFAULT_ISOLATION: IsolationPolicy = {
  retryBaseSeconds: 900,
  retryMaxSeconds: 21_600,
  quarantineAfter: 5,
};

/** A topic's recorded failures, folded over stages (readTopicProgress.ts). */
export interface TopicFailures {
  /** The larger of the stages' consecutive failure counts. */
  consecutive: number;
  /** The latest failure of any stage (epoch ms). */
  lastFailedAtMs: number;
  /** Per stage: when it last failed (epoch ms), if it is failing. */
  failedAtMs: Partial<Record<FailureStage, number>>;
  /** The latest failure's stage and error, for the summary. */
  stage: FailureStage;
  error: string;
}

export function isQuarantined(consecutive: number, policy: IsolationPolicy): boolean {
  return consecutive >= policy.quarantineAfter;
}

/**
 * How long after its last failure a topic waits before its next try.
 *
 * @example
 * retryDelaySeconds(3, DEFAULT_ISOLATION); // → 1800
 */
export function retryDelaySeconds(consecutive: number, policy: IsolationPolicy): number {
  if (consecutive <= 1) return 0;
  if (isQuarantined(consecutive, policy)) return policy.retryMaxSeconds;
  return Math.min(policy.retryBaseSeconds * 2 ** (consecutive - 2), policy.retryMaxSeconds);
}

/** Whether a failing topic is still waiting out its back-off at `now`. */
export function isBackingOff(failures: TopicFailures, now: Date, policy: IsolationPolicy): boolean {
  return (
    now.getTime() < failures.lastFailedAtMs + retryDelaySeconds(failures.consecutive, policy) * 1000
  );
}

/**
 * How many topics with `consecutive` failures share a run: halves per failure, one when
 * quarantined.
 *
 * @example
 * isolatedRunSize(2, 25, DEFAULT_ISOLATION); // → 12
 */
export function isolatedRunSize(
  consecutive: number,
  topicsPerRun: number,
  policy: IsolationPolicy,
): number {
  if (isQuarantined(consecutive, policy)) return 1;
  return Math.max(1, Math.floor(topicsPerRun / 2 ** (consecutive - 1)));
}
