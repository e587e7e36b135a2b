import { memoryExecutionState } from '../../../../lambdas/checkpoints/executionState';
import {
  type FreshnessInput,
  type FreshnessReport,
  FreshnessUnknownError,
  STALEST_SHOWN,
  summarizeFreshness,
  type TopicLag,
  topicLag,
  UNMEASURED_NAMES_SHOWN,
} from '../../../../lambdas/checkpoints/freshness';
import {
  type CheckpointsPorts,
  handleRequest,
} from '../../../../lambdas/checkpoints/handleRequest';
import {
  parseSnapshotHistory,
  type SnapshotHistory,
  UnsupportedMetadataError,
} from '../../../../lambdas/checkpoints/parseIcebergMetadata';
import { parseRequest } from '../../../../lambdas/checkpoints/parseRequest';
import type { TableHistory } from '../../../../lambdas/checkpoints/readTableSnapshot';
import type { StoredProgress } from '../../../../lambdas/checkpoints/readTopicProgress';
import type { SnapshotRef } from '../../../../lambdas/common/checkpoints';
import { testCheckpointsConfig } from '../../../helpers/checkpointsFactories';
import {
  type Commit,
  metadataOf as metadataAt,
  snapshotIdOf,
} from '../../../helpers/icebergMetadata';

const NOW = new Date('2026-11-25T03:00:00Z');
const minutesAgo = (minutes: number) => NOW.getTime() - minutes * 60_000;

const metadataOf = (commits: readonly Commit[], extra: string[] = []) =>
  metadataAt(NOW, commits, extra);
const history = (commits: readonly Commit[]): SnapshotHistory =>
  parseSnapshotHistory(metadataOf(commits));
const checkpointAt = (seq: number): SnapshotRef => ({
  snapshotId: snapshotIdOf(seq),
  sequenceNumber: seq,
});

function input(overrides: Partial<FreshnessInput> = {}): FreshnessInput {
  return {
    topic: 'engine-temperature',
    paused: false,
    raw: history([
      { seq: 1, minutesAgo: 3 * 24 * 60 },
      { seq: 2, minutesAgo: 2 * 24 * 60 },
    ]),
    standardized: history([{ seq: 1, minutesAgo: 2 * 24 * 60 - 10 }]),
    standardizedCheckpoint: checkpointAt(2),
    curatedCheckpoint: checkpointAt(1),
    ...overrides,
  };
}

describe('parseSnapshotHistory', () => {
  it('follows the current snapshot’s parents, newest first, with commit times and exact ids', () => {
    // Act
    const parsed = history([
      { seq: 1, minutesAgo: 30 },
      { seq: 2, minutesAgo: 20 },
      { seq: 3, minutesAgo: 10 },
    ]);

    // Assess
    expect(parsed.current).toEqual({ snapshotId: '305172967557459700', sequenceNumber: 3 });
    expect(parsed.lineage.map((s) => [s.snapshotId, s.sequenceNumber, s.committedAtMs])).toEqual([
      ['305172967557459700', 3, minutesAgo(10)],
      ['205172967557459700', 2, minutesAgo(20)],
      ['105172967557459700', 1, minutesAgo(30)],
    ]);
  });

  it('leaves out snapshots outside the lineage (a rolled-back commit) and stops at an expired parent', () => {
    // Arrange: seq 9 was rolled back (not an ancestor of the current snapshot)
    const rolledBack = `{"snapshot-id":905172967557459700,"parent-snapshot-id":205172967557459700,"sequence-number":9,"timestamp-ms":${minutesAgo(5)},"summary":{"operation":"append"}}`;
    const text = metadataOf(
      [
        { seq: 1, minutesAgo: 30 },
        { seq: 2, minutesAgo: 20 },
      ],
      [rolledBack],
    );
    const expired = `{"format-version":2,"current-snapshot-id":7,"snapshots":[{"snapshot-id":7,"parent-snapshot-id":6,"sequence-number":7,"timestamp-ms":1}]}`;

    // Act / Assess
    expect(parseSnapshotHistory(text).lineage.map((s) => s.sequenceNumber)).toEqual([2, 1]);
    expect(parseSnapshotHistory(expired).lineage.map((s) => s.sequenceNumber)).toEqual([7]);
  });

  it('marks compactions, deletes and empty appends as bringing no new data', () => {
    // Act
    const parsed = history([
      { seq: 1, operation: 'append' },
      { seq: 2, operation: 'replace' },
      { seq: 3, operation: 'delete' },
      { seq: 4, operation: 'append', addedRecords: '0' },
      { seq: 5, operation: 'overwrite' },
    ]);

    // Assess
    expect(parsed.lineage.map((s) => [s.sequenceNumber, s.addsData])).toEqual([
      [5, true],
      [4, false],
      [3, false],
      [2, false],
      [1, true],
    ]);
  });

  it('reads a never-written table as empty and refuses format v1', () => {
    expect(parseSnapshotHistory(metadataOf([]))).toMatchObject({
      current: undefined,
      lineage: [],
      truncated: false,
      snapshotCount: 0,
    });
    expect(() =>
      parseSnapshotHistory('{"format-version":1,"current-snapshot-id":5,"snapshots":[]}'),
    ).toThrow(UnsupportedMetadataError);
  });
});

