import { classifyTopic, type TopicProgress } from '../../../../lambdas/checkpoints/classifyTopic';
import { InvalidRequestError } from '../../../../lambdas/checkpoints/errors';
import { memoryExecutionState } from '../../../../lambdas/checkpoints/executionState';
import {
  type CheckpointsPorts,
  handleRequest,
} from '../../../../lambdas/checkpoints/handleRequest';
import { packRuns } from '../../../../lambdas/checkpoints/packRuns';
import {
  latestDataCommit,
  parseCurrentSnapshot,
  parseSnapshotHistory,
  UnsupportedMetadataError,
} from '../../../../lambdas/checkpoints/parseIcebergMetadata';
import { parseRequest } from '../../../../lambdas/checkpoints/parseRequest';
import { planShards } from '../../../../lambdas/checkpoints/planShards';
import type { TableSnapshot } from '../../../../lambdas/checkpoints/readTableSnapshot';
import type { StoredProgress } from '../../../../lambdas/checkpoints/readTopicProgress';
import { summarizeExecution } from '../../../../lambdas/checkpoints/summarizeExecution';
import { DEFAULT_ISOLATION } from '../../../../lambdas/checkpoints/topicIsolation';
import type {
  ExecutionSummary,
  LoadedRun,
  PackedRuns,
  Plan,
  RunResult,
  ShardScan,
} from '../../../../lambdas/checkpoints/types';
import type { CheckpointWriteOutcome, SnapshotRef } from '../../../../lambdas/common/checkpoints';
import { shardScanOf, testCheckpointsConfig } from '../../../helpers/checkpointsFactories';
import { type Commit, metadataOf, snapshotIdOf } from '../../../helpers/icebergMetadata';

const snap = (
  sequenceNumber: number,
  snapshotId = `${sequenceNumber}000000000000000001`,
): SnapshotRef => ({
  snapshotId,
  sequenceNumber,
});

function progress(overrides: Partial<TopicProgress> = {}): TopicProgress {
  return {
    topic: 'engine-temperature',
    raw: snap(4),
    standardized: snap(2),
    standardizedCheckpoint: snap(4),
    curatedCheckpoint: snap(2),
    paused: false,
    ...overrides,
  };
}

const topicNames = (count: number) =>
  Array.from({ length: count }, (_, i) => `topic-${String(i).padStart(4, '0')}`);

const scanOf = shardScanOf;

describe('parseCurrentSnapshot', () => {
  it('keeps 64-bit snapshot ids exact and takes the current snapshot’s sequence number', () => {
    // Arrange
    const metadata = `{"format-version":2,"current-snapshot-id":-8795523102442373421,
      "snapshots":[{"snapshot-id":3051729675574597004,"sequence-number":1},
                   {"snapshot-id":-8795523102442373421,"parent-snapshot-id":3051729675574597004,"sequence-number":2}]}`;

    // Act / Assess
    expect(parseCurrentSnapshot(metadata)).toEqual({
      snapshotId: '-8795523102442373421',
      sequenceNumber: 2,
    });
  });

  it('reads a table that was never written as having no snapshot', () => {
    expect(
      parseCurrentSnapshot('{"format-version":2,"current-snapshot-id":-1,"snapshots":[]}'),
    ).toBeUndefined();
    expect(parseCurrentSnapshot('{"format-version":2,"snapshots":[]}')).toBeUndefined();
  });

  it('refuses format v1 (no sequence numbers to order checkpoints by) and dangling ids', () => {
    expect(() =>
      parseCurrentSnapshot(
        '{"format-version":1,"current-snapshot-id":5,"snapshots":[{"snapshot-id":5}]}',
      ),
    ).toThrow(UnsupportedMetadataError);
    expect(() =>
      parseCurrentSnapshot('{"format-version":2,"current-snapshot-id":7,"snapshots":[]}'),
    ).toThrow(UnsupportedMetadataError);
  });
});

