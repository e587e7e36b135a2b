import type { ChangeKind, TopicSchema } from '../registry';
import type { RegistryStatus } from './constants';

/** One item of the `<name>-schema-registry` table: what is deployed for a topic. */
export interface DeployedTopic {
  topic: string;
  version: number;
  /** sha256 (hex) of the topic file's bytes as published. */
  sha256: string;
  status: RegistryStatus;
  deployedBy?: string;
  deployedAt?: string;
  /** The rebuilder execution started for this version (breaking changes only). */
  rebuildExecutionArn?: string;
}

/** A topic file of the head (the schemas being deployed), with its exact bytes. */
export interface HeadTopic {
  schema: TopicSchema;
  file: string;
  bytes: Uint8Array;
  sha256: string;
}

/** A column to add or widen; `type` is the topic file's type (`long`, `decimal(12,2)`…). */
export interface ColumnChange {
  column: string;
  type: string;
}

export type TableLayer = 'standardized' | 'curated';

/** What a compatible change does to one of the topic's Iceberg tables. */
export interface TableEvolution {
  layer: TableLayer;
  add: ColumnChange[];
  widen: ColumnChange[];
}

export type DeployStep =
  | 'publish-version'
  | 'evolve-tables'
  | 'publish-current'
  | 'register'
  | 'start-rebuild'
  | 'finish-rebuild'
  | 'retire';

/**
 * What the deployer does for one topic:
 * register (added), evolve (compatible), rebuild (breaking), retire (removed),
 * follow-rebuild (already registered REBUILDING: make sure the rebuild runs, settle it when done),
 * blocked (a change arrived while a rebuild is still running), none.
 */
export type TopicAction =
  | 'none'
  | 'register'
  | 'evolve'
  | 'rebuild'
  | 'retire'
  | 'follow-rebuild'
  | 'blocked';

/** The registry item a conditional write expects: absent, or at this version and status. */
export type ExpectedItem =
  | { exists: false }
  | { exists: true; version: number; status: RegistryStatus };

export interface TopicPlan {
  topic: string;
  change: ChangeKind;
  action: TopicAction;
  /** Registered version before this deploy (absent for a new topic). */
  fromVersion?: number;
  /** Version being deployed (the head's; the registered one for retire and follow-rebuild). */
  toVersion?: number;
  /** Registry status once the plan is applied. */
  toStatus?: RegistryStatus;
  expected: ExpectedItem;
  steps: DeployStep[];
  evolutions: TableEvolution[];
  /** Why nothing can be applied (blocked). */
  reason?: string;
}

export type TopicOutcome =
  | 'unchanged'
  | 'planned'
  | 'deployed'
  | 'rebuilding'
  | 'rebuilt'
  | 'retired'
  | 'conflict'
  | 'blocked'
  | 'failed';

/** Outcomes that make the command exit 1. */
export const FAILED_OUTCOMES: ReadonlySet<TopicOutcome> = new Set([
  'conflict',
  'blocked',
  'failed',
]);

export interface TopicResult {
  topic: string;
  change: ChangeKind;
  action: TopicAction;
  fromVersion?: number;
  toVersion?: number;
  status?: RegistryStatus;
  outcome: TopicOutcome;
  /** Steps completed by this run, in order. */
  done: DeployStep[];
  /** Columns added or widened, per table actually evolved (`<layer>.<column>`). */
  columns?: string[];
  rebuildExecutionArn?: string;
  /** Rebuild execution status when followed (RUNNING, SUCCEEDED, FAILED…). */
  rebuildStatus?: string;
  message?: string;
}
