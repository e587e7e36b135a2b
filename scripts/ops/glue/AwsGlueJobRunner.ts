import {
  BatchStopJobRunCommand,
  GetJobRunCommand,
  type GlueClient,
  StartJobRunCommand,
} from '@aws-sdk/client-glue';
import type { GlueJobRun, GlueJobRunner } from './GlueJobRunner';

const FINAL_STATES = new Set(['SUCCEEDED', 'FAILED', 'TIMEOUT', 'STOPPED', 'ERROR', 'EXPIRED']);

export interface AwsGlueJobRunnerOptions {
  /** Between GetJobRun calls; Glue runs take minutes, so seconds apart is plenty. */
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Runs a deployed Glue job: StartJobRun with the run's arguments (overlaying the job's
 * defaults, as Glue does), then GetJobRun until the run ends. Resolves with the ended run in any
 * state; a refused start throws the SDK's error (its name is Glue's error code).
 */
export class AwsGlueJobRunner implements GlueJobRunner {
  private readonly pollMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Runs started and not yet seen to end, by job: what `stopRunning` stops. */
  private readonly started = new Map<string, Set<string>>();

  constructor(
    private readonly glue: GlueClient,
    options: AwsGlueJobRunnerOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 15_000;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async run(jobName: string, args: Record<string, string>): Promise<GlueJobRun> {
    const started = await this.glue.send(
      new StartJobRunCommand({ JobName: jobName, Arguments: args }),
    );
    const runId = started.JobRunId;
    if (!runId) throw new Error(`Glue started ${jobName} without a run id`);
    const running = this.started.get(jobName) ?? new Set<string>();
    this.started.set(jobName, running.add(runId));
    for (;;) {
      const { JobRun } = await this.glue.send(
        new GetJobRunCommand({ JobName: jobName, RunId: runId }),
      );
      const state = JobRun?.JobRunState ?? 'UNKNOWN';
      if (FINAL_STATES.has(state)) running.delete(runId);
      if (FINAL_STATES.has(state))
        return {
          Id: runId,
          JobName: jobName,
          JobRunState: (state === 'EXPIRED' ? 'ERROR' : state) as GlueJobRun['JobRunState'],
          Arguments: args,
          ...(JobRun?.ErrorMessage ? { ErrorMessage: JobRun.ErrorMessage } : {}),
        };
      await this.sleep(this.pollMs);
    }
  }

  /**
   * Stops every run this runner started that has not ended (an operator's Ctrl-C: a Glue run
   * left going keeps billing). Returns the run ids asked to stop; never throws.
   */
  async stopRunning(): Promise<string[]> {
    const asked: string[] = [];
    for (const [jobName, runs] of this.started) {
      const ids = [...runs];
      // BatchStopJobRun takes at most 25 run ids per call (the Glue API model: JobRunIds max 25)
      for (let start = 0; start < ids.length; start += 25) {
        const batch = ids.slice(start, start + 25);
        try {
          await this.glue.send(new BatchStopJobRunCommand({ JobName: jobName, JobRunIds: batch }));
          asked.push(...batch);
        } catch {
          // the caller names what it could not stop from the ids it did not get back
        }
      }
    }
    return asked;
  }
}