describe('latestDataCommit', () => {
  const now = new Date('2026-11-25T10:00:00Z');
  const latest = (commits: Commit[]) =>
    latestDataCommit(parseSnapshotHistory(metadataOf(now, commits)));

  it('skips compaction and manifest rewrites, so maintenance never makes a topic look active', () => {
    expect(
      latest([
        { seq: 1 },
        { seq: 2 },
        { seq: 3, operation: 'replace' },
        { seq: 4, operation: 'replace' },
      ]),
    ).toEqual({
      snapshotId: snapshotIdOf(2),
      sequenceNumber: 2,
    });
  });

  it('is nothing for a table that never received data, and the current snapshot when older commits expired', () => {
    expect(latest([{ seq: 1, operation: 'replace' }])).toBeUndefined();
    expect(latest([])).toBeUndefined();
    // snapshot 4's parent expired: whether data came before is unknown, so assume it did
    const truncated = `{"format-version":2,"current-snapshot-id":5,"snapshots":[
      {"snapshot-id":4,"parent-snapshot-id":3,"sequence-number":4,"summary":{"operation":"replace"}},
      {"snapshot-id":5,"parent-snapshot-id":4,"sequence-number":5,"summary":{"operation":"replace"}}]}`;
    expect(latestDataCommit(parseSnapshotHistory(truncated))).toEqual({
      snapshotId: '5',
      sequenceNumber: 5,
    });
  });
});

describe('classifyTopic', () => {
  it('is idle when neither RAW nor standardized moved past their checkpoints', () => {
    expect(classifyTopic(progress(), 'standardize')).toBe('idle');
  });

  it('is active when RAW has a snapshot after the standardized checkpoint', () => {
    expect(classifyTopic(progress({ raw: snap(5) }), 'standardize')).toBe('active');
    expect(classifyTopic(progress({ standardizedCheckpoint: undefined }), 'standardize')).toBe(
      'active',
    );
  });

  it('is active when standardized data waits for curate (a failed curate run is picked up again)', () => {
    expect(classifyTopic(progress({ standardized: snap(3) }), 'standardize')).toBe('active');
    expect(classifyTopic(progress({ standardized: snap(3) }), 'curate')).toBe('active');
  });

  it('at the curate stage ignores RAW: only what standardize committed counts', () => {
    expect(classifyTopic(progress({ raw: snap(9) }), 'curate')).toBe('idle');
  });

  it('never works on a paused topic, whatever is pending', () => {
    expect(
      classifyTopic(progress({ raw: snap(9), standardized: snap(3), paused: true }), 'standardize'),
    ).toBe('paused');
  });

  it('treats a RAW table without a snapshot as idle', () => {
    expect(
      classifyTopic(progress({ raw: undefined, standardizedCheckpoint: undefined }), 'standardize'),
    ).toBe('idle');
  });
});

describe('planShards and packRuns', () => {
  it('shards 750 topics into groups of at most the shard size, each topic exactly once', () => {
    // Act
    const plan = planShards(topicNames(750).reverse(), 50);

    // Assess
    expect(plan.topicCount).toBe(750);
    expect(plan.shardCount).toBe(15);
    expect(plan.shards.every((shard) => shard.topics.length <= 50)).toBe(true);
    expect(plan.shards.flatMap((shard) => shard.topics)).toEqual(topicNames(750));
  });

  it.each([1, 4, 7, 25, 30, 31])(
    'packs 30 active topics spread over 15 shards into ceil(30/%i) runs',
    (k) => {
      // Arrange: two active topics in every shard of 50
      const shards = planShards(topicNames(750), 50).shards;
      const scans = shards.map((shard) => scanOf(shard.topics.slice(0, 2), { seen: 50, idle: 48 }));

      // Act
      const packing = packRuns(scans, k, DEFAULT_ISOLATION);

      // Assess
      expect(packing.runCount).toBe(Math.ceil(30 / k));
      expect(packing.runs.every((run) => run.topics.length <= k)).toBe(true);
      expect(packing.runs.flatMap((run) => run.topics).sort()).toEqual(
        scans.flatMap((scan) => scan.active).sort(),
      );
      expect(packing.runs[0]?.topicsArg).toBe(packing.runs[0]?.topics.join(','));
      expect(packing.tally).toMatchObject({ seen: 750, idle: 720, active: 30 });
    },
  );

  it('starts no run when nothing is active', () => {
    expect(
      packRuns([scanOf([], { seen: 50, idle: 49, paused: ['x'] })], 25, DEFAULT_ISOLATION),
    ).toMatchObject({
      runCount: 0,
      runs: [],
      tally: { seen: 50, idle: 49, paused: ['x'] },
    });
  });
});

