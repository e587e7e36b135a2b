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
  /**
   * The largest JSON a state received or produced (the execution's input and output included):
   * what Step Functions' 256 KiB payload limit (States.DataLimitExceeded) is about.
   */
  largestState: { bytes: number; state: string };
  durationMs: number;
}

/** Step Functions' payload limit for a state's input or output (256 KiB, not raisable). */
export const PAYLOAD_LIMIT_BYTES = 256 * 1024;

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
  const largestState = { bytes: 0, state: '' };
  let failure: ExecutionRecord['error'];
  // As strict as Step Functions: a state's input or output over 256 KiB fails the execution
  // with States.DataLimitExceeded, which no Catch can handle (quotas page, "Maximum input or
  // output size for a task, state, or execution").
  const measure = (state: string, value: unknown) => {
    if (value === undefined) return;
    const bytes = Buffer.byteLength(JSON.stringify(value) ?? '');
    if (bytes > largestState.bytes) Object.assign(largestState, { bytes, state });
    if (bytes > PAYLOAD_LIMIT_BYTES && failure === undefined) {
      failure = {
        Error: 'States.DataLimitExceeded',
        Cause: `state ${state}: ${bytes} bytes, over the ${PAYLOAD_LIMIT_BYTES}-byte payload limit`,
      };
      execution.abort();
    }
  };
  const collect = (async () => {
    for await (const event of execution.eventLogs) {
      if (event.type === 'StateEntered') {
        entered[event.state.name] = (entered[event.state.name] ?? 0) + 1;
        measure(event.state.name, event.state.input);
      }
      if (event.type === 'StateExited') measure(event.state.name, event.state.output);
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
  measure('(execution output)', output);
  if (failure?.Error === 'States.DataLimitExceeded') {
    // the events arrive after the result: the limit decides the outcome however late it is seen
    status = 'FAILED';
    output = null;
  }
  return {
    executionId,
    status,
    output,
    error: failure,
    entered,
    retried,
    largestState,
    durationMs: Date.now() - started,
  };
}

function allStateNames(definition: Pick<StateMachineDefinition, 'States'>): string[] {
  return Object.entries(definition.States).flatMap(([name, state]) => {
    const processor = state.Type === 'Map' ? (state.ItemProcessor ?? state.Iterator) : undefined;
    return processor === undefined ? [name] : [name, ...allStateNames(processor)];
  });
}
