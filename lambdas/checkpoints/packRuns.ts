import { MAX_LISTED_TOPICS } from './constants';
import { TOPICS_ARG_SEPARATOR } from './summarizeScan';
import { type IsolationPolicy, isolatedRunSize } from './topicIsolation';
import type { GlueRunPlan, Packing, ScanTally, ShardScan } from './types';

/**
 * Packs the active topics of all shards into Glue runs of at most `topicsPerRun` topics, filling
 * each run before starting the next: N healthy active topics cost ceil(N / K) runs, however they
 * are spread over shards. Topics that failed last time never share a run with healthy ones: they
 * run with topics of the same failure count, in runs that halve with each failure
 * (topicIsolation.ts), so one poisoned topic cannot hold its run-mates back twice.
 *
 * @example
 * packRuns([scanOf(['a', 'b']), scanOf(['c'])], 2, DEFAULT_ISOLATION).runCount; // → 2
 */
export function packRuns(
  scans: readonly ShardScan[],
  topicsPerRun: number,
  policy: IsolationPolicy,
): Packing {
  const failing = new Map<string, number>();
  for (const scan of scans) {
    for (const [topic, count] of Object.entries(scan.failing ?? {})) failing.set(topic, count);
  }
  const active = [...new Set(scans.flatMap((scan) => scan.active ?? []))];
  const runs: GlueRunPlan[] = [];
  const addRuns = (topics: readonly string[], size: number, failures: number) => {
    for (let start = 0; start < topics.length; start += size) {
      const slice = topics.slice(start, start + size);
      runs.push({
        run: runs.length,
        topics: slice,
        topicsArg: slice.join(TOPICS_ARG_SEPARATOR),
        failures,
      });
    }
  };
  addRuns(
    active.filter((topic) => !failing.has(topic)),
    topicsPerRun,
    0,
  );
  const byCount = new Map<number, string[]>();
  for (const topic of active) {
    const count = failing.get(topic);
    if (count !== undefined) byCount.set(count, [...(byCount.get(count) ?? []), topic]);
  }
  for (const count of [...byCount.keys()].sort((a, b) => a - b)) {
    addRuns(byCount.get(count) ?? [], isolatedRunSize(count, topicsPerRun, policy), count);
  }
  return { activeCount: active.length, runCount: runs.length, runs, tally: tallyScans(scans) };
}

/**
 * Sums the shards' counts; names are kept only for paused, backing-off, quarantined and
 * unreadable topics, at most MAX_LISTED_TOPICS of each (the counts are complete).
 */
export function tallyScans(scans: readonly ShardScan[]): ScanTally {
  const names = (pick: (scan: ShardScan) => string[] | undefined) =>
    scans.flatMap((scan) => pick(scan) ?? []).sort();
  const paused = names((scan) => scan.paused);
  const unavailable = names((scan) => scan.unavailable);
  const backingOff = names((scan) => scan.backingOff);
  const quarantined = names((scan) => scan.quarantined);
  return {
    seen: scans.reduce((total, scan) => total + (scan.seen ?? 0), 0),
    idle: scans.reduce((total, scan) => total + (scan.idle ?? 0), 0),
    active: scans.reduce((total, scan) => total + (scan.active?.length ?? 0), 0),
    paused: paused.slice(0, MAX_LISTED_TOPICS),
    unavailable: unavailable.slice(0, MAX_LISTED_TOPICS),
    backingOff: backingOff.slice(0, MAX_LISTED_TOPICS),
    quarantined: quarantined.slice(0, MAX_LISTED_TOPICS),
    pausedCount: paused.length,
    unavailableCount: unavailable.length,
    backingOffCount: backingOff.length,
    quarantinedCount: quarantined.length,
  };
}