describe('summarizeExecution', () => {
  const tally = {
    seen: 750,
    idle: 715,
    active: 30,
    paused: ['p-1', 'p-2', 'p-3', 'p-4', 'p-5'],
    unavailable: [],
    backingOff: [],
    quarantined: [],
    pausedCount: 5,
    unavailableCount: 0,
    backingOffCount: 0,
    quarantinedCount: 0,
  };

  it('reports seen, idle, paused, processed, failed and Glue runs started', () => {
    // Arrange
    const runs: RunResult[] = [
      {
        run: 0,
        topicCount: 2,
        processedCount: 2,
        failedCount: 0,
        standardize: 'SUCCEEDED',
        curate: 'SUCCEEDED',
        maintain: 'SUCCEEDED',
      },
      {
        run: 1,
        topicCount: 1,
        processedCount: 1,
        failedCount: 0,
        standardize: 'SUCCEEDED',
        curate: 'SKIPPED',
        maintain: 'FAILED',
      },
      {
        run: 2,
        topicCount: 2,
        processedCount: 0,
        failedCount: 2,
        standardize: 'FAILED',
        standardizeError: 'States.TaskFailed',
        curate: 'SKIPPED',
      },
      {
        run: 3,
        topicCount: 2,
        processedCount: 1,
        failedCount: 1,
        standardize: 'SUCCEEDED',
        curate: 'FAILED',
        curateError: 'States.TaskFailed',
      },
      {
        run: 4,
        topicCount: 0,
        processedCount: 0,
        failedCount: 0,
        standardize: 'NOT_REACHED',
        curate: 'NOT_REACHED',
        unreadable: true,
      },
    ];

    // Act
    const summary: ExecutionSummary = summarizeExecution(
      { plan: { topicCount: 750, shardCount: 15 }, tally, runs },
      ['g', 'e', 'd'],
    );

    // Assess
    expect(summary).toMatchObject({
      topicsSeen: 750,
      idle: 715,
      paused: 5,
      active: 30,
      processed: 4,
      failed: 3,
      failedTopics: ['d', 'e', 'g'],
      standardizeRuns: 4,
      curateRuns: 2,
      glueRunsStarted: 6,
      maintainRuns: 1,
      maintainFailedRuns: 1,
      unreadableRuns: 1,
    });
  });

  it('does not count a run Glue refused to start (concurrency exhausted after retries)', () => {
    // Act
    const summary = summarizeExecution(
      {
        plan: { topicCount: 1, shardCount: 1 },
        tally,
        runs: [
          {
            run: 0,
            topicCount: 1,
            processedCount: 0,
            failedCount: 1,
            standardize: 'FAILED',
            standardizeError: 'Glue.ConcurrentRunsExceededException',
            curate: 'SKIPPED',
          },
        ],
      },
      ['a'],
    );

    // Assess
    expect(summary).toMatchObject({ glueRunsStarted: 0, failed: 1 });
  });
});

describe('parseRequest', () => {
  it('accepts a shard scan and defaults to the standardize stage', () => {
    expect(
      parseRequest({ action: 'scan', topics: ['engine-temperature', 'engine-temperature'] }),
    ).toEqual({
      action: 'scan',
      topics: ['engine-temperature'],
      stage: 'standardize',
    });
  });

  it.each([
    ['not an object', 'scan'],
    ['unknown action', { action: 'standardize' }],
    ['bad topic name', { action: 'scan', topics: ['Engine.Temp'] }],
    ['a registry instead of a shard', { action: 'scan', topics: topicNames(201) }],
    ['K of zero', { action: 'pack', scans: [], topicsPerRun: 0 }],
    ['a maintain scan without its interval', { action: 'scan', topics: ['a'], stage: 'maintain' }],
    ['an unknown stage', { action: 'scan', topics: ['a'], stage: 'compact' }],
    [
      'a snapshot id as a number',
      {
        action: 'commit-rebuild',
        topic: 'a',
        captured: { snapshotId: 5, sequenceNumber: 1 },
        runId: 'r',
      },
    ],
  ])('rejects %s', (_label, event) => {
    expect(() => parseRequest(event)).toThrow(InvalidRequestError);
  });
});

