import type { ShardedRegistry } from './types';

/**
 * Splits the registered topics into shards of at most `shardSize` (sorted, so a topic stays in
 * the same shard between runs unless the registry changes). The orchestrator stores them and
 * passes shard numbers only (executionState.ts).
 *
 * @example
 * planShards(['c', 'a', 'b'], 2); // → { topicCount: 3, shardCount: 2, shards: [{ shard: 0, topics: ['a', 'b'] }, { shard: 1, topics: ['c'] }] }
 */
export function planShards(topics: readonly string[], shardSize: number): ShardedRegistry {
  const sorted = [...new Set(topics)].sort();
  const shards: ShardedRegistry['shards'] = [];
  for (let start = 0; start < sorted.length; start += shardSize) {
    shards.push({ shard: shards.length, topics: sorted.slice(start, start + shardSize) });
  }
  return { topicCount: sorted.length, shardCount: shards.length, shards };
}
