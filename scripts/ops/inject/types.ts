import type { Fault } from './faults';

/** What one `lean-ops inject` run is asked to do. */
export interface InjectOptions {
  /** Topic registry folder. */
  registryDir: string;
  /** `all`, a count (the first N topics in registry order) or comma-separated topic names. */
  topics: string;
  events: number;
  seed: number;
  /** Messages per second across all queues; as fast as possible when absent. */
  rate?: number;
  /** Deployment name (resource prefix), e.g. `lean-ops-local`, `lean-ops-dev`. */
  deployment: string;
  /**
   * Faults not injected (rate 0), e.g. `UNKNOWN_TOPIC` against a Terraform deployment, which has
   * no stray queue for it.
   */
  withoutFaults?: readonly Fault[];
  ledgerPath: string;
  /** Called once the queues are resolved, before anything is published. */
  onStart?: (total: number) => void;
  /** Messages accepted by SQS so far. */
  onProgress?: (published: number) => void;
}

/** The result of an injection: what was published, where the ledger is, and its digests. */
export interface InjectSummary {
  version: number;
  ok: true;
  deployment: string;
  registry: string;
  seed: number;
  events: number;
  topics: string[];
  rate: number | null;
  /** Faults left out by `withoutFaults` (`--without-fault`). */
  faults_left_out: string[];
  published: number;
  /** Per terminal state the messages must reach (from the ledger file). */
  per_expected: Record<string, number>;
  /** Per injected fault, `NONE` for clean messages (from the ledger file). */
  per_fault: Record<string, number>;
  /** Per topic, `UNKNOWN` for the stray queue (from the ledger file). */
  per_topic: Record<string, number>;
  ledger: string;
  /** sha256 of the ledger file's bytes (it holds SQS message ids: differs on every run). */
  ledger_sha256: string;
  /**
   * sha256 of the planned traffic in seq order (bodies, faults, expectations, FIFO group and
   * dedup ids): the same registry, topics, events and seed always give the same value.
   */
  plan_sha256: string;
  elapsed_ms: number;
}
