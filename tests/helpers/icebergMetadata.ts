/** One commit of a test table, `minutesAgo` before the test's clock (omitted: no timestamp-ms). */
export interface Commit {
  seq: number;
  minutesAgo?: number;
  operation?: string;
  addedRecords?: string;
}

/** The 64-bit snapshot id of commit `seq` (beyond Number precision, as Java writes them). */
export const snapshotIdOf = (seq: number) => `${seq}05172967557459700`;

/**
 * Iceberg v2 metadata JSON of a table whose lineage is `commits` (oldest first), with snapshot ids,
 * parents, sequence numbers, commit times and summaries as Java Iceberg writes them; `extra` adds
 * raw snapshot objects outside the lineage.
 */
export function metadataOf(now: Date, commits: readonly Commit[], extra: string[] = []): string {
  const snapshots = commits.map((commit, index) => {
    const previous = commits[index - 1];
    const parent =
      previous === undefined ? '' : `"parent-snapshot-id":${snapshotIdOf(previous.seq)},`;
    const time =
      commit.minutesAgo === undefined
        ? ''
        : `"timestamp-ms":${now.getTime() - commit.minutesAgo * 60_000},`;
    return `{"snapshot-id":${snapshotIdOf(commit.seq)},${parent}"sequence-number":${commit.seq},${time}"summary":{"operation":"${commit.operation ?? 'append'}","added-records":"${commit.addedRecords ?? '10'}"}}`;
  });
  const current = commits.at(-1);
  return `{"format-version":2,"current-snapshot-id":${current === undefined ? -1 : snapshotIdOf(current.seq)},"snapshots":[${[...snapshots, ...extra].join(',')}]}`;
}
