import type { QueueKind } from '../../../lambdas/common/naming';
import type { FINDING_CODES } from './constants';

/** Which record of a duplicate group survives standardization. */
export type KeepPolicy = 'first' | 'last';

/** One flattened field of a topic (key in `fields` is the JSON path joined with `.`). */
export interface FieldSpec {
  /** `string`, `int`, `long`, `float`, `double`, `boolean`, `date`, `timestamp` or `decimal(p,s)`. */
  type: string;
  nullable: boolean;
  /** Critical data element: a null, missing or uncastable value rejects the record. */
  cde: boolean;
  description: string;
}

export interface DedupSpec {
  key: string[];
  keep: KeepPolicy;
  /** Required when `keep` is `last`: a timestamp or integer field. */
  orderBy?: string;
  /** Days of arrival before a batch that its records are compared with; absent: all history. */
  windowDays?: number;
}

/** A topic file that passed the JSON Schema (schemas/topic.schema.json). */
export interface TopicSchema {
  topic: string;
  version: number;
  owner: string;
  description: string;
  queue: QueueKind;
  /** With a version bump, allows a breaking change and triggers the historical rebuilder. */
  rebuild?: boolean;
  dedup: DedupSpec;
  fields: Record<string, FieldSpec>;
}

export type Severity = 'error' | 'warning';

export type FindingCode = (typeof FINDING_CODES)[keyof typeof FINDING_CODES];

/** One problem in one file, with where it is and how to fix it. */
export interface Finding {
  /** Stable identifier, safe to match on in scripts (see docs/schemas.md). */
  code: FindingCode;
  severity: Severity;
  /** The file as given (or `<git-ref>:<path>` for a git base). */
  file: string;
  /** JSONPath of the offending value inside the file, `$` for the whole file. */
  path: string;
  message: string;
  hint: string;
  /** 1-based position in the file when known. */
  line?: number;
  column?: number;
}

export interface SourcePosition {
  line: number;
  column: number;
}

/** Bytes of one candidate topic file, or the findings explaining why they were not read. */
export interface SourceFile {
  file: string;
  /** Base name, e.g. `gps-position.json`: must equal `<topic>.json`. */
  name: string;
  bytes?: Uint8Array;
  findings: Finding[];
}

/** One topic file after decoding, parsing and JSON Schema validation. */
export interface TopicFile {
  file: string;
  name: string;
  /** Set when the document passed the JSON Schema (it may still carry BOM or duplicate-key errors). */
  schema?: TopicSchema;
  /** The topic this file is about: its `topic` value when readable, else the file name stem. */
  topicName: string;
  findings: Finding[];
  /** Position of a JSONPath in the file, when the file parsed. */
  locate: (path: string) => SourcePosition | undefined;
}

/** A registry folder (or list of files) as loaded from disk or git. */
export interface LoadedRegistry {
  files: TopicFile[];
  /** The valid topics, in file-name order. */
  topics: TopicSchema[];
  /** Every finding from reading, decoding, parsing and schema validation. */
  findings: Finding[];
}

export type ChangeKind = 'none' | 'added' | 'compatible' | 'breaking' | 'removed';

export type ChangeImpact = 'compatible' | 'breaking';

/** One difference between the base and head version of a topic. */
export interface ChangeDetail {
  impact: ChangeImpact;
  /** JSONPath in the head file (or the base file for removals). */
  path: string;
  message: string;
}

export interface ChangeClassification {
  kind: ChangeKind;
  details: ChangeDetail[];
}

export interface LintOptions {
  /**
   * Every environment's queue-name prefix (`<project>-<env>-topic-`); each topic's queue name
   * must fit 80 characters under all of them. Default: lean-ops with dev, staging and prod.
   */
  queuePrefixes?: string[];
  /** Report removed topics as warnings instead of errors (a deliberate retirement). */
  allowRemoval?: boolean;
  /**
   * Whether topics present in the base but absent from head count as removed. Turn off when the
   * head is a selection of files rather than whole registry folders.
   */
  detectRemovals?: boolean;
}

/** Per-topic result, in the JSON output's shape. */
export interface TopicReport {
  topic: string;
  file: string;
  /** `null` when there is no base to compare with or the head file is invalid. */
  change: ChangeKind | null;
  changes: ChangeDetail[];
  findings: Finding[];
}

/** The linter's result; `version` is the JSON output format version. */
export interface LintReport {
  version: 1;
  ok: boolean;
  errors: number;
  warnings: number;
  topics: TopicReport[];
}
