import { TOPICS_ARG_SEPARATOR } from './summarizeScan';
import type { Packing, ShardScan } from './types';

/**
 * Packs the active topics of all shards into Glue runs of at most `topicsPerRun` topics, filling
 * each run before starting the next: N active topics cost ceil(N / K) runs, however they are
 * spread over shards.
 *
 * @example
 * packRuns([{ active: ['a', 'b'] }, { active: ['c'] }] as ShardScan[], 2).runCount; // → 2
 */
export function packRuns(
  scans: readonly Pick<ShardScan, 'active'>[],
  topicsPerRun: number,
): Packing {
  const active = [...new Set(scans.flatMap((scan) => scan.active ?? []))];
  const runs: Packing['runs'] = [];
  for (let start = 0; start < active.length; start += topicsPerRun) {
    const topics = active.slice(start, start + topicsPerRun);
    runs.push({ run: runs.length, topics, topicsArg: topics.join(TOPICS_ARG_SEPARATOR) });
  }
  return { activeCount: active.length, runCount: runs.length, runs };
}
