import {
  type CapacityRequest,
  DEFAULT_PROCESSOR_TIMING,
  DEFAULT_STREAMS_PER_REGION,
  directPutQuota,
  formatCapacityReport,
  planCapacity,
  type TopicTraffic,
} from '../../../../scripts/ops/capacity';

const STANDARD = { batchSize: 1000, batchingWindowSeconds: 10, maxConcurrency: 2 };

function fleet(topics: number, eventsPerSecond: number): TopicTraffic[] {
  return Array.from({ length: topics }, (_, i) => ({
    topic: `topic-${String(i).padStart(5, '0')}`,
    eventsPerSecond: eventsPerSecond / topics,
    bytesPerEvent: 1400,
    ...STANDARD,
  }));
}

function request(overrides: Partial<CapacityRequest>): CapacityRequest {
  return {
    traffic: fleet(700, 500),
    region: 'us-east-1',
    quota: directPutQuota(overrides.region ?? 'us-east-1'),
    headroom: 0.3,
    streamsQuota: DEFAULT_STREAMS_PER_REGION,
    concurrencyBudget: 3000,
    otherFunctionsConcurrency: 100,
    current: { streams: 1, topics: {} },
    rebalance: false,
    timing: DEFAULT_PROCESSOR_TIMING,
    ...overrides,
  };
}

describe('planCapacity', () => {
  it("fits docs/deploy.md's 700 topics at 500 events/s in one stream", () => {
    // Act
    const plan = planCapacity(request({}));

    // Assess
    expect(plan.streamsAtLeast).toBe(1);
    expect(plan.assignment.streams).toBe(1);
    expect(plan.refusals).toEqual([]);
    expect(formatCapacityReport(plan)).toContain('FITS');
  });

  it('carries 50,000 events/s over 5,000 topics in us-east-1 on 20 streams, given the Lambda budget', () => {
    // Act
    const plan = planCapacity(request({ traffic: fleet(5000, 50_000), concurrencyBudget: 12_000 }));

    // Assess: 66.8 MiB/s over 3.5 MiB/s per stream (5 MiB/s less 30 % headroom)
    expect(plan.streamsAtLeast).toBe(20);
    expect(plan.assignment.streams).toBeGreaterThanOrEqual(20);
    expect(plan.assignment.streams).toBeLessThanOrEqual(DEFAULT_STREAMS_PER_REGION);
    expect(Math.max(...plan.streams.map((s) => s.quotaShare))).toBeLessThanOrEqual(0.7 + 1e-9);
    expect(plan.concurrency.reserved).toBe(10_100);
    expect(plan.refusals).toEqual([]);
  });

  it('refuses what the account cannot hold: the same fleet outside the big three regions, or on the default Lambda quota', () => {
    // Act
    const frankfurt = planCapacity(
      request({ traffic: fleet(5000, 50_000), region: 'eu-central-1', concurrencyBudget: 12_000 }),
    );
    const defaultLambda = planCapacity(
      request({ traffic: fleet(5000, 50_000), concurrencyBudget: 1000 }),
    );

    // Assess: 1 MiB/s per stream there: ~96 streams, over the 50 a region allows by default
    expect(frankfurt.streamsAtLeast).toBeGreaterThan(DEFAULT_STREAMS_PER_REGION);
    expect(frankfurt.refusals.join('\n')).toMatch(
      /exceed the account's 50 Firehose streams in eu-central-1/,
    );
    expect(defaultLambda.refusals.join('\n')).toMatch(
      /MaximumConcurrency sum to 10100 .* over the concurrency budget 1000/,
    );
    expect(formatCapacityReport(defaultLambda)).toContain('DOES NOT FIT');
  });

  it('names a topic whose tier cannot keep up with its rate', () => {
    // Arrange: 2,000 events/s in batches of 100 keeps ~5 instances busy; the tier allows 2
    const hot = {
      topic: 'hot',
      eventsPerSecond: 2000,
      bytesPerEvent: 1400,
      batchSize: 100,
      batchingWindowSeconds: 1,
      maxConcurrency: 2,
    };

    // Act
    const plan = planCapacity(request({ traffic: [hot] }));

    // Assess
    expect(plan.underProvisioned).toEqual([{ topic: 'hot', needed: 5, maxConcurrency: 2 }]);
    expect(plan.refusals.join('\n')).toContain(
      'topic hot keeps 5 processor instances busy, its tier allows 2',
    );
  });

  it('refuses a headroom outside [0, 1)', () => {
    expect(() => planCapacity(request({ headroom: 1 }))).toThrow(RangeError);
    expect(() => planCapacity(request({ headroom: -0.1 }))).toThrow(RangeError);
  });
});
