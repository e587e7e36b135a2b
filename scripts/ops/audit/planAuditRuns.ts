/**
 * The Glue runs of one audit: the topics in order, `topicsPerRun` per run (a run's arguments stay
 * small and a slow topic holds up only its run-mates). Pure.
 *
 * @example
 * planAuditRuns(['a', 'b', 'c'], 2); // [['a', 'b'], ['c']]
 */
export function planAuditRuns(topics: readonly string[], topicsPerRun: number): string[][] {
  if (!Number.isInteger(topicsPerRun) || topicsPerRun < 1)
    throw new RangeError(`topicsPerRun must be a positive integer, got ${topicsPerRun}`);
  const runs: string[][] = [];
  for (let start = 0; start < topics.length; start += topicsPerRun)
    runs.push(topics.slice(start, start + topicsPerRun));
  return runs;
}
