import { join } from 'node:path';
import type { FreshnessReport } from '../../../lambdas/checkpoints/freshness';
import type { ExecutionSummary } from '../../../lambdas/checkpoints/types';
import { lambdaEnvironment, type ResourceNames } from '../../../lambdas/common/naming';
import { type GlueJobRunner, StatesTaskError } from '../../ops/glue/GlueJobRunner';
import { repoRoot } from '../../ops/repoRoot';
import { localClients } from '../clients';
import { LambdaInitError, LambdaInvokeError } from '../emulation/LocalLambda';
import { provisionBuckets } from '../provision';
import { LambdaPool } from '../run/lambdaPool';
import { localDefinitionVariables } from './definitionVariables';
import { type ExecutionRecord, executeDefinition } from './executeDefinition';
import {
  readDefinitionTemplate,
  renderDefinition,
  type StateMachineName,
} from './renderDefinition';
import { SparkGlueJobRunner } from './SparkGlueJobRunner';
import { type LocalServices, localServiceClients, localTaskHandlers } from './taskHandlers';

export interface LocalOrchestrationOptions {
  /** The local endpoint's environment (AWS_ENDPOINT_URL, region, test credentials). */
  env: Record<string, string>;
  names: ResourceNames;
  /** Plays the Glue jobs: `localSparkGlueJobs(...)` for the real scripts, or a test double. */
  glue: GlueJobRunner;
  topicsPerGlueRun?: number;
  mapMaxConcurrency?: number;
  /** CloudWatch namespace of the alarm metrics (default LeanOps). */
  metricsNamespace?: string;
  /** Warm containers of the checkpoints bundle (the Map states invoke it concurrently). */
  lambdaContainers?: number;
  /** Retry intervals locally (ms); default 0: the backoff shape is asserted on the definition, not slept. */
  retryDelayMs?: number;
  /** Wait states locally (ms), e.g. the rebuilder's wait for a running orchestrator. */
  waitMs?: number;
}

/** The summary the orchestrator outputs (the checkpoints Lambda's ExecutionSummary), or a skip. */
export type OrchestratorOutput =
  | { skipped: true; reason: string }
  | (ExecutionSummary & {
      /** MeasureFreshness's answer, or the error that step caught (it never fails the run). */
      freshness?: FreshnessReport | { Error: string; Cause?: string };
    });

/** The checkpoints Lambda's environment for a deployment (docs/naming.md). */
export function checkpointsLambdaEnv(
  names: ResourceNames,
  env: Record<string, string>,
): Record<string, string> {
  return {
    ...env,
    ...lambdaEnvironment('checkpoints', names),
    POWERTOOLS_LOG_LEVEL: env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
  };
}

/**
 * Executes the state machine definitions of modules/orchestration/definitions locally, rendered
 * with the same variables Terraform passes: Lambda tasks run the built checkpoints bundle in
 * local containers, DynamoDB and CloudWatch tasks call the local endpoint, Glue tasks go to
 * `glue`. One instance keeps its containers warm across executions; call `stop()` at the end.
 *
 * @example
 * const orchestration = new LocalOrchestration({ env, names, glue: localSparkGlueJobs({ env, names, warehouse }) });
 * const { output } = await orchestration.runOrchestrator();
 * await orchestration.stop();
 */
export class LocalOrchestration {
  private readonly checkpoints: LambdaPool;
  private readonly services: LocalServices;
  private stateBucket: Promise<void> | undefined;

  constructor(private readonly options: LocalOrchestrationOptions) {
    this.checkpoints = new LambdaPool(
      {
        name: 'checkpoints',
        env: checkpointsLambdaEnv(options.names, options.env),
        timeoutMs: 120_000,
      },
      options.lambdaContainers ?? 2,
    );
    this.services = {
      ...localServiceClients(options.env),
      invokeLambda: (_functionName, payload) => this.invokeCheckpoints(payload),
      glue: options.glue,
    };
  }

  /** One execution of the master orchestrator; `output` is its summary (or the overlap skip). */
  async runOrchestrator(
    input: Record<string, unknown> = {},
  ): Promise<ExecutionRecord & { output: OrchestratorOutput }> {
    return (await this.execute('orchestrator', input)) as ExecutionRecord & {
      output: OrchestratorOutput;
    };
  }