describe('topicLag', () => {
  it('reads an idle topic as fresh however old its last record is', () => {
    // Arrange: last RAW commit two days ago, standardized and curated up to it
    const idle = input();

    // Act
    const lag = topicLag(idle, NOW);

    // Assess
    expect(lag).toEqual({ topic: 'engine-temperature', paused: false, lagSeconds: 0 });
  });

  it('counts from the oldest RAW commit after the standardized checkpoint', () => {
    // Arrange
    const waiting = input({
      raw: history([
        { seq: 1, minutesAgo: 300 },
        { seq: 2, minutesAgo: 200 },
        { seq: 3, minutesAgo: 40 },
        { seq: 4, minutesAgo: 10 },
      ]),
      standardizedCheckpoint: checkpointAt(2),
    });

    // Act
    const lag = topicLag(waiting, NOW);

    // Assess
    expect(lag).toMatchObject({
      lagSeconds: 40 * 60,
      waitingSince: new Date(minutesAgo(40)).toISOString(),
      stage: 'standardize',
    });
  });

  it('counts every RAW commit of a topic that was never standardized', () => {
    // Arrange
    const fresh = input({
      raw: history([
        { seq: 1, minutesAgo: 90 },
        { seq: 2, minutesAgo: 5 },
      ]),
      standardized: undefined,
      standardizedCheckpoint: undefined,
      curatedCheckpoint: undefined,
    });

    // Act / Assess
    expect(topicLag(fresh, NOW).lagSeconds).toBe(90 * 60);
  });

  it('does not read a RAW compaction after the checkpoint as waiting data', () => {
    // Arrange: the only commit after the checkpoint rewrote files (no new rows)
    const compacted = input({
      raw: history([
        { seq: 1, minutesAgo: 600 },
        { seq: 2, minutesAgo: 500, operation: 'replace' },
      ]),
      standardizedCheckpoint: checkpointAt(1),
    });

    // Act / Assess
    expect(topicLag(compacted, NOW).lagSeconds).toBe(0);
  });

  it('counts standardized data that curate has not taken (a failed curate run)', () => {
    // Arrange: RAW fully standardized; the standardized commit of 3 h ago is not curated
    const curateBehind = input({
      raw: history([{ seq: 1, minutesAgo: 200 }]),
      standardizedCheckpoint: checkpointAt(1),
      standardized: history([
        { seq: 1, minutesAgo: 400 },
        { seq: 2, minutesAgo: 180 },
      ]),
      curatedCheckpoint: checkpointAt(1),
    });

    // Act
    const lag = topicLag(curateBehind, NOW);

    // Assess
    expect(lag).toMatchObject({ lagSeconds: 180 * 60, stage: 'curate' });
  });

  it('takes the older of RAW waiting for standardize and standardized waiting for curate', () => {
    // Arrange
    const both = input({
      raw: history([
        { seq: 1, minutesAgo: 500 },
        { seq: 2, minutesAgo: 30 },
      ]),
      standardizedCheckpoint: checkpointAt(1),
      standardized: history([{ seq: 1, minutesAgo: 150 }]),
      curatedCheckpoint: undefined,
    });

    // Act / Assess
    expect(topicLag(both, NOW)).toMatchObject({ lagSeconds: 150 * 60, stage: 'curate' });
    expect(
      topicLag({ ...both, standardized: history([{ seq: 1, minutesAgo: 20 }]) }, NOW),
    ).toMatchObject({ lagSeconds: 30 * 60, stage: 'standardize' });
  });

  it('measures a paused topic like any other and says it is paused', () => {
    // Arrange
    const paused = input({
      paused: true,
      raw: history([
        { seq: 1, minutesAgo: 600 },
        { seq: 2, minutesAgo: 150 },
      ]),
      standardizedCheckpoint: checkpointAt(1),
    });

    // Act / Assess
    expect(topicLag(paused, NOW)).toMatchObject({ paused: true, lagSeconds: 150 * 60 });
  });

  it('refuses to guess when a waiting commit has no time, but ignores times it does not need', () => {
    // Arrange
    const untimedWaiting = input({
      raw: history([{ seq: 1, minutesAgo: 60 }, { seq: 2 }]),
      standardizedCheckpoint: checkpointAt(1),
    });
    const untimedDone = input({
      raw: history([{ seq: 1 }, { seq: 2, minutesAgo: 60 }]),
      standardizedCheckpoint: checkpointAt(1),
    });

    // Act / Assess
    expect(() => topicLag(untimedWaiting, NOW)).toThrow(FreshnessUnknownError);
    expect(topicLag(untimedDone, NOW).lagSeconds).toBe(60 * 60);
  });

  it('never reports a negative lag when the committer’s clock is ahead', () => {
    // Arrange
    const ahead = input({
      raw: history([
        { seq: 1, minutesAgo: 60 },
        { seq: 2, minutesAgo: -1 },
      ]),
      standardizedCheckpoint: checkpointAt(1),
    });

    // Act
    const lag = topicLag(ahead, NOW);

    // Assess
    expect(lag.lagSeconds).toBe(0);
    expect(lag.waitingSince).toBeDefined();
  });
});

