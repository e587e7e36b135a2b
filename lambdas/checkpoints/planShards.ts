import type { Plan } from './types';

/**
 * Splits the registered topics into shards of at most `shardSize` (sorted, so a topic stays in
 * the same shard between runs unless the registry changes). Only shards travel through the
 * state machine; each shard's scan answers with counts and active names.
 *
 * @example
 * planShards(['c', 'a', 'b'], 2); // → { topicCount: 3, shardCount: 2, shards: [{ shard: 0, topics: ['a', 'b'] }, { shard: 1, topics: ['c'] }] }
 */
export function planShards(topics: readonly string[], shardSize: number): Plan {
  const sorted = [...new Set(topics)].sort();
  const shards: Plan['shards'] = [];
  for (let start = 0; start < sorted.length; start += shardSize) {
    shards.push({ shard: shards.length, topics: sorted.slice(start, start + shardSize) });
  }
  return { topicCount: sorted.length, shardCount: shards.length, shards };
}
