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

function errorName(error: RunResult['error']): string | undefined {
  if (error === undefined) return undefined;
  return typeof error === 'string' ? error : error.Error;
}

function started(outcome: StageOutcome, error: RunResult['error'], failedStage: boolean): boolean {
  if (outcome === 'SUCCEEDED') return true;
  if (outcome !== 'FAILED') return false;
  // The error belongs to the stage that failed; an earlier stage that failed started normally.
  const name = failedStage ? errorName(error) : undefined;
  return name === undefined || !NOT_STARTED_ERRORS.has(name);
}

/**
 * The execution output: how many topics were seen, idle, paused, processed and failed, and how
 * many Glue runs were started (the figure the cost model is about).
 *
 * @example
 * summarizeExecution({ action: 'summarize', plan: { topicCount: 750, shardCount: 15 }, scans, runs }).glueRunsStarted;
 */
export function summarizeExecution(request: Omit<SummarizeRequest, 'action'>): ExecutionSummary {
  const { tally, runs } = request;
  const failedTopics = [...new Set(runs.flatMap((run) => run.failed ?? []))].sort();
  const failed = new Set(failedTopics);
  // A branch lists its whole run as processed and the topics that failed separately.
  const processed = new Set(
    runs.flatMap((run) => run.processed ?? []).filter((topic) => !failed.has(topic)),
  );
  let standardizeRuns = 0;
  let curateRuns = 0;
  for (const run of runs) {
    if (started(run.standardize, run.error, run.curate === 'NOT_REACHED')) standardizeRuns += 1;
    if (started(run.curate, run.error, true)) curateRuns += 1;
  }
  return {
    topicsSeen: request.plan.topicCount,
    idle: tally.idle,
    paused: tally.paused.length,
    unavailable: tally.unavailable.length,
    active: tally.active,
    processed: processed.size,
    failed: failedTopics.length,
    glueRunsStarted: standardizeRuns + curateRuns,
    standardizeRuns,
    curateRuns,
    maintainRuns: runs.filter((run) => run.maintain === 'SUCCEEDED').length,
    maintainFailedRuns: runs.filter((run) => run.maintain === 'FAILED').length,
    pausedTopics: tally.paused,
    unavailableTopics: tally.unavailable,
    failedTopics,
  };
}
