import { jest } from '@jest/globals';
import { CheckpointLayer } from '../../../lambdas/common/checkpoints';
import { createWorld, type World } from './world';

// The historical rebuilder definition (modules/orchestration/definitions/rebuilder.asl.json),
// executed locally like the orchestrator, with Glue played by FakeGlueJobs.

jest.setTimeout(120_000);

const worlds: World[] = [];
async function world(label: string): Promise<World> {
  const created = await createWorld(label, { waitMs: 50 });
  worlds.push(created);
  return created;
}

afterAll(async () => {
  await Promise.all(worlds.map((created) => created.dispose()));
});

/** A topic already processed through curated, with the checkpoints an orchestrator run leaves. */
async function processedTopic(w: World, topic: string): Promise<void> {
  await w.addTopics([topic], 3);
  const first = await w.orchestration.runOrchestrator();
  expect(first.output).toMatchObject({ processed: 1 });
}

describe('historical rebuilder, executed locally', () => {
  it('pauses, rebuilds from the captured RAW snapshot, unpauses; rows landed meanwhile go to the next run', async () => {
    // Arrange: RAW keeps landing while the standardize rebuild reads (ingestion is never paused)
    const w = await world('rebuild-ok');
    const topic = 'orders';
    await processedTopic(w, topic);
    const pausedDuringRebuild: boolean[] = [];
    w.glue.duringRun = async (run) => {
      pausedDuringRebuild.push(await w.glue.paused(topic));
      if (run.job === 'standardize') await w.lake.commit('raw', topic);
    };
    const rawBefore = w.lake.current('raw', topic);

    // Act
    const record = await w.orchestration.runRebuilder({
      topic,
      reason: 'schema v2: dedup key changed',
    });

    // Assess: rebuilt in rebuild mode while paused, checkpoints at the captured snapshot
    expect(record.status).toBe('SUCCEEDED');
    expect(w.glue.runs.slice(-2).map((run) => [run.job, run.mode])).toEqual([
      ['standardize', 'rebuild'],
      ['curate', 'rebuild'],
    ]);
    expect(w.glue.runs.at(-2)?.args['--raw-snapshot-id']).toBe(rawBefore?.snapshotId);
    expect(pausedDuringRebuild).toEqual([true, true]);
    expect(record.output).toMatchObject({
      topic,
      rebuilt: true,
      captured: { snapshotId: rawBefore?.snapshotId },
    });
    expect(await w.glue.checkpoint(topic, CheckpointLayer.STANDARDIZED)).toEqual(rawBefore);
    expect(await w.glue.checkpoint(topic, CheckpointLayer.CURATED)).toEqual(
      w.lake.current('standardized', topic),
    );
    expect(await w.glue.paused(topic)).toBe(false);

    // Act: the next orchestrator run
    w.glue.duringRun = async () => {};
    const next = await w.orchestration.runOrchestrator();

    // Assess: the row committed during the rebuild was not lost
    expect(next.output).toMatchObject({ active: 1, processed: 1 });
    expect(await w.glue.checkpoint(topic, CheckpointLayer.STANDARDIZED)).toEqual(
      w.lake.current('raw', topic),
    );
    expect(w.lake.current('raw', topic)?.sequenceNumber).toBe((rawBefore?.sequenceNumber ?? 0) + 1);
  });

  it('on failure leaves the topic paused, the curated table untouched and emits the alarm metric', async () => {
    // Arrange
    const w = await world('rebuild-fail');
    const topic = 'orders';
    await processedTopic(w, topic);
    const curatedBefore = await w.lake.metadataLocation('curated', topic);
    const curatedCheckpointBefore = await w.glue.checkpoint(topic, CheckpointLayer.CURATED);
    w.glue.failWhen = (run) => run.job === 'curate';

    // Act
    const record = await w.orchestration.runRebuilder({ topic, reason: 'schema v2' });

    // Assess
    expect(record.status).toBe('FAILED');
    expect(record.error?.Error).toBe('RebuildFailed');
    expect(await w.glue.paused(topic)).toBe(true);
    expect(await w.lake.metadataLocation('curated', topic)).toBe(curatedBefore);
    expect(await w.glue.checkpoint(topic, CheckpointLayer.CURATED)).toEqual(
      curatedCheckpointBefore,
    );
    expect(await w.metricSum('RebuildFailed', [{ Name: 'topic', Value: topic }])).toBe(1);

    // Act: the orchestrator keeps its hands off the paused topic
    await w.lake.commit('raw', topic);
    const next = await w.orchestration.runOrchestrator();

    // Assess
    expect(next.output).toMatchObject({ paused: 1, pausedTopics: [topic], glueRunsStarted: 0 });
  });

  it('refuses to take over a topic that is already paused', async () => {
    // Arrange
    const w = await world('rebuild-twice');
    await w.addTopics(['orders'], 1);
    await w.pause('orders', 'arn:aws:states:us-east-1:000000000000:execution:other-rebuild:1');

    // Act
    const record = await w.orchestration.runRebuilder({ topic: 'orders', reason: 'again' });

    // Assess
    expect(record).toMatchObject({ status: 'FAILED', error: { Error: 'TopicAlreadyPaused' } });
    expect(w.glue.runs).toEqual([]);
    expect(await w.glue.paused('orders')).toBe(true);
  });

  it('fails (and stays paused) when the topic has no RAW table, with the Lambda error as the cause', async () => {
    // Arrange
    const w = await world('rebuild-unknown');

    // Act
    const record = await w.orchestration.runRebuilder({ topic: 'never-deployed', reason: 'typo' });

    // Assess
    expect(record).toMatchObject({ status: 'FAILED', error: { Error: 'RebuildFailed' } });
    expect(String(record.error?.Cause)).toContain('InvalidRequestError');
    expect(await w.glue.paused('never-deployed')).toBe(true);
    expect(w.glue.runs).toEqual([]);
  });

  it('waits for a running orchestrator execution before reading RAW', async () => {
    // Arrange: an orchestrator execution is in flight (its Glue run is blocked)
    const w = await world('rebuild-drain');
    await w.addTopics(['orders'], 1);
    let release: () => void = () => {};
    const blocked = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started: () => void = () => {};
    const glueStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    const order: string[] = [];
    w.glue.duringRun = async (run) => {
      order.push(`${run.job}:${run.mode}`);
      if (run.mode === 'incremental' && run.job === 'standardize') {
        started();
        await blocked;
      }
    };
    const orchestrator = w.orchestration.runOrchestrator();
    await glueStarted;

    // Act
    const rebuild = w.orchestration.runRebuilder({ topic: 'orders', reason: 'schema v2' });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    release();
    const [orchestratorRecord, rebuildRecord] = await Promise.all([orchestrator, rebuild]);

    // Assess: the rebuild's runs started only after the orchestrator execution ended, and that
    // execution's curate gate already saw the pause and left the topic alone
    expect(orchestratorRecord.status).toBe('SUCCEEDED');
    expect(rebuildRecord.status).toBe('SUCCEEDED');
    expect(rebuildRecord.entered.WaitForOrchestrator).toBeGreaterThan(0);
    expect(order).toEqual(['standardize:incremental', 'standardize:rebuild', 'curate:rebuild']);
  });
});
