import { TOPICS_ARG_SEPARATOR } from './summarizeScan';
import type { Packing, ScanTally, ShardScan } from './types';

/**
 * Packs the active topics of all shards into Glue runs of at most `topicsPerRun` topics, filling
 * each run before starting the next: N active topics cost ceil(N / K) runs, however they are
 * spread over shards.
 *
 * @example
 * packRuns([scanOf(['a', 'b']), scanOf(['c'])], 2).runCount; // → 2
 */
export function packRuns(scans: readonly ShardScan[], topicsPerRun: number): Packing {
  const active = [...new Set(scans.flatMap((scan) => scan.active ?? []))];
  const runs: Packing['runs'] = [];
  for (let start = 0; start < active.length; start += topicsPerRun) {
    const topics = active.slice(start, start + topicsPerRun);
    runs.push({ run: runs.length, topics, topicsArg: topics.join(TOPICS_ARG_SEPARATOR) });
  }
  return { activeCount: active.length, runCount: runs.length, runs, tally: tallyScans(scans) };
}

/** Sums the shards' counts; names are kept only for paused and unreadable topics. */
export function tallyScans(scans: readonly ShardScan[]): ScanTally {
  return {
    seen: scans.reduce((total, scan) => total + (scan.seen ?? 0), 0),
    idle: scans.reduce((total, scan) => total + (scan.idle ?? 0), 0),
    active: scans.reduce((total, scan) => total + (scan.active?.length ?? 0), 0),
    paused: scans.flatMap((scan) => scan.paused ?? []).sort(),
    unavailable: scans.flatMap((scan) => scan.unavailable ?? []).sort(),
  };
}
