import {
  FRESHNESS_LAG_METRIC,
  FRESHNESS_UNMEASURED_METRIC,
  METRICS_SERVICE,
} from '../../../../lambdas/checkpoints/constants';
import { summarizeFreshness, type TopicLag } from '../../../../lambdas/checkpoints/freshness';
import { reportFreshness } from '../../../../lambdas/checkpoints/reportFreshness';
import { createLogger, createMetrics } from '../../../../lambdas/common/observability';
import { captureStdout } from '../../../helpers/captureStdout';

// What CloudWatch ingests: the EMF lines the real Powertools Metrics writes to stdout. The alarm in
// modules/observability must read exactly the dimension set asserted here (test_policies.py).

type Emf = {
  _aws: {
    CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[];
  };
} & Record<string, unknown>;

const NOW = new Date('2026-11-25T03:00:00Z');
const waiting = (topic: string, lagSeconds: number): TopicLag => ({
  topic,
  paused: false,
  lagSeconds,
  waitingSince: new Date(NOW.getTime() - lagSeconds * 1000).toISOString(),
  stage: 'standardize',
});

describe('reportFreshness', () => {
  const env = { ...process.env };
  beforeAll(() => {
    delete process.env.POWERTOOLS_DEV;
    delete process.env.POWERTOOLS_METRICS_DISABLED;
    delete process.env.POWERTOOLS_SERVICE_NAME;
    delete process.env.POWERTOOLS_METRICS_NAMESPACE;
  });
  afterAll(() => {
    process.env = env;
  });

  it('emits the fleet-wide maximum under {service} and a point per waiting topic under {service, topic}', () => {
    // Arrange
    const lags = [waiting('gps-position', 7300), waiting('engine-temperature', 60)];
    const idle: TopicLag = { topic: 'idle-topic', paused: false, lagSeconds: 0 };
    const report = summarizeFreshness([...lags, idle], ['unreadable'], NOW);
    const metrics = createMetrics(METRICS_SERVICE);
    const logger = createLogger(METRICS_SERVICE);

    // Act
    const lines = captureStdout(() => reportFreshness(report, [...lags, idle], metrics, logger));

    // Assess
    const emf = lines.map((line) => JSON.parse(line) as Emf).filter((entry) => entry._aws);
    const fleet = emf.filter((entry) =>
      entry._aws.CloudWatchMetrics.some((m) => m.Dimensions.some((d) => !d.includes('topic'))),
    );
    expect(fleet).toHaveLength(1);
    expect(fleet[0]?._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: 'LeanOps',
      Dimensions: [['service']],
    });
    expect(fleet[0]).toMatchObject({
      service: METRICS_SERVICE,
      [FRESHNESS_LAG_METRIC]: 7300,
      [FRESHNESS_UNMEASURED_METRIC]: 1,
      stalestTopic: 'gps-position',
    });
    const perTopic = emf.filter((entry) => typeof entry.topic === 'string');
    expect(perTopic.map((entry) => [entry.topic, entry[FRESHNESS_LAG_METRIC]])).toEqual([
      ['gps-position', 7300],
      ['engine-temperature', 60],
    ]);
    for (const entry of perTopic) {
      expect(entry._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service', 'topic']]);
    }
    expect(lines.some((line) => line.includes('"message":"FRESHNESS"'))).toBe(true);
  });

  it('publishes 0 when nothing waits, so the alarm reads fresh rather than missing data', () => {
    // Arrange
    const report = summarizeFreshness([{ topic: 'a', paused: false, lagSeconds: 0 }], [], NOW);

    // Act
    const lines = captureStdout(() =>
      reportFreshness(
        report,
        [{ topic: 'a', paused: false, lagSeconds: 0 }],
        createMetrics(METRICS_SERVICE),
        createLogger(METRICS_SERVICE),
      ),
    );

    // Assess
    const emf = lines.map((line) => JSON.parse(line) as Emf).filter((entry) => entry._aws);
    expect(emf).toHaveLength(1);
    expect(emf[0]).toMatchObject({ [FRESHNESS_LAG_METRIC]: 0 });
    expect(emf[0]?.topic).toBeUndefined();
  });
});