describe('summarizeFreshness', () => {
  const lagOf = (topic: string, lagSeconds: number): TopicLag => ({
    topic,
    paused: false,
    lagSeconds,
    waitingSince: new Date(NOW.getTime() - lagSeconds * 1000).toISOString(),
    stage: 'standardize',
  });
  const idle = (topic: string): TopicLag => ({ topic, paused: false, lagSeconds: 0 });

  it('reports the largest lag, the stalest topics first, and counts topics waiting', () => {
    // Arrange
    const lags = [
      idle('a'),
      lagOf('b', 60),
      lagOf('c', 9000),
      lagOf('d', 300),
      ...Array.from({ length: 8 }, (_, i) => lagOf(`e${i}`, 10 + i)),
    ];

    // Act
    const report = summarizeFreshness(lags, [], NOW);

    // Assess
    expect(report).toMatchObject({
      measuredAt: NOW.toISOString(),
      topics: 12,
      measured: 12,
      waiting: 11,
      maxLagSeconds: 9000,
      unmeasured: 0,
    });
    expect(report.stalest.map((lag) => lag.topic)).toEqual(['c', 'd', 'b', 'e7', 'e6']);
    expect(report.stalest).toHaveLength(STALEST_SHOWN);
  });

  it('reads a fleet with nothing waiting as 0, not as missing', () => {
    expect(summarizeFreshness([idle('a'), idle('b')], [], NOW)).toMatchObject({
      maxLagSeconds: 0,
      waiting: 0,
      stalest: [],
    });
    expect(summarizeFreshness([], [], NOW).maxLagSeconds).toBe(0);
  });

  it('keeps unmeasured topics out of the maximum but counts and names them', () => {
    // Arrange
    const unreadable = Array.from({ length: 30 }, (_, i) => `u${String(i).padStart(2, '0')}`);

    // Act
    const report = summarizeFreshness([lagOf('ok', 120)], unreadable.reverse(), NOW);

    // Assess
    expect(report).toMatchObject({ topics: 31, measured: 1, unmeasured: 30, maxLagSeconds: 120 });
    expect(report.unmeasuredTopics).toHaveLength(UNMEASURED_NAMES_SHOWN);
    expect(report.unmeasuredTopics[0]).toBe('u00');
  });
});

describe('parseRequest', () => {
  it('accepts the freshness action the orchestrator and the schedule send', () => {
    expect(parseRequest({ action: 'freshness' })).toEqual({ action: 'freshness' });
  });
});

