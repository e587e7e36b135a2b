import { join } from 'node:path';
import { TopicSelectionError } from '../../../../scripts/ops/inject/errors';
import { selectTopics } from '../../../../scripts/ops/inject/selectTopics';
import { loadRegistry } from '../../../../scripts/ops/registry';

const registry = loadRegistry(join(process.cwd(), 'schemas', 'topics')).topics;
const names = (spec: string) => selectTopics(registry, spec).map((topic) => topic.topic);

describe('selectTopics', () => {
  it('selects every registered topic for "all", in registry (file name) order', () => {
    const all = names('all');

    expect(all).toHaveLength(registry.length);
    expect(all).toEqual([...all].sort());
    expect(registry.length).toBeGreaterThan(3);
  });

  it('selects the first N topics of the registry for a count', () => {
    expect(names('2')).toEqual(registry.slice(0, 2).map((topic) => topic.topic));
    expect(names(String(registry.length))).toHaveLength(registry.length);
  });

  it('selects named topics in registry order, without repeats, whatever order they are given in', () => {
    const [first, second, third] = registry.map((topic) => topic.topic) as [string, string, string];

    expect(names(`${third}, ${first},${third}`)).toEqual([first, third]);
    expect(names(`${second},${first}`)).toEqual(names(`${first},${second}`));
  });

  it('refuses an unregistered name, naming it', () => {
    const known = registry[0]?.topic as string;

    expect(() => selectTopics(registry, `${known},no-such-topic`)).toThrow(TopicSelectionError);
    expect(() => selectTopics(registry, `${known},no-such-topic`)).toThrow(/no-such-topic/);
  });

  it('refuses a count of zero or more than the registry holds, and an empty list', () => {
    expect(() => selectTopics(registry, '0')).toThrow(TopicSelectionError);
    expect(() => selectTopics(registry, String(registry.length + 1))).toThrow(
      new RegExp(`holds ${registry.length} topics`),
    );
    expect(() => selectTopics(registry, ' , ')).toThrow(TopicSelectionError);
    expect(() => selectTopics([], 'all')).toThrow(TopicSelectionError);
  });
});