describe('handleRequest with in-memory tables', () => {
  const config = testCheckpointsConfig;

  function world() {
    const tables = new Map<string, TableSnapshot>();
    const stored = new Map<string, StoredProgress>();
    const writes: {
      topic: string;
      layer: string;
      expected?: SnapshotRef;
      proposed: SnapshotRef;
    }[] = [];
    const readTable = async (database: string, table: string): Promise<TableSnapshot> => {
      if (table === 'broken') throw new Error('metadata unreadable');
      return tables.get(`${database}.${table}`) ?? { exists: false };
    };
    const ports: CheckpointsPorts = {
      now: () => new Date('2026-11-25T10:00:00Z'),
      listTopics: async () =>
        [...new Set([...tables.keys()].map((key) => key.split('.')[1] ?? ''))].map((t) =>
          t.replaceAll('_', '-'),
        ),
      readSnapshot: readTable,
      // the in-memory tables hold data commits only: the newest is the current one
      readLatestData: readTable,
      readProgress: async (topics) =>
        new Map(
          topics.map((topic) => [
            topic,
            stored.get(topic) ?? {
              standardizedCheckpoint: undefined,
              curatedCheckpoint: undefined,
              paused: false,
            },
          ]),
        ),
      compareAndSet: async (request) => {
        writes.push(request);
        return 'written' as CheckpointWriteOutcome;
      },
      readHistory: async () => {
        throw new Error('freshness is tested in freshness.test.ts');
      },
      recordFailures: async () => {},
      publishFreshness: () => {},
      publishSummary: () => {},
      state: memoryExecutionState(),
    };
    return { tables, stored, writes, ports };
  }

  it('answers a shard scan with counts, and names only for active, paused and unreadable topics', async () => {
    // Arrange
    const { tables, stored, ports } = world();
    tables.set('raw.idle_one', { exists: true, snapshot: snap(3) });
    stored.set('idle-one', {
      standardizedCheckpoint: snap(3),
      curatedCheckpoint: undefined,
      paused: false,
    });
    tables.set('raw.fresh', { exists: true, snapshot: snap(4) });
    stored.set('fresh', {
      standardizedCheckpoint: snap(3),
      curatedCheckpoint: undefined,
      paused: false,
    });
    tables.set('raw.held', { exists: true, snapshot: snap(9) });
    stored.set('held', {
      standardizedCheckpoint: snap(1),
      curatedCheckpoint: undefined,
      paused: true,
    });

    // Act
    const scan = (await handleRequest(
      {
        action: 'scan',
        topics: ['idle-one', 'fresh', 'held', 'broken', 'no-table'],
        stage: 'standardize',
      },
      config,
      ports,
    )) as ShardScan;

    // Assess
    expect(scan).toEqual({
      seen: 5,
      idle: 1,
      paused: ['held'],
      unavailable: ['broken', 'no-table'],
      backingOff: [],
      quarantined: [],
      failing: {},
      active: ['fresh'],
      activeCount: 1,
      activeArg: 'fresh',
    });
  });

  it('answers a maintain scan from the maintenance stamps alone: due, recent, never, paused', async () => {
    // Arrange: now is 2026-11-25T10:00:00Z; the interval is a day
    const { stored, ports } = world();
    const stamp = (iso: string | undefined, paused = false): StoredProgress => ({
      standardizedCheckpoint: snap(3),
      curatedCheckpoint: snap(2),
      paused,
      maintainedAtMs: iso === undefined ? undefined : Date.parse(iso),
    });
    stored.set('yesterday', stamp('2026-11-24T09:59:59Z'));
    stored.set('this-morning', stamp('2026-11-25T06:00:00Z'));
    stored.set('never', stamp(undefined));
    stored.set('rebuilding', stamp(undefined, true));

    // Act
    const scan = (await handleRequest(
      {
        action: 'scan',
        topics: ['yesterday', 'this-morning', 'never', 'rebuilding', 'broken'],
        stage: 'maintain',
        intervalSeconds: 86_400,
      },
      config,
      ports,
    )) as ShardScan;

    // Assess: no table is read (the 'broken' table would throw), an unstamped topic is due
    expect(scan).toEqual({
      seen: 5,
      idle: 1,
      paused: ['rebuilding'],
      unavailable: [],
      backingOff: [],
      quarantined: [],
      failing: {},
      active: ['yesterday', 'never', 'broken'],
      activeCount: 3,
      activeArg: 'yesterday,never,broken',
    });
  });

  it('plans, scans and packs by reference: the stored objects hold the names, the answers numbers', async () => {
    // Arrange: two shards of 2; shard 1's scan failed (nothing stored)
    const { ports } = world();
    ports.listTopics = async () => ['d', 'c', 'b', 'a'];
    const plan = (await handleRequest(
      { action: 'plan', shardSize: 2, execution: 'exec-1' },
      config,
      ports,
    )) as Plan;
    await ports.state.put('orchestrator/exec-1/scans/0.json', scanOf(['a', 'b']));

    // Act
    const packed = (await handleRequest(
      { action: 'pack', execution: 'exec-1', shardCount: 2, topicsPerRun: 1 },
      config,
      ports,
    )) as PackedRuns;
    const loaded = (await handleRequest(
      { action: 'load-run', execution: 'exec-1', run: 1 },
      config,
      ports,
    )) as LoadedRun;

    // Assess
    expect(plan.shards).toEqual([
      { shard: 0, topicCount: 2 },
      { shard: 1, topicCount: 2 },
    ]);
    expect(packed.runs).toEqual([
      { run: 0, topicCount: 1, failures: 0 },
      { run: 1, topicCount: 1, failures: 0 },
    ]);
    expect(packed.tally).toMatchObject({ unavailable: ['c', 'd'], unavailableCount: 2, seen: 4 });
    expect(loaded).toMatchObject({ execution: 'exec-1', run: 1, topics: ['b'], topicsArg: 'b' });
  });

  it('settles a rebuild: standardized to the captured RAW snapshot, curated to the rebuilt standardized one', async () => {
    // Arrange
    const { tables, stored, writes, ports } = world();
    tables.set('std.orders', { exists: true, snapshot: snap(12) });
    stored.set('orders', {
      standardizedCheckpoint: snap(5),
      curatedCheckpoint: snap(8),
      paused: true,
    });

    // Act
    const result = await handleRequest(
      {
        action: 'commit-rebuild',
        topic: 'orders',
        captured: { topic: 'orders', ...snap(7) },
        runId: 'exec-1',
      },
      config,
      ports,
    );

    // Assess
    expect(writes).toEqual([
      {
        topic: 'orders',
        layer: 'standardized',
        expected: snap(5),
        proposed: snap(7),
        runId: 'exec-1',
      },
      { topic: 'orders', layer: 'curated', expected: snap(8), proposed: snap(12), runId: 'exec-1' },
    ]);
    expect(result).toMatchObject({
      standardized: { outcome: 'written' },
      curated: { outcome: 'written' },
    });
  });

  it('leaves a checkpoint the rebuild job already advanced past the capture as it is', async () => {
    // Arrange: the job captured its own (later) RAW snapshot before reading and checkpointed it
    const { tables, stored, writes, ports } = world();
    tables.set('std.orders', { exists: true, snapshot: snap(12) });
    stored.set('orders', {
      standardizedCheckpoint: snap(9),
      curatedCheckpoint: snap(12),
      paused: true,
    });

    // Act
    const result = await handleRequest(
      {
        action: 'commit-rebuild',
        topic: 'orders',
        captured: { topic: 'orders', ...snap(7) },
        runId: 'exec-1',
      },
      config,
      ports,
    );

    // Assess
    expect(writes).toEqual([]);
    expect(result).toMatchObject({ standardized: { outcome: 'unchanged', checkpoint: snap(9) } });
  });

  it('gives the lock window as DynamoDB number strings', async () => {
    expect(
      await handleRequest({ action: 'lease', ttlSeconds: 600 }, config, world().ports),
    ).toEqual({
      now: '1795600800',
      expiresAt: '1795601400',
    });
  });
});
