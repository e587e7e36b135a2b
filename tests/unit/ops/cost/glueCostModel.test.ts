import {
  CostAssumptionError,
  compareGlueCost,
  DEFAULT_ASSUMPTIONS,
  formatCostMarkdown,
} from '../../../../scripts/ops/cost';

describe('compareGlueCost', () => {
  it('reproduces the seed’s trap: ~134,000 runs a day at 700 topics, about $2,000 of minimums even when idle', () => {
    // Act
    const { seed } = compareGlueCost({ ...DEFAULT_ASSUMPTIONS, topics: 700, activeFraction: 0 });

    // Assess
    expect(seed.runsPerDay).toBe(134_400);
    expect(seed.usdPerDay).toBeGreaterThan(1_900);
    expect(seed.usdPerDay).toBeLessThan(2_100);
  });

  it('meets the target: at least 10× fewer DPU-hours than the seed at 750 topics, 10% active', () => {
    // Act
    const comparison = compareGlueCost({
      ...DEFAULT_ASSUMPTIONS,
      topics: 750,
      activeFraction: 0.1,
    });

    // Assess
    expect(comparison.activeTopics).toBe(75);
    expect(comparison.dpuHoursRatio).toBeGreaterThanOrEqual(10);
  });

  it.each([
    [750, 0.04, 25, 2 * 2],
    [750, 0.1, 25, 2 * 3],
    [750, 0.1, 7, 2 * 11],
    [750, 1, 25, 2 * 30],
  ])(
    'starts 2·ceil(N·F/K) runs per window (N=%i, F=%f, K=%i)',
    (topics, activeFraction, topicsPerRun, runs) => {
      expect(
        compareGlueCost({ ...DEFAULT_ASSUMPTIONS, topics, activeFraction, topicsPerRun }).leanOps
          .runsPerWindow,
      ).toBe(runs);
    },
  );

  it('costs nothing when nothing is active, while the seed still pays its minimums', () => {
    // Act
    const comparison = compareGlueCost({ ...DEFAULT_ASSUMPTIONS, activeFraction: 0 });

    // Assess
    expect(comparison.leanOps).toMatchObject({ runsPerDay: 0, dpuHoursPerDay: 0, usdPerDay: 0 });
    expect(comparison.seed.dpuHoursPerDay).toBeGreaterThan(0);
    expect(comparison.dpuHoursRatio).toBe(Number.POSITIVE_INFINITY);
  });

  it('bills at least the minimum for a short run', () => {
    // Act
    const { seed } = compareGlueCost({
      ...DEFAULT_ASSUMPTIONS,
      runOverheadMinutes: 0.2,
      minutesPerActiveTopic: 0.1,
    });

    // Assess
    expect(Math.min(...seed.billedMinutesPerRun)).toBe(1);
  });

  it.each([
    ['topics', 0],
    ['topics', 7.5],
    ['activeFraction', 1.5],
    ['topicsPerRun', 0],
    ['pricePerDpuHour', -1],
  ] as const)('rejects %s = %d', (key, value) => {
    expect(() => compareGlueCost({ ...DEFAULT_ASSUMPTIONS, [key]: value })).toThrow(
      CostAssumptionError,
    );
  });

  it('prints every assumption with the figures', () => {
    // Act
    const text = formatCostMarkdown(compareGlueCost(DEFAULT_ASSUMPTIONS));

    // Assess
    for (const value of Object.values(DEFAULT_ASSUMPTIONS)) expect(text).toContain(`| ${value} |`);
    expect(text).toContain('DPU-hours per day');
    expect(text).toMatch(/Seed DPU-hours \/ lean-ops DPU-hours: \*\*[\d.]+×\*\*/);
  });
});
