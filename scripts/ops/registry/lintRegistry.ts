import {
  deploymentNameFor,
  queuePrefixFor,
  tableNameForTopic,
} from '../../../lambdas/common/naming';
import { classifyChange } from './classifyChange';
import { DEFAULT_ENVIRONMENTS, DEFAULT_PROJECT, FINDING_CODES } from './constants';
import { ROOT_PATH } from './jsonPath';
import { lintTopic } from './lintTopic';
import { locateNearest } from './locateNearest';
import { makeFinding } from './makeFinding';
import type {
  LintOptions,
  LintReport,
  LoadedRegistry,
  TopicFile,
  TopicReport,
  TopicSchema,
} from './types';

/** Queue prefixes used when no environments/*.tfvars declare any. */
export const DEFAULT_QUEUE_PREFIXES: readonly string[] = DEFAULT_ENVIRONMENTS.map((env) =>
  queuePrefixFor(deploymentNameFor(DEFAULT_PROJECT, env)),
);

interface Entry {
  report: TopicReport;
  file: TopicFile;
}

/**
 * Lints a head registry and, given a base registry, classifies every topic's change and enforces
 * the evolution rules: any change needs a higher version, a breaking change also needs
 * `"rebuild": true`, and a removed topic is an error (a warning with `allowRemoval`).
 *
 * The result is the linter's versioned JSON output (docs/schemas.md): one report per topic file
 * (plus one per removed topic), sorted by topic; `ok` is false when any finding is an error.
 *
 * @example
 * const report = lintRegistry(loadRegistry('schemas/topics'),
 *   loadRegistryFromGit('origin/main', ['schemas/topics']));
 * if (!report.ok) process.exitCode = 1;
 */
export function lintRegistry(
  head: LoadedRegistry,
  base?: LoadedRegistry,
  options: LintOptions = {},
): LintReport {
  const prefixes = options.queuePrefixes ?? DEFAULT_QUEUE_PREFIXES;
  const entries: Entry[] = head.files.map((file) => ({
    file,
    report: {
      topic: file.topicName,
      file: file.file,
      change: null,
      changes: [],
      findings: [...file.findings, ...lintTopic(file, prefixes)],
    },
  }));
  checkAcrossTopics(entries);
  const reports = entries.map((entry) => entry.report);
  if (base) {
    compareWithBase(entries, base);
    if (options.detectRemovals ?? true)
      reports.push(...removedTopics(entries, base, options.allowRemoval ?? false));
  }
  reports.sort((a, b) =>
    a.topic === b.topic ? a.file.localeCompare(b.file) : a.topic < b.topic ? -1 : 1,
  );
  let errors = 0;
  let warnings = 0;
  for (const finding of reports.flatMap((report) => report.findings)) {
    if (finding.severity === 'error') errors++;
    else warnings++;
  }
  return { version: 1, ok: errors === 0, errors, warnings, topics: reports };
}

function checkAcrossTopics(entries: Entry[]): void {
  const byTopic = groupBy(entries, (entry) => entry.file.schema?.topic);
  for (const [topic, group] of byTopic) {
    if (group.length < 2) continue;
    for (const entry of group) {
      const others = group.filter((other) => other !== entry).map((other) => other.file.file);
      addFinding(
        entry,
        FINDING_CODES.TOPIC_DUPLICATE,
        '$.topic',
        `topic "${topic}" is also declared in ${others.join(', ')}`,
        'keep one file per topic',
      );
    }
  }
  const byTable = groupBy(entries, (entry) =>
    entry.file.schema ? tableNameForTopic(entry.file.schema) : undefined,
  );
  for (const [table, group] of byTable) {
    const topics = new Set(group.map((entry) => entry.file.schema?.topic));
    if (topics.size < 2) continue;
    for (const entry of group) {
      const others = [...topics].filter((topic) => topic !== entry.file.schema?.topic);
      addFinding(
        entry,
        FINDING_CODES.TABLE_NAME_COLLISION,
        '$.topic',
        `topics ${[entry.file.schema?.topic, ...others].map((t) => `"${t}"`).join(' and ')} both map to table ${table}`,
        'rename one topic: "-" and "_" are the same in table names',
      );
    }
  }
}

