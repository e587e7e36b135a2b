import { AlarmEvaluator, errorRateSampleFromEmf } from '../../../scripts/local/run/alarmEvaluator';

const policy = { windowMs: 10_000, threshold: 0.5, minimumReceived: 20 };

describe('AlarmEvaluator', () => {
  it('alarms only the topic whose error rate crosses the threshold with enough volume', () => {
    const evaluator = new AlarmEvaluator(policy);
    evaluator.record('gps-position', 30, 20, 1_000);
    evaluator.record('door-events', 30, 1, 1_000);
    expect(evaluator.evaluate(2_000)).toEqual([
      { topic: 'gps-position', from: 'OK', to: 'ALARM', rate: 20 / 30, received: 30 },
    ]);
  });

  it('does not alarm below the minimum volume', () => {
    const evaluator = new AlarmEvaluator(policy);
    evaluator.record('gps-position', 5, 5, 1_000);
    expect(evaluator.evaluate(1_500)).toEqual([]);
  });

  it('returns to OK once the failing samples leave the window (missing data is not breaching)', () => {
    const evaluator = new AlarmEvaluator(policy);
    evaluator.record('gps-position', 40, 40, 1_000);
    expect(evaluator.evaluate(1_100).map((change) => change.to)).toEqual(['ALARM']);
    expect(evaluator.evaluate(5_000)).toEqual([]);
    expect(evaluator.evaluate(12_000).map((change) => change.to)).toEqual(['OK']);
  });
});

describe('errorRateSampleFromEmf', () => {
  // The processor's per-topic EMF line as it appears in its log (Powertools Metrics output).
  const emfLine = JSON.stringify({
    _aws: {
      Timestamp: 1795613522252,
      CloudWatchMetrics: [
        {
          Namespace: 'LeanOps',
          Dimensions: [['service', 'topic']],
          Metrics: ['RecordsReceived', 'RecordsRetried'].map((Name) => ({ Name, Unit: 'Count' })),
        },
      ],
    },
    service: 'sqs-processor',
    topic: 'firmware-status',
    RecordsReceived: 10,
    RecordsRetried: 1,
  });

  it('reads received and retried (held-back records are fleet-wide, outside the error rate)', () => {
    expect(errorRateSampleFromEmf(emfLine)).toEqual({
      topic: 'firmware-status',
      received: 10,
      retried: 1,
    });
  });

  it('ignores log lines that are not the per-topic metrics', () => {
    expect(
      errorRateSampleFromEmf('{"level":"WARN","message":"RETRY","topic":"x"}'),
    ).toBeUndefined();
    expect(errorRateSampleFromEmf('not json "RecordsReceived"')).toBeUndefined();
    expect(errorRateSampleFromEmf('{"code":"OVERSIZED","RecordsDroppedByCode":1}')).toBeUndefined();
    expect(
      errorRateSampleFromEmf(
        '{"service":"sqs-processor","RecordsForwarded":9,"RecordsHeldBack":9}',
      ),
    ).toBeUndefined();
  });
});
