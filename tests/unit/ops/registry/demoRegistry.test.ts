import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tableNameForTopic } from '../../../../lambdas/common/naming';
import { lintRegistry, loadRegistry, topicJsonSchema } from '../../../../scripts/ops/registry';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

describe('the demo registry in schemas/topics', () => {
  const registry = loadRegistry(join(repo, 'schemas', 'topics'), { root: repo });

  it('lints clean, without warnings', () => {
    const report = lintRegistry(registry);

    expect(report.topics.flatMap((t) => t.findings)).toEqual([]);
    expect(report.topics.length).toBeGreaterThanOrEqual(8);
    expect(report.topics.length).toBeLessThanOrEqual(12);
  });

  it('exercises both queue kinds, both keep policies, nested paths and every field type', () => {
    const topics = registry.topics;
    const types = new Set(
      topics.flatMap((t) => Object.values(t.fields).map((f) => f.type.replace(/\(.*/, ''))),
    );

    expect(new Set(topics.map((t) => t.queue))).toEqual(new Set(['standard', 'fifo']));
    expect(new Set(topics.map((t) => t.dedup.keep))).toEqual(new Set(['first', 'last']));
    expect(topics.every((t) => Object.keys(t.fields).some((path) => path.includes('.')))).toBe(
      true,
    );
    expect(types).toEqual(
      new Set([
        'string',
        'int',
        'long',
        'float',
        'double',
        'boolean',
        'date',
        'timestamp',
        'decimal',
      ]),
    );
  });

  it('keeps the JSON Schema the linter enforces identical to schemas/topic.schema.json', () => {
    const onDisk = JSON.parse(readFileSync(join(repo, 'schemas', 'topic.schema.json'), 'utf8'));

    expect(topicJsonSchema).toEqual(onDisk);
    expect(onDisk.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it('gives every topic its own table', () => {
    const tables = registry.topics.map((t) => tableNameForTopic(t));

    expect(new Set(tables).size).toBe(tables.length);
  });
});