describe('handleRequest freshness', () => {
  const config = testCheckpointsConfig;

  function world(topics: string[]) {
    const tables = new Map<string, string>(); // `${database}.${table}` → metadata text
    const stored = new Map<string, StoredProgress>();
    const published: { report: FreshnessReport; lags: readonly TopicLag[] }[] = [];
    const errors: string[] = [];
    const ports: CheckpointsPorts = {
      now: () => NOW,
      listTopics: async () => topics,
      readSnapshot: async () => {
        throw new Error('not used by freshness');
      },
      readLatestData: async () => {
        throw new Error('not used by freshness');
      },
      readHistory: async (database, table): Promise<TableHistory> => {
        const text = tables.get(`${database}.${table}`);
        if (text === undefined) return { exists: false };
        return { exists: true, history: parseSnapshotHistory(text) };
      },
      readProgress: async (names) =>
        new Map(
          names.map((topic) => [
            topic,
            stored.get(topic) ?? {
              standardizedCheckpoint: undefined,
              curatedCheckpoint: undefined,
              paused: false,
            },
          ]),
        ),
      compareAndSet: async () => {
        throw new Error('freshness never writes');
      },
      onTopicError: (topic) => errors.push(topic),
      recordFailures: async () => {},
      publishFreshness: (report, lags) => published.push({ report, lags }),
      publishSummary: () => {},
      state: memoryExecutionState(),
    };
    return { tables, stored, published, errors, ports };
  }

  it('measures every registered topic, reports unreadable ones apart, and publishes once', async () => {
    // Arrange
    const { tables, stored, published, errors, ports } = world([
      'gps-position',
      'idle-topic',
      'no-raw-table',
      'broken-metadata',
    ]);
    tables.set(
      'raw.gps_position',
      metadataOf([
        { seq: 1, minutesAgo: 500 },
        { seq: 2, minutesAgo: 130 },
        { seq: 3, minutesAgo: 2 },
      ]),
    );
    stored.set('gps-position', {
      standardizedCheckpoint: checkpointAt(1),
      curatedCheckpoint: undefined,
      paused: false,
    });
    tables.set('raw.idle_topic', metadataOf([{ seq: 1, minutesAgo: 9000 }]));
    tables.set('std.idle_topic', metadataOf([{ seq: 1, minutesAgo: 8990 }]));
    stored.set('idle-topic', {
      standardizedCheckpoint: checkpointAt(1),
      curatedCheckpoint: checkpointAt(1),
      paused: false,
    });
    tables.set('raw.broken_metadata', '{"format-version":1}');

    // Act
    const report = (await handleRequest({ action: 'freshness' }, config, ports)) as FreshnessReport;

    // Assess
    expect(report).toMatchObject({
      topics: 4,
      measured: 2,
      waiting: 1,
      maxLagSeconds: 130 * 60,
      unmeasured: 2,
      unmeasuredTopics: ['broken-metadata', 'no-raw-table'],
    });
    expect(report.stalest).toEqual([
      {
        topic: 'gps-position',
        paused: false,
        lagSeconds: 130 * 60,
        waitingSince: new Date(minutesAgo(130)).toISOString(),
        stage: 'standardize',
      },
    ]);
    expect(errors.sort()).toEqual(['broken-metadata', 'no-raw-table']);
    // table health from the same reads: three tables measured, the 3-snapshot RAW table largest
    expect(report.tableHealth).toMatchObject({
      tables: 3,
      maxSnapshots: 3,
      largest: { topic: 'gps-position', layer: 'raw', snapshots: 3 },
    });
    expect(report.tableHealth.maxMetadataBytes).toBe(
      Buffer.byteLength(tables.get('raw.gps_position') ?? ''),
    );
    expect(published).toHaveLength(1);
    expect(published[0]?.report).toBe(report);
    expect(published[0]?.lags.map((lag) => [lag.topic, lag.lagSeconds]).sort()).toEqual([
      ['gps-position', 130 * 60],
      ['idle-topic', 0],
    ]);
  });

  it('publishes 0 for an empty registry, so the alarm sees a value and not missing data', async () => {
    // Arrange
    const { published, ports } = world([]);

    // Act
    const report = (await handleRequest({ action: 'freshness' }, config, ports)) as FreshnessReport;

    // Assess
    expect(report).toMatchObject({ topics: 0, maxLagSeconds: 0 });
    expect(published).toHaveLength(1);
  });

  it('fails (publishing nothing) when the checkpoints cannot be read at all', async () => {
    // Arrange
    const { published, ports } = world(['a']);
    ports.readProgress = async () => {
      throw new Error('ProvisionedThroughputExceededException');
    };

    // Act / Assess
    await expect(handleRequest({ action: 'freshness' }, config, ports)).rejects.toThrow(
      'ProvisionedThroughputExceededException',
    );
    expect(published).toEqual([]);
  });
});
