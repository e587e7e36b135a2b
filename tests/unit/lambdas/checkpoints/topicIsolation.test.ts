import { memoryExecutionState } from '../../../../lambdas/checkpoints/executionState';
import { packRuns } from '../../../../lambdas/checkpoints/packRuns';
import { parseRequest } from '../../../../lambdas/checkpoints/parseRequest';
import { failuresOf, type StoredProgress } from '../../../../lambdas/checkpoints/readTopicProgress';
import { settleRun } from '../../../../lambdas/checkpoints/settleRun';
import {
  DEFAULT_ISOLATION,
  isBackingOff,
  isolatedRunSize,
  retryDelaySeconds,
} from '../../../../lambdas/checkpoints/topicIsolation';
import type { SettleRequest } from '../../../../lambdas/checkpoints/types';
import { shardScanOf } from '../../../helpers/checkpointsFactories';

const policy = DEFAULT_ISOLATION;

const scan = (active: string[], failing: Record<string, number> = {}) =>
  shardScanOf(active, { failing });

describe('back-off and run sizes', () => {
  it('retries the first failure at once, then doubles from the base up to the quarantine interval', () => {
    expect([1, 2, 3, 4, 5, 9].map((n) => retryDelaySeconds(n, policy))).toEqual([
      0, 900, 1_800, 3_600, 21_600, 21_600,
    ]);
  });

  it('halves the runs of failing topics with each failure, one topic once quarantined', () => {
    expect([1, 2, 3, 4, 5].map((n) => isolatedRunSize(n, 25, policy))).toEqual([25, 12, 6, 3, 1]);
    expect(isolatedRunSize(4, 2, policy)).toBe(1);
  });

  it('says a topic is backing off only until its delay has passed', () => {
    const failedAt = Date.parse('2026-12-07T03:00:00Z');
    const failures = {
      consecutive: 2,
      lastFailedAtMs: failedAt,
      failedAtMs: { standardize: failedAt },
      stage: 'standardize' as const,
      error: 'x',
    };
    expect(isBackingOff(failures, new Date(failedAt + 899_000), policy)).toBe(true);
    expect(isBackingOff(failures, new Date(failedAt + 900_000), policy)).toBe(false);
  });
});

describe('packRuns with failing topics', () => {
  it('never packs a failing topic with healthy ones, and groups failing topics by their count', () => {
    // Arrange: 30 healthy topics, three failing once, two failing three times
    const healthy = Array.from({ length: 30 }, (_, i) => `ok-${i}`);
    const failing = { 'f1-a': 1, 'f1-b': 1, 'f1-c': 1, 'f3-a': 3, 'f3-b': 3 };

    // Act
    const packing = packRuns(
      [
        scan([...healthy.slice(0, 15), 'f3-a', 'f1-a'], { 'f3-a': 3, 'f1-a': 1 }),
        scan([...healthy.slice(15), 'f1-b', 'f1-c', 'f3-b'], { 'f1-b': 1, 'f1-c': 1, 'f3-b': 3 }),
      ],
      2 ** 3,
      policy,
    );

    // Assess
    const runsOf = (failures: number) =>
      packing.runs.filter((run) => run.failures === failures).map((run) => run.topics);
    expect(runsOf(0).flat().sort()).toEqual([...healthy].sort());
    expect(runsOf(0).every((topics) => topics.length <= 8)).toBe(true);
    expect(runsOf(1)).toEqual([['f1-a', 'f1-b', 'f1-c']]);
    expect(runsOf(3)).toEqual([['f3-a', 'f3-b']]);
    expect(packing.activeCount).toBe(35);
    expect(
      Object.keys(failing).every((topic) => packing.runs.some((run) => run.topics.includes(topic))),
    ).toBe(true);
  });
});

describe('failuresOf', () => {
  it('folds the stages: the larger count, the latest failure', () => {
    const folded = failuresOf({
      standardize_failures: 3,
      standardize_failed_at: '2026-12-07T01:00:00.000Z',
      standardize_error: 'old',
      curate_failures: 1,
      curate_failed_at: '2026-12-07T02:00:00.000Z',
      curate_error: 'new',
    });
    expect(folded).toEqual({
      consecutive: 3,
      lastFailedAtMs: Date.parse('2026-12-07T02:00:00.000Z'),
      failedAtMs: {
        standardize: Date.parse('2026-12-07T01:00:00.000Z'),
        curate: Date.parse('2026-12-07T02:00:00.000Z'),
      },
      stage: 'curate',
      error: 'new',
    });
  });

  it('reads an item without counts as healthy and a count without a time as failed now', () => {
    expect(failuresOf({ topic: 't', layer: 'failures' })).toBeUndefined();
    expect(failuresOf({ curate_failures: 2 }, 1_000)).toMatchObject({
      consecutive: 2,
      lastFailedAtMs: 1_000,
    });
  });
});

