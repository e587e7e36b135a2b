import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { GlueJobRun, GlueJobRunner } from '../../ops/glue/GlueJobRunner';
import { repoRoot } from '../../ops/repoRoot';
import { runProcess } from '../../ops/runProcess';

export interface SparkGlueJobRunnerOptions {
  /** Glue job name → script under glue-jobs/ (e.g. `lean-ops-local-standardize` → `standardize`). */
  scripts: Record<string, 'standardize' | 'curate' | 'maintain' | 'audit'>;
  /** Arguments of one job only, as each Glue job resource sets its own (the maintain job's policy). */
  jobArguments?: Record<string, Record<string, string>>;
  /** The job's default arguments, as the Glue job resource sets them (modules/orchestration/glue.tf). */
  defaultArguments: Record<string, string>;
  /** The environment of the job process: the local endpoint, LEAN_OPS_WAREHOUSE... */
  env: Record<string, string>;
  /** Local runs of one job at once (Glue's max concurrent runs); further runs wait their turn. */
  maxConcurrentRuns?: number;
  /** Receives the job's stderr lines (Spark logs); default: dropped. */
  onLog?: (line: string) => void;
}

/** The per-topic summary a job prints as its last stdout line (glue-jobs/lean_ops_glue/summary.py). */
export interface JobSummary {
  outcomes?: Record<string, number>;
  topics?: { topic: string; outcome: string; error?: string }[];
  [key: string]: unknown;
}

/**
 * Runs the real Glue job scripts (glue-jobs/standardize.py, curate.py, maintain.py, audit.py) as local Spark processes,
 * with the arguments a StartJobRun would pass: the job's defaults overlaid by the run's. Exit 0
 * is SUCCEEDED; anything else FAILED (exit 1: some topics failed, the others committed).
 */
export class SparkGlueJobRunner implements GlueJobRunner {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  readonly summaries: { jobName: string; runId: string; summary: JobSummary | undefined }[] = [];

  constructor(private readonly options: SparkGlueJobRunnerOptions) {}

  async run(jobName: string, args: Record<string, string>): Promise<GlueJobRun> {
    const script = this.options.scripts[jobName];
    if (script === undefined)
      throw Object.assign(new Error(`no Glue job ${jobName}`), {
        name: 'Glue.EntityNotFoundException',
      });
    await this.acquire();
    try {
      return await this.runJob(jobName, script, args);
    } finally {
      this.release();
    }
  }

  private async runJob(
    jobName: string,
    script: string,
    args: Record<string, string>,
  ): Promise<GlueJobRun> {
    const root = repoRoot();
    const id = `jr_local_${randomUUID()}`;
    const merged = {
      ...this.options.defaultArguments,
      ...this.options.jobArguments?.[jobName],
      ...args,
      '--run-id': id,
    };
    const argv = [join(root, 'glue-jobs', `${script}.py`), ...Object.entries(merged).flat()];
    const { code, stdout, stderr } = await runProcess(join(root, '.venv', 'bin', 'python'), argv, {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        SPARK_LOCAL_IP: '127.0.0.1',
        ...this.options.env,
      },
      onStderrLine: (line) => this.options.onLog?.(line),
      stderrTailChars: 4000,
    });
    const summary = lastJsonLine(stdout);
    this.summaries.push({ jobName, runId: id, summary });
    const failed = code !== 0;
    return {
      Id: id,
      JobName: jobName,
      JobRunState: failed ? 'FAILED' : 'SUCCEEDED',
      Arguments: merged,
      ...(failed
        ? {
            ErrorMessage: `exit ${code}: ${stderr.split('\n').slice(-5).join(' ').slice(-1000)}`,
          }
        : {}),
    };
  }

  private async acquire(): Promise<void> {
    if (this.running < (this.options.maxConcurrentRuns ?? 1)) {
      this.running += 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next !== undefined) next();
    else this.running -= 1;
  }
}

function lastJsonLine(stdout: string): JobSummary | undefined {
  const lines = stdout.trim().split('\n').reverse();
  for (const line of lines) {
    if (!line.startsWith('{')) continue;
    try {
      return JSON.parse(line) as JobSummary;
    } catch {
      // keep looking: Spark may print other braces
    }
  }
  return undefined;
}
