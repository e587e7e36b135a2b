import type { FailureStage } from '../common/checkpoints';
import { type ExecutionState, stateKeys } from './executionState';
import type { StoredProgress } from './readTopicProgress';
import type { RunSettlement, SettleRequest } from './types';

/** What settling a run needs from AWS (the checkpoints table). */
export interface SettlePorts {
  readProgress: (topics: readonly string[]) => Promise<Map<string, StoredProgress>>;
  /** Counts one more consecutive failure of `stage` for each topic (at `at`, with `error`). */
  recordFailures: (
    topics: readonly string[],
    stage: FailureStage,
    error: string,
    at: Date,
  ) => Promise<void>;
  now: () => Date;
  state: ExecutionState;
}

/**
 * Settles one run branch after its Glue jobs: which of its topics failed in this execution, and
 * which were processed. The jobs record each topic that fails (and clear it when it next
 * succeeds); a job that failed without recording any of its topics died before it could say
 * which (a crash, a timeout, a run refused by Glue), so every topic it held is recorded as a
 * suspect — the next cycles split such runs until the culprit runs alone (topicIsolation.ts).
 * A curate that was never reached (its scan failed) fails the run's topics in the summary without
 * recording them: nothing is known about them, and the next cycle finds the same work.
 *
 * @example
 * settleRun({ action: 'settle', topics: ['a', 'b'], since, standardize: 'FAILED', curate: 'SKIPPED',
 *   curateTopics: [], standardizeError: 'States.Timeout' }, ports); // → { failed: ['a', 'b'], ... } (both recorded)
 */
export async function settleRun(
  request: SettleRequest,
  ports: SettlePorts,
): Promise<RunSettlement> {
  const sinceMs = Date.parse(request.since);
  const stored = await ports.readProgress(request.topics);
  const failedIn = (stage: FailureStage, topics: readonly string[]) =>
    topics.filter((topic) => (stored.get(topic)?.failures?.failedAtMs[stage] ?? -1) >= sinceMs);
  const recorded: string[] = [];
  const failed = new Set<string>();
  const settle = async (
    stage: FailureStage,
    failedJob: boolean,
    topics: readonly string[],
    error: string | undefined,
  ) => {
    const reported = failedIn(stage, topics);
    for (const topic of reported) failed.add(topic);
    if (!failedJob || reported.length > 0 || topics.length === 0) return;
    await ports.recordFailures(topics, stage, error ?? `${stage} run failed`, ports.now());
    for (const topic of topics) {
      failed.add(topic);
      recorded.push(topic);
    }
  };
  await settle(
    'standardize',
    request.standardize === 'FAILED',
    request.topics,
    request.standardizeError,
  );
  await settle('curate', request.curate === 'FAILED', request.curateTopics, request.curateError);
  if (request.curate === 'NOT_REACHED') for (const topic of request.topics) failed.add(topic);
  const failedTopics = request.topics.filter((topic) => failed.has(topic));
  const processed = request.topics.filter((topic) => !failed.has(topic));
  if (failedTopics.length > 0 && request.execution !== undefined && request.run !== undefined) {
    // the summary names failed topics from here: the branch's output carries counts only
    await ports.state.put(stateKeys.outcome(request.execution, request.run), {
      failed: failedTopics,
    });
  }
  return {
    failed: failedTopics,
    failedCount: failedTopics.length,
    processed,
    processedCount: processed.length,
    recorded,
  };
}
