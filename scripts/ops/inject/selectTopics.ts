import type { TopicSchema } from '../registry';
import { TopicSelectionError } from './errors';

/**
 * The topics an injection publishes to, from `--topics`: `all` (every registered topic), an
 * integer N (the first N topics in registry order, i.e. by file name), or a comma-separated list
 * of topic names. A list is returned in registry order without repeats, so `b,a` and `a,b` plan
 * the same traffic for a seed.
 *
 * @example
 * selectTopics(registry.topics, '2'); // the first two topics of schemas/topics
 */
export function selectTopics(registered: readonly TopicSchema[], spec: string): TopicSchema[] {
  const trimmed = spec.trim();
  if (registered.length === 0) throw new TopicSelectionError('the registry holds no topics');
  if (trimmed === 'all') return [...registered];
  if (/^\d+$/.test(trimmed)) {
    const count = Number(trimmed);
    if (count < 1 || count > registered.length) {
      throw new TopicSelectionError(
        `--topics ${trimmed}: the registry holds ${registered.length} topics; give 1 to ${registered.length}, a list of names or "all"`,
      );
    }
    return registered.slice(0, count);
  }
  const names = trimmed
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (names.length === 0)
    throw new TopicSelectionError('--topics needs "all", a count or a list of topic names');
  const known = new Set(registered.map((topic) => topic.topic));
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new TopicSelectionError(
      `--topics: ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not registered (${registered.length} topics in the registry)`,
    );
  }
  const wanted = new Set(names);
  return registered.filter((topic) => wanted.has(topic.topic));
}
