import type { ExecutionSummary, StageOutcome, SummarizeRequest } from './types';

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
    if (started(run.standardize, run.standardizeError)) standardizeRuns += 1;
    if (started(run.curate, run.curateError)) curateRuns += 1;
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
    backingOff: tally.backingOff.length,
    quarantined: tally.quarantined.length,
    backingOffTopics: tally.backingOff,
    quarantinedTopics: tally.quarantined,
  };
}