describe('settleRun', () => {
  const since = '2026-12-07T03:00:00.000Z';
  const sinceMs = Date.parse(since);

  function ports(failedAt: Record<string, { standardize?: number; curate?: number }>) {
    const recorded: { topics: readonly string[]; stage: string; error: string }[] = [];
    const state = memoryExecutionState();
    return {
      recorded,
      state,
      ports: {
        now: () => new Date(sinceMs + 60_000),
        readProgress: async (topics: readonly string[]) =>
          new Map<string, StoredProgress>(
            topics.map((topic) => {
              const stages = failedAt[topic];
              const progress: StoredProgress = {
                standardizedCheckpoint: undefined,
                curatedCheckpoint: undefined,
                paused: false,
              };
              if (stages !== undefined) {
                progress.failures = {
                  consecutive: 1,
                  lastFailedAtMs: Math.max(stages.standardize ?? 0, stages.curate ?? 0),
                  failedAtMs: stages,
                  stage: 'standardize',
                  error: 'e',
                };
              }
              return [topic, progress];
            }),
          ),
        recordFailures: async (topics: readonly string[], stage: string, error: string) => {
          recorded.push({ topics, stage, error });
        },
        state,
      },
    };
  }
  const request = (overrides: Partial<SettleRequest>): SettleRequest => ({
    action: 'settle',
    topics: ['a', 'b', 'c'],
    since,
    standardize: 'SUCCEEDED',
    curate: 'SUCCEEDED',
    curateTopics: ['a', 'b', 'c'],
    ...overrides,
  });

  it('takes the failures the job recorded in this execution, and records nothing more', async () => {
    // Arrange: b failed now, c failed in an earlier execution (not this one's failure)
    const world = ports({
      b: { standardize: sinceMs + 5_000 },
      c: { standardize: sinceMs - 900_000 },
    });

    // Act
    const settled = await settleRun(
      request({
        standardize: 'FAILED',
        standardizeError: 'States.TaskFailed',
        curateTopics: ['a'],
        execution: 'exec-1',
        run: 3,
      }),
      world.ports,
    );

    // Assess
    expect(settled).toEqual({
      failed: ['b'],
      failedCount: 1,
      processed: ['a', 'c'],
      processedCount: 2,
      recorded: [],
    });
    expect(world.recorded).toEqual([]);
    // the summary names failed topics from the stored outcome; the branch carries counts
    expect(await world.state.get('orchestrator/exec-1/outcomes/3.json')).toEqual({ failed: ['b'] });
  });

  it('records every topic of a job that died without recording any, with its error', async () => {
    const world = ports({});
    const settled = await settleRun(
      request({ curate: 'FAILED', curateTopics: ['a', 'c'], curateError: 'States.Timeout' }),
      world.ports,
    );
    expect(settled).toMatchObject({ failed: ['a', 'c'], processed: ['b'], recorded: ['a', 'c'] });
    // without an execution to store under, nothing is stored
    expect(world.state.objects.size).toBe(0);
    expect(world.recorded).toEqual([
      { topics: ['a', 'c'], stage: 'curate', error: 'States.Timeout' },
    ]);
  });

  it('reports every topic when curate was never reached, without recording them', async () => {
    const world = ports({});
    const settled = await settleRun(
      request({ curate: 'NOT_REACHED', curateTopics: [] }),
      world.ports,
    );
    expect(settled).toMatchObject({ failedCount: 3, processed: [], recorded: [] });
  });

  it('is what parseRequest accepts from the state machine (empty errors dropped)', () => {
    expect(
      parseRequest({
        action: 'settle',
        topics: ['a'],
        since,
        standardize: 'SUCCEEDED',
        standardizeError: '',
        curate: 'SKIPPED',
        curateTopics: [],
        curateError: '',
      }),
    ).toEqual({
      action: 'settle',
      topics: ['a'],
      since,
      standardize: 'SUCCEEDED',
      curate: 'SKIPPED',
      curateTopics: [],
    });
    expect(() => parseRequest({ ...request({}), since: 'yesterday' })).toThrow(/since/);
    expect(() => parseRequest({ ...request({}), curate: 'DONE' })).toThrow(/curate must be one of/);
  });
});
