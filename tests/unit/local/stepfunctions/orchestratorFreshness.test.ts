import { orchestratorWorld } from '../../../helpers/orchestratorWorld';

// The orchestrator definition Terraform deploys, executed with aws-local-stepfunctions; the
// checkpoints Lambda is the real handleRequest over in-memory tables, Glue a contract-following
// stand-in. What is asserted: freshness is measured AFTER the run's Glue work, joins the summary,
// and a failed measurement neither fails the run nor keeps the lock.

const world = (topics: string[]) => orchestratorWorld(topics);

type Output = { failedTopics: string[]; freshness: Record<string, unknown> };

describe('orchestrator definition: curated freshness at the end of a run', () => {
  it('measures after the Glue runs, so data the run curated no longer counts', async () => {
    // Arrange: `busy` has RAW data of 3 h ago never standardized; `quiet` has had none for days
    const w = world(['busy', 'quiet']);
    w.commit('raw', 'busy', 180);
    w.stored.set('quiet', {
      standardizedCheckpoint: w.commit('raw', 'quiet', 5 * 24 * 60),
      curatedCheckpoint: w.commit('std', 'quiet', 5 * 24 * 60 - 5),
      paused: false,
    });

    // Act
    const { status, output, entered } = await w.run();

    // Assess
    expect(status).toBe('SUCCEEDED');
    expect(entered.MeasureFreshness).toBe(1);
    expect(entered.ReleaseLock).toBe(1);
    expect(w.published).toHaveLength(1);
    expect((output as Output).freshness).toMatchObject({
      maxLagSeconds: 0,
      waiting: 0,
      stalest: [],
      unmeasured: 0,
    });
  });

  it('reports the topics whose run failed, stalest first, with their lags, in the summary', async () => {
    // Arrange
    const w = world(['stuck', 'fine']);
    w.commit('raw', 'stuck', 150);
    w.commit('raw', 'fine', 30);
    w.failing.add('stuck');

    // Act
    const { status, output } = await w.run();

    // Assess
    expect(status).toBe('SUCCEEDED');
    // (one Glue run holds both topics, so the whole run fails: the job's contract)
    expect((output as Output).failedTopics).toEqual(['fine', 'stuck']);
    expect((output as Output).freshness).toMatchObject({
      maxLagSeconds: 150 * 60,
      waiting: 2,
      stalest: [
        { topic: 'stuck', lagSeconds: 150 * 60, stage: 'standardize' },
        { topic: 'fine', lagSeconds: 30 * 60, stage: 'standardize' },
      ],
    });
    expect(w.published[0]?.report.maxLagSeconds).toBe(150 * 60);
  });

  it('measures also when no topic has work (every run publishes a reading)', async () => {
    // Arrange
    const w = world(['idle']);

    // Act
    const { status, output, entered } = await w.run();

    // Assess
    expect(status).toBe('SUCCEEDED');
    expect(entered.NoWork).toBe(1);
    expect((output as Output).freshness).toMatchObject({ maxLagSeconds: 0 });
  });

  it('keeps a failed measurement out of the run’s outcome: the run succeeds and releases the lock', async () => {
    // Arrange
    const w = world(['a']);
    w.commit('raw', 'a', 10);
    w.ports.publishFreshness = () => {
      throw new Error('stdout closed');
    };

    // Act
    const { status, output, entered } = await w.run();

    // Assess
    expect(status).toBe('SUCCEEDED');
    expect(entered.ReleaseLock).toBe(1);
    expect(entered.ReleaseLockAfterError).toBeUndefined();
    expect((output as Output).freshness).toMatchObject({ Error: 'Error' });
  });
});
