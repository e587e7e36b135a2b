/**
 * Where an orchestrator execution keeps what grows with the registry: the plan's shards, each
 * shard's scan, each Glue run's topics and each run's failed topics, as JSON objects under
 * `orchestrator/<execution>/` in the artifacts bucket (ORCHESTRATOR_STATE_BUCKET; expired after
 * a day by the storage module). Only references and counts travel through the state machine, so
 * its state stays far below the 256 KiB payload limit at 5,000 topics (docs/orchestration.md,
 * "State size").
 */
export interface ExecutionState {
  put(key: string, value: unknown): Promise<void>;
  /** The object at `key`; throws when it is missing (a bug in the definition, never "no work"). */
  get<T>(key: string): Promise<T>;
}

/** Execution names are at most 80 characters of [A-Za-z0-9_-] (Step Functions). */
const EXECUTION_NAME = /^[A-Za-z0-9_-]{1,80}$/;

export function isExecutionName(value: unknown): value is string {
  return typeof value === 'string' && EXECUTION_NAME.test(value);
}

const root = (execution: string) => `orchestrator/${execution}`;

export const stateKeys = {
  plan: (execution: string) => `${root(execution)}/plan.json`,
  scan: (execution: string, shard: number) => `${root(execution)}/scans/${shard}.json`,
  run: (execution: string, run: number) => `${root(execution)}/runs/${run}.json`,
  outcome: (execution: string, run: number) => `${root(execution)}/outcomes/${run}.json`,
};

/** An in-memory ExecutionState (unit tests and the simulated drills). */
export function memoryExecutionState(): ExecutionState & { objects: Map<string, string> } {
  const objects = new Map<string, string>();
  return {
    objects,
    async put(key, value) {
      objects.set(key, JSON.stringify(value));
    },
    async get<T>(key: string): Promise<T> {
      const text = objects.get(key);
      if (text === undefined) throw new Error(`execution state ${key} is missing`);
      return JSON.parse(text) as T;
    },
  };
}
