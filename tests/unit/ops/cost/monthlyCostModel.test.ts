import {
  compareGlueCost,
  DEFAULT_ASSUMPTIONS,
  DEPLOY_MD_ASSUMPTIONS,
  formatMonthlyCostMarkdown,
  metricsUsd,
  monthlyCost,
  seedMonthlyCost,
} from '../../../../scripts/ops/cost';

describe('monthlyCost', () => {
  it('reproduces docs/deploy.md §6: ~$9,100 a month, ~$7 per million events, Glue three quarters of it', () => {
    // Act
    const cost = monthlyCost(DEPLOY_MD_ASSUMPTIONS);

    // Assess
    expect(cost.eventsPerMonth).toBe(1_296_000_000);
    expect(cost.usdPerMonth).toBeGreaterThan(8_800);
    expect(cost.usdPerMonth).toBeLessThan(9_400);
    expect(cost.usdPerMillionEvents).toBeCloseTo(cost.usdPerMonth / 1296, 6);
    const glue = cost.lines.find((line) => line.item === 'Glue standardize + curate');
    expect(glue?.usdPerMonth).toBeCloseTo(537.6 * 0.44 * 30, 6);
    expect((glue?.usdPerMonth ?? 0) / cost.usdPerMonth).toBeGreaterThan(0.6);
  });

  it('prices Glue Flex runs at the Flex rate and moves nothing else', () => {
    // Act
    const standard = monthlyCost(DEPLOY_MD_ASSUMPTIONS);
    const flex = monthlyCost({
      ...DEPLOY_MD_ASSUMPTIONS,
      glue: { ...DEPLOY_MD_ASSUMPTIONS.glue, executionClass: 'FLEX' },
    });

    // Assess
    const glue = (cost: typeof standard) =>
      cost.lines.filter((line) => line.item.startsWith('Glue s') || line.item.startsWith('Glue m'));
    for (const [a, b] of glue(standard).map((line, i) => [line, glue(flex)[i]] as const))
      expect(b?.usdPerMonth).toBeCloseTo((a.usdPerMonth * 0.29) / 0.44, 6);
    const others = (cost: typeof standard) =>
      cost.lines.filter(
        (line) => !line.item.startsWith('Glue s') && !line.item.startsWith('Glue m'),
      );
    expect(others(flex)).toEqual(others(standard));
  });

  it('counts idle topics in SQS polling and metrics but not in Glue', () => {
    // Act: the same traffic on twice the topics, the new ones idle
    const base = monthlyCost(DEPLOY_MD_ASSUMPTIONS);
    const doubled = monthlyCost({
      ...DEPLOY_MD_ASSUMPTIONS,
      topics: 1400,
      glue: { ...DEPLOY_MD_ASSUMPTIONS.glue, activeFraction: 0.25 },
    });
    const line = (cost: typeof base, item: string) =>
      cost.lines.find((l) => l.item === item)?.usdPerMonth ?? 0;

    // Assess
    expect(line(doubled, 'Glue standardize + curate')).toBe(
      line(base, 'Glue standardize + curate'),
    );
    expect(line(doubled, 'SQS requests')).toBeGreaterThan(line(base, 'SQS requests'));
    expect(line(doubled, 'CloudWatch custom metrics')).toBeGreaterThan(
      line(base, 'CloudWatch custom metrics'),
    );
  });

  it('prices CloudWatch metrics in their tiers', () => {
    expect(metricsUsd(6650)).toBeCloseTo(1995, 6);
    expect(metricsUsd(1760)).toBeCloseTo(528, 6);
    expect(metricsUsd(20_000)).toBeCloseTo(10_000 * 0.3 + 10_000 * 0.1, 6);
  });

  it("puts the seed design's figure beside it: a Glue run per topic per window costs several times more", () => {
    // Act
    const ours = monthlyCost(DEPLOY_MD_ASSUMPTIONS);
    const seedGlue = compareGlueCost({ ...DEFAULT_ASSUMPTIONS, topics: 700, activeFraction: 0.5 })
      .seed.usdPerDay;
    const seed = seedMonthlyCost(DEPLOY_MD_ASSUMPTIONS, seedGlue);

    // Assess
    expect(seed.usdPerMillionEvents).toBeGreaterThan(3 * ours.usdPerMillionEvents);
    expect(seed.lines.filter((line) => line.item.startsWith('Glue'))).toHaveLength(1);
    expect(formatMonthlyCostMarkdown(ours, seed)).toMatch(/\| lean-ops \| \$9,065 \| \$6\.99 \|/);
  });
});
