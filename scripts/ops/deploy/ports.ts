import type { RegistryStatus } from './constants';
import type { DeployedTopic, ExpectedItem, TableEvolution } from './types';

/** Published schema objects (the artifacts bucket in AWS and locally). */
export interface SchemaStore {
  /** The bytes of a deployed version, or undefined when that object does not exist. */
  readVersion(topic: string, version: number): Promise<Uint8Array | undefined>;
  /** Writes the immutable copy of a version; idempotent for the same bytes. */
  publishVersion(topic: string, version: number, bytes: Uint8Array, sha256: string): Promise<void>;
  /** Writes the schema the Glue jobs read. */
  publishCurrent(topic: string, bytes: Uint8Array, sha256: string): Promise<void>;
}

/** The `<name>-schema-registry` table. Every write is conditional. */
export interface RegistryTable {
  readAll(): Promise<DeployedTopic[]>;
  /** Puts the item only if the stored one is still `expected`; else RegistryConflictError. */
  register(item: DeployedTopic, expected: ExpectedItem): Promise<void>;
  /** Moves `status` from → to at `version` only; else RegistryConflictError. */
  transition(
    topic: string,
    version: number,
    from: RegistryStatus,
    to: RegistryStatus,
    audit: { deployedBy: string; deployedAt: string },
  ): Promise<void>;
  /** Records the rebuild execution on the item (informational, for operators). */
  recordRebuild(topic: string, version: number, executionArn: string): Promise<void>;
}

/** What happened to one Iceberg table. `missing`: never written yet (the jobs create it). */
export interface EvolvedTable {
  layer: TableEvolution['layer'];
  status: 'evolved' | 'unchanged' | 'missing';
  added: string[];
  widened: string[];
}

/** Evolves a topic's standardized and curated tables through the catalog; idempotent. */
export interface TableEvolver {
  evolve(topic: string, evolutions: TableEvolution[]): Promise<EvolvedTable[]>;
}

/** An execution of the historical rebuilder and its status (RUNNING, SUCCEEDED, FAILED…). */
export interface RebuildExecution {
  executionArn: string;
  status: string;
}

/**
 * Where the deployer reads a rebuild execution's status: DescribeExecution in AWS. A port so a
 * local harness that executes the rebuilder definition itself can report that execution's
 * outcome (the local endpoint only records executions, it cannot run the rebuilder's Glue tasks).
 */
export interface RebuildStatusReader {
  /** RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED…; undefined when the execution does not exist. */
  statusOf(executionArn: string): Promise<string | undefined>;
}

/**
 * Starts the historical rebuilder for one topic version at most once (deterministic execution
 * name) and reports its status; calling it again returns the same execution.
 */
export interface RebuildStarter {
  ensureStarted(topic: string, version: number, reason: string): Promise<RebuildExecution>;
}

export interface DeployPorts {
  schemas: SchemaStore;
  registry: RegistryTable;
  tables: TableEvolver;
  rebuilder: RebuildStarter;
}
