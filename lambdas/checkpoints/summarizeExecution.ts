import { MAX_LISTED_TOPICS } from './constants';
import type { ExecutionSummary, RunResult, StageOutcome, SummarizeRequest } from './types';

/**
 * Errors raised by StartJobRun itself: the run was refused, never started, never billed.
 * Anything else on a failed stage means the run started and then failed (States.TaskFailed).
 */
const NOT_STARTED_ERRORS = new Set([
  'Glue.ConcurrentRunsExceededException',
  'Glue.ThrottlingException',
  'Glue.ResourceNumberLimitExceededException',
  'Glue.EntityNotFoundException',
  'Glue.InvalidInputException',
]);

function started(outcome: StageOutcome, error: string | undefined): boolean {
  if (outcome === 'SUCCEEDED') return true;
  if (outcome !== 'FAILED') return false;
  return error === undefined || error === '' || !NOT_STARTED_ERRORS.has(error);
}

/**
 * The execution output: how many topics were seen, idle, paused, processed and failed, and how
 * many Glue runs were started (the figure the cost model is about). `failedTopics` are the names
 * the runs stored (read by the caller, at most MAX_LISTED_TOPICS); every count is complete.
 *
 * @example
 * summarizeExecution({ plan: { topicCount: 750, shardCount: 15 }, tally, runs }, ['g']).glueRunsStarted;
 */
export function summarizeExecution(
  request: Pick<SummarizeRequest, 'plan' | 'tally' | 'runs'>,
  failedTopics: readonly string[],
): ExecutionSummary {
  const { tally, runs } = request;
  let standardizeRuns = 0;
  let curateRuns = 0;
  for (const run of runs) {
    if (started(run.standardize, run.standardizeError)) standardizeRuns += 1;
    if (started(run.curate, run.curateError)) curateRuns += 1;
  }
  const sum = (pick: (run: RunResult) => number | undefined) =>
    runs.reduce((total, run) => total + (pick(run) ?? 0), 0);
  return {
    topicsSeen: request.plan.topicCount,
    idle: tally.idle,
    paused: tally.pausedCount,
    unavailable: tally.unavailableCount,
    active: tally.active,
    processed: sum((run) => run.processedCount),
    failed: sum((run) => run.failedCount),
    glueRunsStarted: standardizeRuns + curateRuns,
    standardizeRuns,
    curateRuns,
    maintainRuns: runs.filter((run) => run.maintain === 'SUCCEEDED').length,
    maintainFailedRuns: runs.filter((run) => run.maintain === 'FAILED').length,
    pausedTopics: tally.paused,
    unavailableTopics: tally.unavailable,
    failedTopics: [...failedTopics].sort().slice(0, MAX_LISTED_TOPICS),
    unreadableRuns: runs.filter((run) => run.unreadable === true).length,
    backingOff: tally.backingOffCount,
    quarantined: tally.quarantinedCount,
    backingOffTopics: tally.backingOff,
    quarantinedTopics: tally.quarantined,
  };
}
