/** One finished Glue job run, shaped like the JobRun that glue:startJobRun.sync returns. */
export interface GlueJobRun {
  Id: string;
  JobName: string;
  JobRunState: 'SUCCEEDED' | 'FAILED' | 'TIMEOUT' | 'STOPPED' | 'ERROR';
  Arguments: Record<string, string>;
  ErrorMessage?: string;
}

/**
 * What runs a Glue job locally. `run` resolves with the finished run (any state), or throws an
 * error whose `name` is the Step Functions error of a refused start, e.g.
 * `Glue.ConcurrentRunsExceededException`: the state's Retry matches on that name as on AWS.
 */
export interface GlueJobRunner {
  run(jobName: string, args: Record<string, string>): Promise<GlueJobRun>;
}

/** An error carrying the Step Functions error name a Task state's Retry/Catch matches. */
export class StatesTaskError extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}
