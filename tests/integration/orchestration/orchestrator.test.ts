import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { jest } from '@jest/globals';
import { CheckpointLayer } from '../../../lambdas/common/checkpoints';
import { registerTopics } from '../../../scripts/local/stepfunctions';
import { createWorld, topicNames, type World } from './world';

// The master orchestrator definition (modules/orchestration/definitions/orchestrator.asl.json),
// executed with aws-local-stepfunctions: the built checkpoints bundle in local containers,
// DynamoDB locks and CloudWatch metrics on the local endpoint, Glue played by FakeGlueJobs.

jest.setTimeout(180_000);

const worlds: World[] = [];
async function world(
  label: string,
  options: Parameters<typeof createWorld>[1] = {},
): Promise<World> {
  const created = await createWorld(label, options);
  worlds.push(created);
  return created;
}

afterAll(async () => {
  await Promise.all(worlds.map((created) => created.dispose()));
});

describe('master orchestrator, executed locally', () => {
  it('skips idle topics without starting any Glue run', async () => {
    // Arrange: three topics already standardized up to their RAW snapshot, one never written
    const w = await world('idle');
    await w.addTopics(['idle-a', 'idle-b', 'idle-c'], 2);
    await w.addTopics(['empty'], 0);
    for (const topic of ['idle-a', 'idle-b', 'idle-c']) await w.markUpToDate(topic);

    // Act
    const { status, output, entered } = await w.orchestration.runOrchestrator();

    // Assess
    expect(status).toBe('SUCCEEDED');
    expect(output).toMatchObject({
      topicsSeen: 4,
      idle: 4,
      active: 0,
      processed: 0,
      failed: 0,
      glueRunsStarted: 0,
    });
    expect(w.glue.runs).toEqual([]);
    expect(entered.Standardize).toBeUndefined();
  });

  it('finishes cleanly with an empty registry', async () => {
    // Arrange
    const w = await world('empty');

    // Act
    const { status, output } = await w.orchestration.runOrchestrator();

    // Assess
    expect(status).toBe('SUCCEEDED');
    expect(output).toMatchObject({ topicsSeen: 0, active: 0, glueRunsStarted: 0 });
  });

  it('skips paused topics and leaves their checkpoints where they are', async () => {
    // Arrange
    const w = await world('paused');
    await w.addTopics(['running', 'on-hold'], 1);
    await w.pause('on-hold');

    // Act
    const { output } = await w.orchestration.runOrchestrator();

    // Assess
    expect(output).toMatchObject({
      topicsSeen: 2,
      paused: 1,
      pausedTopics: ['on-hold'],
      active: 1,
      processed: 1,
    });
    expect(w.glue.runs.flatMap((run) => run.topics)).not.toContain('on-hold');
    expect(await w.glue.checkpoint('on-hold', CheckpointLayer.STANDARDIZED)).toBeUndefined();
    expect(await w.glue.checkpoint('running', CheckpointLayer.STANDARDIZED)).toEqual(
      w.lake.current('raw', 'running'),
    );
    expect(await w.glue.checkpoint('running', CheckpointLayer.CURATED)).toEqual(
      w.lake.current('standardized', 'running'),
    );
  });

  it('turns 750 registered topics with 30 active into ceil(30/K) standardize and curate runs', async () => {
    // Arrange: K = 7; active topics spread over the registry (every 25th)
    const k = 7;
    const w = await world('scale', { topicsPerGlueRun: k, lambdaContainers: 3 });
    const topics = topicNames('t', 750);
    const active = topics.filter((_, index) => index % 25 === 3);
    await w.addTopics(topics, 0);
    for (const topic of active) await w.lake.commit('raw', topic);

    // Act
    const { status, output } = await w.orchestration.runOrchestrator();

    // Assess
    expect(status).toBe('SUCCEEDED');
    expect(active).toHaveLength(30);
    expect(w.glue.runsOf('standardize')).toHaveLength(Math.ceil(30 / k));
    expect(w.glue.runsOf('curate')).toHaveLength(Math.ceil(30 / k));
    expect(w.glue.runs.every((run) => run.topics.length <= k)).toBe(true);
    expect(
      w.glue
        .runsOf('standardize')
        .flatMap((run) => run.topics)
        .sort(),
    ).toEqual(active);
    expect(output).toMatchObject({
      topicsSeen: 750,
      idle: 720,
      active: 30,
      processed: 30,
      failed: 0,
      glueRunsStarted: 2 * Math.ceil(30 / k),
    });
  });

  it('reports a failing Glue run and still processes every other branch', async () => {
    // Arrange: 6 active topics in runs of 2; the run holding `bad-0002` fails
    const w = await world('failing', { topicsPerGlueRun: 2 });
    const topics = topicNames('bad', 6);
    await w.addTopics(topics, 1);
    w.glue.failWhen = (run) => run.job === 'standardize' && run.topics.includes('bad-0002');

    // Act
    const { status, output } = await w.orchestration.runOrchestrator();

    // Assess
    const failedRun =
      w.glue.runsOf('standardize').find((run) => run.topics.includes('bad-0002'))?.topics ?? [];
    expect(status).toBe('SUCCEEDED');
    expect(output).toMatchObject({
      active: 6,
      processed: 4,
      failed: 2,
      failedTopics: failedRun.sort(),
    });
    for (const topic of topics) {
      const checkpoint = await w.glue.checkpoint(topic, CheckpointLayer.CURATED);
      if (failedRun.includes(topic)) expect(checkpoint).toBeUndefined();
      else expect(checkpoint).toEqual(w.lake.current('standardized', topic));
    }
    expect(await w.metricSum('OrchestratorFailedTopics')).toBe(2);

    // Act again: the failed topics are still active and are picked up by the next run
    w.glue.failWhen = () => false;
    const retry = await w.orchestration.runOrchestrator();

    // Assess
    expect(retry.output).toMatchObject({ active: 2, processed: 2, failed: 0 });
  });

  it('curates the 24 run-mates of a poisoned topic in the same execution and the next, and retries it alone', async () => {
    // Arrange: 25 active topics in one run of 25; one fails inside the job
    const w = await world('poisoned', { topicsPerGlueRun: 25 });
    const topics = topicNames('mate', 25);
    await w.addTopics(topics, 1);
    const bad = topics[7] as string;
    w.glue.poisoned.add(bad);
    const healthy = topics.filter((topic) => topic !== bad);

    // Act
    const first = await w.orchestration.runOrchestrator();

    // Assess: the failure is counted in DynamoDB, every run-mate is curated
    expect(first.output).toMatchObject({
      active: 25,
      processed: 24,
      failed: 1,
      failedTopics: [bad],
    });
    for (const topic of healthy) {
      expect(await w.glue.checkpoint(topic, CheckpointLayer.CURATED)).toEqual(
        w.lake.current('standardized', topic),
      );
    }
    expect(await w.glue.failures(bad)).toMatchObject({ standardize_failures: 1 });
    expect(await w.glue.failures(healthy[0] as string)).toBeUndefined();
    expect(await w.metricSum('OrchestratorFailedTopics')).toBe(1);

    // Act: new data everywhere, next cycle
    for (const topic of topics) await w.lake.commit('raw', topic);
    const runsBefore = w.glue.runsOf('standardize').length;
    const second = await w.orchestration.runOrchestrator();

    // Assess: the poisoned topic ran alone; the others were curated again
    const runs = w.glue.runsOf('standardize').slice(runsBefore);
    expect(runs.map((run) => run.topics.length).sort()).toEqual([1, 24]);
    expect(runs.find((run) => run.topics.length === 1)?.topics).toEqual([bad]);
    expect(second.output).toMatchObject({ processed: 24, failed: 1 });
    for (const topic of healthy) {
      expect(await w.glue.checkpoint(topic, CheckpointLayer.CURATED)).toEqual(
        w.lake.current('standardized', topic),
      );
    }
    expect(await w.glue.failures(bad)).toMatchObject({ standardize_failures: 2 });

    // Act: fixed; once its 15-minute back-off has passed (aged here), it recovers
    w.glue.poisoned.delete(bad);
    await w.ageFailures(bad, 16 * 60);
    const third = await w.orchestration.runOrchestrator();

    // Assess
    expect(third.output).toMatchObject({ failed: 0, backingOff: 0 });
    expect(await w.glue.failures(bad)).toEqual({ topic: bad, layer: 'failures' });
    expect(await w.glue.checkpoint(bad, CheckpointLayer.CURATED)).toEqual(
      w.lake.current('standardized', bad),
    );
  });

  it('lets a second concurrent execution exit at once without scanning or starting Glue', async () => {
    // Arrange: the first execution holds the lock while its Glue run is blocked
    const w = await world('overlap');
    await w.addTopics(['busy'], 1);
    let release: () => void = () => {};
    const blocked = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started: () => void = () => {};
    const glueStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    w.glue.duringRun = async () => {
      started();
      await blocked;
    };
    const first = w.orchestration.runOrchestrator();
    await glueStarted;

    // Act
    const second = await w.orchestration.runOrchestrator();
    release();
    const firstRecord = await first;

    // Assess
    expect(second.status).toBe('SUCCEEDED');
    expect(second.output).toEqual({
      skipped: true,
      reason: 'another orchestrator execution holds the lock',
    });
    expect(second.entered.Plan).toBeUndefined();
    expect(second.entered.ScanShard).toBeUndefined();
    expect(firstRecord.output).toMatchObject({ processed: 1, glueRunsStarted: 2 });
    expect(w.glue.runs.map((run) => run.job)).toEqual(['standardize', 'curate', 'maintain']);

    // Act again: the first execution released the lock at its end
    w.glue.duringRun = async () => {};
    const third = await w.orchestration.runOrchestrator();

    // Assess
    expect(third.output).toMatchObject({ topicsSeen: 1, idle: 1 });
  });

  it('maintains the topics a run processed once per interval, never idle ones, and a failed maintenance fails no topic', async () => {
    // Arrange: two topics with new data, one idle; the maintain job fails the first time
    const w = await world('maintain');
    await w.addTopics(['busy-a', 'busy-b', 'quiet'], 1);
    await w.markUpToDate('quiet');
    w.glue.failWhen = (run) => run.job === 'maintain' && w.glue.runsOf('maintain').length === 1;

    // Act: the first cycle's maintenance fails; the next cycle (new data) maintains; the one
    // after (new data again, within the interval) does not
    const failing = await w.orchestration.runOrchestrator();
    for (const topic of ['busy-a', 'busy-b']) await w.lake.commit('raw', topic);
    const maintaining = await w.orchestration.runOrchestrator();
    for (const topic of ['busy-a', 'busy-b']) await w.lake.commit('raw', topic);
    const within = await w.orchestration.runOrchestrator();

    // Assess
    expect(failing.status).toBe('SUCCEEDED');
    expect(failing.output).toMatchObject({ processed: 2, failed: 0, maintainFailedRuns: 1 });
    expect(await w.metricSum('MaintenanceFailedRuns')).toBe(1);
    expect(maintaining.output).toMatchObject({ processed: 2, failed: 0, maintainRuns: 1 });
    expect(within.output).toMatchObject({ processed: 2, failed: 0, maintainRuns: 0 });
    expect(w.glue.runsOf('maintain').map((run) => run.topics)).toEqual([
      ['busy-a', 'busy-b'],
      ['busy-a', 'busy-b'],
    ]);
    expect(w.glue.runsOf('maintain')[1]?.args['--shared-tables']).toBe('true');
  });

  it('takes over a lock whose execution died (expired), instead of stopping forever', async () => {
    // Arrange
    const w = await world('expired');
    await w.addTopics(['after-crash'], 1);
    await w.dynamoDb.send(
      new PutItemCommand({
        TableName: w.names.locksTable,
        Item: {
          lock_name: { S: 'orchestrator' },
          owner: { S: 'arn:aws:states:us-east-1:000000000000:execution:dead:1' },
          expires_at: { N: String(Math.floor(Date.now() / 1000) - 5) },
        },
      }),
    );

    // Act
    const { output } = await w.orchestration.runOrchestrator();

    // Assess
    expect(output).toMatchObject({ processed: 1 });
  });

  it('retries a Glue concurrency error and then runs', async () => {
    // Arrange
    const w = await world('throttled');
    await w.addTopics(['patient'], 1);
    w.glue.refuseStarts = 2;

    // Act
    const { output, retried } = await w.orchestration.runOrchestrator();

    // Assess
    expect(w.glue.refused).toBe(2);
    expect(retried.Standardize).toBe(2);
    expect(output).toMatchObject({ processed: 1, failed: 0, glueRunsStarted: 2 });
  });

  it('reports a topic whose tables cannot be read and goes on with the others', async () => {
    // Arrange: registered, but its RAW table was never created
    const w = await world('unreadable');
    await w.addTopics(['fine'], 1);
    await registerTopics(w.dynamoDb, w.names, [{ topic: 'no-raw-table' }]);

    // Act
    const { output } = await w.orchestration.runOrchestrator();

    // Assess
    expect(output).toMatchObject({
      topicsSeen: 2,
      unavailable: 1,
      unavailableTopics: ['no-raw-table'],
      processed: 1,
    });
  });
});
