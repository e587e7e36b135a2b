import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  columnNameForField,
  FIFO_QUEUE_SUFFIX,
  queueNameForTopic,
  RESERVED_COLUMN_PREFIX,
  RESERVED_TABLE_NAMES,
  resourceNames,
  TOPIC_NAME_PATTERN,
  tableNameForTopic,
} from '../../../lambdas/common/naming';
import { BROKEN_STATES, PENDING_STATES, TERMINAL_STATES } from '../../../scripts/ops/audit/types';
import { generateTopics, loadRegistry } from '../../../scripts/ops/registry';
import { repoRoot } from '../../../scripts/ops/repoRoot';

// docs/naming.md is code twice: lambdas/common/naming (TypeScript) and
// glue-jobs/lean_ops_glue/names.py (Python). The same topics go through both; every name must match.

const root = repoRoot();
const registry = loadRegistry(join(root, 'schemas', 'topics')).topics;
const generated = generateTopics({ count: 120, seed: 26 });
// Edge cases the registry does not hold: one letter, the longest name, dashes at either end.
const topics = [
  ...[...registry, ...generated].map((schema) => schema.topic),
  'a',
  'a'.repeat(48),
  'double--dash',
  'trailing-',
  'mixed_under-score',
];
const fields = [...registry, ...generated].flatMap((schema) => Object.keys(schema.fields));
const candidates = [
  ...topics,
  'a',
  'a'.repeat(48),
  'a'.repeat(49),
  'raw_errors',
  'raw-errors',
  'curated_errors',
  'curated-errors',
  'Upper',
  '9lives',
  'dotted.topic',
  '',
  'trailing-',
  'under_score-and-dash',
  'trailing-newline\n',
];
const deployments = ['lean-ops-dev', 'lean-ops-prod', 'acme-fleet-eu-staging'];
const account = '123456789012';

function pythonAnswer() {
  const result = spawnSync(
    join(root, '.venv', 'bin', 'python'),
    [join(root, 'tests', 'integration', 'naming', 'python_names.py')],
    {
      input: JSON.stringify({ deployments, account, topics, candidates, fields }),
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) throw new Error(`python_names.py failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

describe('TypeScript and Python name rules', () => {
  const python = pythonAnswer();

  it('feeds both a real set of topics', () => {
    expect(topics.length).toBeGreaterThan(100);
    expect(fields.length).toBeGreaterThan(topics.length);
  });

  it.each(deployments)('name every resource of %s alike', (deployment) => {
    const names = resourceNames(deployment, account);
    const { errorRateAlarms, queues, streams, ...resources } = python.resources[deployment];
    for (const [key, value] of Object.entries(resources))
      expect({ key, value: names[key as keyof typeof names] }).toEqual({ key, value });
    expect(errorRateAlarms).toEqual(topics.map(names.errorRateAlarm));
    expect(streams).toEqual(
      [0, 1, 2, 3].map((k) => [names.firehoseStreamOf(k), names.processorFunctionOf(k)]),
    );
    expect(queues).toEqual(
      topics.flatMap((topic) =>
        [false, true].map((fifo) =>
          queueNameForTopic(names.queueNamePrefix, { topic, queue: fifo ? 'fifo' : 'standard' }),
        ),
      ),
    );
  });

  it('map topics to the same tables and fields to the same columns', () => {
    expect(python.tables).toEqual(topics.map((topic) => tableNameForTopic(topic)));
    expect(python.columns).toEqual(fields.map(columnNameForField));
  });

  it('accept and refuse the same topic names', () => {
    const valid = candidates.map(
      (topic) =>
        TOPIC_NAME_PATTERN.test(topic) && !RESERVED_TABLE_NAMES.includes(tableNameForTopic(topic)),
    );
    expect(python.valid).toEqual(valid);
    expect(valid).toContain(false);
    expect(python.reserved).toEqual([...RESERVED_TABLE_NAMES].sort());
    expect(python.fifoSuffix).toBe(FIFO_QUEUE_SUFFIX);
  });

  it('keep the same column prefix for the pipeline and the same field path pattern as the topic schema', () => {
    const topicSchema = JSON.parse(
      readFileSync(join(root, 'schemas', 'topic.schema.json'), 'utf8'),
    ) as { $defs: { fieldPath: { pattern: string } } };
    expect(python.reservedColumnPrefix).toBe(RESERVED_COLUMN_PREFIX);
    expect(python.fieldPathPattern).toBe(topicSchema.$defs.fieldPath.pattern);
  });

  it('give audit states the same names, in the same classes (the audit job writes them, the CLI reads them)', () => {
    expect(python.auditStates).toEqual({
      terminal: [...TERMINAL_STATES],
      pending: [...PENDING_STATES],
      broken: [...BROKEN_STATES],
    });
  });
});