function compareWithBase(entries: Entry[], base: LoadedRegistry): void {
  const baseFiles = new Map<string, TopicFile>();
  for (const file of base.files) {
    if (!baseFiles.has(file.topicName) || file.schema) baseFiles.set(file.topicName, file);
  }
  for (const entry of entries) {
    const head = entry.file.schema;
    if (!head) continue;
    const baseFile = baseFiles.get(head.topic);
    if (baseFile && !baseFile.schema) {
      addFinding(
        entry,
        FINDING_CODES.BASE_TOPIC_INVALID,
        ROOT_PATH,
        `the base version (${baseFile.file}) is not a valid topic file; compared as a new topic`,
        'nothing to fix here if the base was broken; check that the right base was given',
        'warning',
      );
    }
    applyEvolutionRules(entry, baseFile?.schema, head);
  }
}

function applyEvolutionRules(entry: Entry, base: TopicSchema | undefined, head: TopicSchema): void {
  const change = classifyChange(base, head);
  entry.report.change = change.kind;
  entry.report.changes = change.details;
  if (
    base &&
    (change.kind === 'compatible' || change.kind === 'breaking') &&
    head.version <= base.version
  ) {
    addFinding(
      entry,
      FINDING_CODES.VERSION_NOT_BUMPED,
      '$.version',
      `the schema changed (${change.kind}) but version ${head.version} is not above the base version ${base.version}`,
      `set "version": ${base.version + 1}`,
    );
  }
  if (change.kind === 'breaking' && head.rebuild !== true) {
    for (const detail of change.details.filter((d) => d.impact === 'breaking')) {
      addFinding(
        entry,
        FINDING_CODES.BREAKING_CHANGE_WITHOUT_REBUILD,
        detail.path,
        `breaking change: ${detail.message}`,
        'make the change compatible, or bump "version" and add "rebuild": true to rebuild the tables from RAW on deploy',
      );
    }
  }
  if ((change.kind === 'compatible' || change.kind === 'added') && head.rebuild === true) {
    addFinding(
      entry,
      FINDING_CODES.REBUILD_WITHOUT_BREAKING_CHANGE,
      '$.rebuild',
      `"rebuild": true with a ${change.kind === 'added' ? 'new topic' : 'compatible change'} triggers a full rebuild for nothing`,
      'remove "rebuild"',
      'warning',
    );
  }
}

function removedTopics(
  entries: Entry[],
  base: LoadedRegistry,
  allowRemoval: boolean,
): TopicReport[] {
  const present = new Set(entries.map((entry) => entry.file.topicName));
  const reports: TopicReport[] = [];
  for (const file of base.files) {
    if (present.has(file.topicName)) continue;
    present.add(file.topicName);
    reports.push({
      topic: file.topicName,
      file: file.file,
      change: 'removed',
      changes: [
        { impact: 'breaking', path: ROOT_PATH, message: `topic "${file.topicName}" removed` },
      ],
      findings: [
        makeFinding({
          code: FINDING_CODES.TOPIC_REMOVED,
          file: file.file,
          path: ROOT_PATH,
          severity: allowRemoval ? 'warning' : 'error',
          message: `topic "${file.topicName}" was removed: its queue and tables would be orphaned or destroyed`,
          hint: allowRemoval
            ? 'removal allowed by --allow-removal'
            : 'restore the file, or retire the topic deliberately with --allow-removal (docs/schemas.md)',
        }),
      ],
    });
  }
  return reports;
}

function addFinding(
  entry: Entry,
  code: (typeof FINDING_CODES)[keyof typeof FINDING_CODES],
  path: string,
  message: string,
  hint: string,
  severity: 'error' | 'warning' = 'error',
): void {
  entry.report.findings.push(
    makeFinding({
      code,
      file: entry.file.file,
      path,
      message,
      hint,
      severity,
      position: locateNearest(path, entry.file.locate),
    }),
  );
}

function groupBy<T>(items: T[], keyOf: (item: T) => string | undefined): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === undefined) continue;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
