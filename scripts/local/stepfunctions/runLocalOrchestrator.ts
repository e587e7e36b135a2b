import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ResourceNames } from '../../../lambdas/common/naming';
import type { ExecutionRecord } from './executeDefinition';
import {
  LocalOrchestration,
  localSparkGlueJobs,
  type OrchestratorOutput,
} from './LocalOrchestration';
import { provisionOrchestrationTables, registerTopics } from './provisionOrchestration';

export interface RunLocalOrchestratorOptions {
  /** The local endpoint's environment (AWS_ENDPOINT_URL, region, test credentials). */
  env: Record<string, string>;
  names: ResourceNames;
  /** The warehouse folder the RAW writer appended to (the Glue jobs read and write there too). */
  warehouse: string;
  /** Topics to orchestrate (registered as ACTIVE in the schema-registry table first). */
  topics: readonly string[];
  /** Topic files for the Glue jobs; default schemas/topics. */
  schemasDir?: string;
  topicsPerGlueRun?: number;
  /** Spark's stderr lines, e.g. to a log file. */
  onGlueLog?: (line: string) => void;
}

/**
 * What `make run` calls after RAW has landed: provisions the orchestration tables, registers the
 * topics, executes the master orchestrator definition once with the real Glue job scripts on
 * local Spark, and returns the execution (its `output` is the summary).
 *
 * @example
 * const { status, output } = await runLocalOrchestrator({ env, names, warehouse, topics: ['door-events'] });
 */
export async function runLocalOrchestrator(
  options: RunLocalOrchestratorOptions,
): Promise<ExecutionRecord & { output: OrchestratorOutput }> {
  const { env, names } = options;
  const dynamoDb = new DynamoDBClient({
    region: env.AWS_REGION ?? 'us-east-1',
    endpoint: env.AWS_ENDPOINT_URL,
    credentials: {
      accessKeyId: env.AWS_ACCESS_KEY_ID ?? 'test',
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? 'test',
    },
  });
  await provisionOrchestrationTables(dynamoDb, names);
  await registerTopics(
    dynamoDb,
    names,
    options.topics.map((topic) => ({ topic })),
  );
  const orchestration = new LocalOrchestration({
    env,
    names,
    topicsPerGlueRun: options.topicsPerGlueRun,
    glue: localSparkGlueJobs({
      env,
      names,
      warehouse: options.warehouse,
      schemasDir: options.schemasDir,
      onLog: options.onGlueLog,
    }),
  });
  try {
    return await orchestration.runOrchestrator();
  } finally {
    await orchestration.stop();
    dynamoDb.destroy();
  }
}
