import { randomUUID } from 'node:crypto';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import type { TaskHandler } from './taskHandlers';

/** What one local execution did, for the caller's summary and for tests' assertions. */
export interface ExecutionRecord {
  executionId: string;
  status: 'SUCCEEDED' | 'FAILED';
  output: unknown;
  error?: { Error: string; Cause: unknown };
  /** State name → how many times it was entered (Map iterations count each). */
  entered: Record<string, number>;
  /** State name → how many retries its Retry field made. */
  retried: Record<string, number>;
  durationMs: number;
}

export interface ExecuteOptions {
  stateMachineName: string;
  handlers: Record<string, TaskHandler>;
  /** Replaces every Retry interval (ms): the backoff shape is AWS's business, a local run need not sleep it. */
  retryDelayMs?: number;
  /** Replaces every Wait state's duration (ms). */
  waitMs?: number;
}

/**
 * Runs a rendered definition with aws-local-stepfunctions: the same states, Retry, Catch and Map
 * concurrency as on AWS, with each Task played by a local handler. Never throws for a failed
 * execution: the record says FAILED with the error, as DescribeExecution would.
 */
export async function executeDefinition(
  definition: StateMachineDefinition,
  input: unknown,
  options: ExecuteOptions,
): Promise<ExecutionRecord> {
  const machine = new StateMachine(definition, {
    validationOptions: { checkArn: true, checkPaths: true },
  });
  const stateNames = allStateNames(definition);
  const name = randomUUID();
  const executionId = `arn:aws:states:us-east-1:000000000000:execution:${options.stateMachineName}:${name}`;
  const started = Date.now();
  const execution = machine.run(input as never, {
    overrides: {
      taskResourceLocalHandlers: options.handlers as never,
      retryIntervalOverrides: Object.fromEntries(
        stateNames.map((state) => [state, options.retryDelayMs ?? 0]),
      ),
      waitTimeOverrides: Object.fromEntries(
        stateNames.map((state) => [state, options.waitMs ?? 0]),
      ),
    },
    context: {
      Execution: {
        Id: executionId,
        Name: name,
        StartTime: new Date(started).toISOString(),
        Input: input as never,
      },
      StateMachine: {
        Id: `arn:aws:states:us-east-1:000000000000:stateMachine:${options.stateMachineName}`,
        Name: options.stateMachineName,
      },
    },
  });
  const entered: Record<string, number> = {};
  const retried: Record<string, number> = {};
  let failure: ExecutionRecord['error'];
  const collect = (async () => {
    for await (const event of execution.eventLogs) {
      if (event.type === 'StateEntered')
        entered[event.state.name] = (entered[event.state.name] ?? 0) + 1;
      if (event.type === 'StateRetried')
        retried[event.state.name] = (retried[event.state.name] ?? 0) + 1;
      if (event.type === 'ExecutionFailed') failure = { Error: event.Error, Cause: event.Cause };
    }
  })();
  let output: unknown = null;
  let status: ExecutionRecord['status'] = 'SUCCEEDED';
  try {
    output = await execution.result;
  } catch (error) {
    status = 'FAILED';
    failure ??= { Error: (error as Error).name, Cause: (error as Error).message };
  }
  await collect;
  return {
    executionId,
    status,
    output,
    error: failure,
    entered,
    retried,
    durationMs: Date.now() - started,
  };
}

function allStateNames(definition: Pick<StateMachineDefinition, 'States'>): string[] {
  return Object.entries(definition.States).flatMap(([name, state]) => {
    const processor = state.Type === 'Map' ? (state.ItemProcessor ?? state.Iterator) : undefined;
    return processor === undefined ? [name] : [name, ...allStateNames(processor)];
  });
}
