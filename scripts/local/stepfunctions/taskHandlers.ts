import {
  CloudWatchClient,
  PutMetricDataCommand,
  type PutMetricDataCommandInput,
} from '@aws-sdk/client-cloudwatch';
import {
  DeleteItemCommand,
  type DeleteItemCommandInput,
  DynamoDBClient,
  PutItemCommand,
  type PutItemCommandInput,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { type GlueJobRunner, StatesTaskError } from '../../ops/glue/GlueJobRunner';

type Json = ReturnType<typeof JSON.parse>;
export type TaskHandler = (input: Json) => Promise<Json>;

/** The local stand-ins of the services the definitions call. */
export interface LocalServices {
  /** Invokes a Lambda by function name or ARN with the payload; rejects with the function's error name. */
  invokeLambda: (functionName: string, payload: unknown) => Promise<unknown>;
  dynamoDb: DynamoDBClient;
  cloudWatch: CloudWatchClient;
  glue: GlueJobRunner;
}

interface TaskState {
  name: string;
  resource: string;
}

/** Every Task state of a definition, Map item processors included. */
export function taskStates(definition: Pick<StateMachineDefinition, 'States'>): TaskState[] {
  const found: TaskState[] = [];
  for (const [name, state] of Object.entries(definition.States)) {
    if (state.Type === 'Task') found.push({ name, resource: state.Resource });
    if (state.Type === 'Map') {
      const processor = state.ItemProcessor ?? state.Iterator;
      if (processor !== undefined) found.push(...taskStates(processor));
    }
  }
  return found;
}

/** Re-throws an SDK error under the name Step Functions gives it (`DynamoDB.ConditionalCheckFailedException`). */
async function asServiceIntegration<T>(service: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const name = (error as Error).name ?? 'Error';
    throw new StatesTaskError(`${service}.${name}`, (error as Error).message);
  }
}

const handlersByResource: Record<string, (services: LocalServices) => TaskHandler> = {
  'arn:aws:states:::lambda:invoke': (services) => async (input) => {
    const payload = await services.invokeLambda(input.FunctionName, input.Payload);
    return { StatusCode: 200, ExecutedVersion: '$LATEST', Payload: payload };
  },
  'arn:aws:states:::dynamodb:putItem': (services) => (input) =>
    asServiceIntegration('DynamoDB', () =>
      services.dynamoDb.send(new PutItemCommand(input as PutItemCommandInput)),
    ).then(() => ({})),
  'arn:aws:states:::dynamodb:deleteItem': (services) => (input) =>
    asServiceIntegration('DynamoDB', () =>
      services.dynamoDb.send(new DeleteItemCommand(input as DeleteItemCommandInput)),
    ).then(() => ({})),
  'arn:aws:states:::dynamodb:updateItem': (services) => (input) =>
    asServiceIntegration('DynamoDB', () =>
      services.dynamoDb.send(new UpdateItemCommand(input as UpdateItemCommandInput)),
    ).then(() => ({})),
  'arn:aws:states:::aws-sdk:cloudwatch:putMetricData': (services) => (input) =>
    asServiceIntegration('CloudWatch', () =>
      services.cloudWatch.send(new PutMetricDataCommand(input as PutMetricDataCommandInput)),
    ).then(() => ({})),
  'arn:aws:states:::glue:startJobRun.sync': (services) => async (input) => {
    checkRunOverrides(input);
    const run = await services.glue.run(input.JobName, input.Arguments ?? {});
    if (run.JobRunState !== 'SUCCEEDED') {
      // What the .sync integration raises for a run that ended in any other state.
      throw new StatesTaskError('States.TaskFailed', JSON.stringify(run));
    }
    return run;
  },
};

/** Glue's worker types (StartJobRun `WorkerType`); Glue 5.0 jobs take these. */
const GLUE_WORKER_TYPES = new Set(['G.025X', 'G.1X', 'G.2X', 'G.4X', 'G.8X']);

/**
 * A run's own Timeout (minutes), WorkerType and NumberOfWorkers, as StartJobRun checks them
 * (Glue API reference, StartJobRun): a definition that passes a bad one fails locally as on AWS,
 * with `Glue.InvalidInputException`, instead of being ignored.
 */
function checkRunOverrides(input: Json): void {
  const problems: string[] = [];
  if ('Timeout' in input && !(Number.isInteger(input.Timeout) && input.Timeout >= 1)) {
    problems.push(
      `Timeout must be a positive number of minutes, got ${JSON.stringify(input.Timeout)}`,
    );
  }
  if ('WorkerType' in input && !GLUE_WORKER_TYPES.has(input.WorkerType)) {
    problems.push(`WorkerType ${JSON.stringify(input.WorkerType)} is not a Glue worker type`);
  }
  if (
    'NumberOfWorkers' in input &&
    !(Number.isInteger(input.NumberOfWorkers) && input.NumberOfWorkers >= 2)
  ) {
    problems.push(
      `NumberOfWorkers must be an integer of at least 2, got ${JSON.stringify(input.NumberOfWorkers)}`,
    );
  }
  if (problems.length > 0)
    throw new StatesTaskError('Glue.InvalidInputException', problems.join('; '));
}

/**
 * `taskResourceLocalHandlers` for aws-local-stepfunctions: each Task state of the definition is
 * mapped, by its Resource, to the local service that plays it. A Resource with no local stand-in
 * fails here, before the execution starts.
 */
export function localTaskHandlers(
  definition: Pick<StateMachineDefinition, 'States'>,
  services: LocalServices,
): Record<string, TaskHandler> {
  const handlers: Record<string, TaskHandler> = {};
  for (const { name, resource } of taskStates(definition)) {
    const factory = handlersByResource[resource];
    if (factory === undefined) throw new Error(`no local handler for Task ${name} (${resource})`);
    handlers[name] = factory(services);
  }
  return handlers;
}

/** SDK clients for the local endpoint described by `env` (AWS_ENDPOINT_URL, region). */
export function localServiceClients(
  env: Record<string, string>,
): Pick<LocalServices, 'dynamoDb' | 'cloudWatch'> {
  const common = {
    region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
    endpoint: env.AWS_ENDPOINT_URL,
    credentials: {
      accessKeyId: env.AWS_ACCESS_KEY_ID ?? 'test',
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? 'test',
    },
  };
  return { dynamoDb: new DynamoDBClient(common), cloudWatch: new CloudWatchClient(common) };
}