  /** One execution of the historical rebuilder for `topic`. */
  runRebuilder(input: { topic: string; reason: string }): Promise<ExecutionRecord> {
    return this.execute('rebuilder', input);
  }

  async stop(): Promise<void> {
    await this.checkpoints.stop();
  }

  /**
   * As the lambda:invoke integration reports a function error: the error's name is the
   * function's error type (e.g. InvalidRequestError), what a Catch or Retry matches on.
   */
  private async invokeCheckpoints(payload: unknown): Promise<unknown> {
    try {
      return await this.checkpoints.invoke(payload);
    } catch (error) {
      if (error instanceof LambdaInvokeError || error instanceof LambdaInitError) {
        throw new StatesTaskError(error.causeName, error.message);
      }
      throw error;
    }
  }

  private async execute(name: StateMachineName, input: unknown): Promise<ExecutionRecord> {
    // the storage module creates it in AWS; the orchestrator keeps its plan, scans and runs there
    this.stateBucket ??= provisionBuckets(localClients(this.options.env).s3, [
      this.options.names.artifactsBucket,
    ]);
    await this.stateBucket;
    const variables = localDefinitionVariables(this.options.names, {
      topicsPerGlueRun: this.options.topicsPerGlueRun,
      mapMaxConcurrency: this.options.mapMaxConcurrency,
      metricsNamespace: this.options.metricsNamespace,
    });
    const definition = renderDefinition(readDefinitionTemplate(name), variables);
    return executeDefinition(definition, input, {
      stateMachineName: this.options.names.stateMachine(name),
      handlers: localTaskHandlers(definition, this.services),
      retryDelayMs: this.options.retryDelayMs,
      waitMs: this.options.waitMs,
    });
  }
}

/**
 * The real Glue job scripts on local Spark, with the default arguments the Terraform Glue jobs
 * carry (modules/orchestration/glue.tf) pointed at the local catalog and warehouse.
 */
export function localSparkGlueJobs(options: {
  env: Record<string, string>;
  names: ResourceNames;
  /** The local warehouse folder shared with the RAW writer. */
  warehouse: string;
  /** Topic files; default schemas/topics of this repository. */
  schemasDir?: string;
  onLog?: (line: string) => void;
}): SparkGlueJobRunner {
  const { names } = options;
  return new SparkGlueJobRunner({
    scripts: {
      [names.glueJob('standardize')]: 'standardize',
      [names.glueJob('curate')]: 'curate',
      [names.glueJob('maintain')]: 'maintain',
      [names.glueJob('audit')]: 'audit',
    },
    // The local run has no Glue compaction optimizer: the maintain job compacts RAW itself. It
    // keeps no snapshot history (a local run lasts minutes); orphans: the least Iceberg allows.
    jobArguments: {
      [names.glueJob('maintain')]: {
        '--compact-raw': 'true',
        '--snapshot-min-age-hours': '0',
        '--orphan-min-age-hours': '24',
      },
      // As the Terraform audit job's defaults: where the DLQ index and Firehose's error output are.
      [names.glueJob('audit')]: {
        '--dlq-index-table': names.dlqIndexTable,
        '--archive-bucket': names.archiveBucket,
      },
    },
    defaultArguments: {
      '--raw-database': names.rawDatabase,
      '--standardized-database': names.standardizedDatabase,
      '--curated-database': names.curatedDatabase,
      '--checkpoint-table': names.checkpointTable,
      '--schemas-uri': options.schemasDir ?? join(repoRoot(), 'schemas', 'topics'),
      '--warehouse': options.warehouse,
      '--mode': 'incremental',
    },
    // One shuffle partition: local increments are small and the machine's cores are shared.
    env: {
      LEAN_OPS_SHUFFLE_PARTITIONS: '1',
      ...options.env,
      LEAN_OPS_WAREHOUSE: options.warehouse,
    },
    maxConcurrentRuns: 1,
    onLog: options.onLog,
  });
}
