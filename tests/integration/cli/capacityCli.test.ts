import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// `lean-ops capacity` as operators run it: the built CLI on the registry, an assignment written
// and read back, refusals (exit 1) and usage errors (exit 2) that name the flag.

describe('lean-ops capacity (built CLI)', () => {
  const cli = 'dist/cli/lean-ops.mjs';
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [cli, 'capacity', ...args], {
      encoding: 'utf8',
      env: { ...process.env, CI: 'true' },
    });
  const built = existsSync(cli);
  const dir = mkdtempSync(join(tmpdir(), 'capacity-'));

  (built ? it : it.skip)('writes an assignment that a later plan with more topics keeps', () => {
    // Arrange
    const first = join(dir, 'first.json');
    const second = join(dir, 'second.json');

    // Act: 2,000 topics at 10 events/s each, then 3,000; then every topic at twice the rate
    const planned = run(
      '--topics',
      '2000',
      '--events-per-second',
      '20000',
      '--write',
      first,
      '--concurrency-budget',
      '5000',
    );
    const grown = run(
      '--topics',
      '3000',
      '--events-per-second',
      '30000',
      '--assignment',
      first,
      '--write',
      second,
      '--concurrency-budget',
      '7000',
      '--json',
    );
    const doubled = run(
      '--topics',
      '3000',
      '--events-per-second',
      '60000',
      '--assignment',
      second,
      '--concurrency-budget',
      '7000',
    );
    const rebalanced = run(
      '--topics',
      '3000',
      '--events-per-second',
      '60000',
      '--assignment',
      second,
      '--concurrency-budget',
      '7000',
      '--rebalance',
    );

    // Assess
    expect(planned.status).toBe(0);
    expect(planned.stdout).toContain('FITS');
    expect(grown.status).toBe(0);
    const before = JSON.parse(readFileSync(first, 'utf8')) as {
      streams: number;
      topics: Record<string, number>;
    };
    const after = JSON.parse(readFileSync(second, 'utf8')) as {
      streams: number;
      topics: Record<string, number>;
    };
    expect(Object.keys(after.topics)).toHaveLength(3000);
    expect(after.streams).toBeGreaterThan(before.streams);
    for (const [topic, stream] of Object.entries(before.topics))
      expect(after.topics[topic]).toBe(stream);
    expect(JSON.parse(grown.stdout)).toMatchObject({ ok: true, refusals: [] });
    expect(doubled.status).toBe(1);
    expect(doubled.stdout).toContain('is over its budget');
    expect(doubled.stdout).toContain('plan a rebalance with --rebalance');
    expect(rebalanced.status).toBe(0);
    expect(rebalanced.stdout).toMatch(/ move topic-\d{5}: stream \d+ → \d+/);
  });

  (built ? it : it.skip)('refuses an environment that does not fit, and names each reason', () => {
    // Act
    const frankfurt = run(
      '--topics',
      '5000',
      '--events-per-second',
      '50000',
      '--region',
      'eu-central-1',
    );

    // Assess
    expect(frankfurt.status).toBe(1);
    expect(frankfurt.stdout).toContain("exceed the account's 50 Firehose streams in eu-central-1");
    expect(frankfurt.stdout).toContain('over the concurrency budget 1000');
  });

  (built ? it : it.skip)('answers a usage error with exit 2 naming the option', () => {
    // Arrange
    const badAssignment = join(dir, 'bad.json');
    writeFileSync(badAssignment, '{"streams": 2, "topics": {"alarms": 2}}');
    const badTraffic = join(dir, 'traffic.json');
    writeFileSync(badTraffic, '{"no-such-topic": {"eventsPerSecond": 5}}');

    // Act
    const cases = [
      run('--headroom', '2'),
      run('--assignment', badAssignment),
      run('--traffic', badTraffic),
      run('--region', 'Frankfurt'),
    ];

    // Assess
    expect(cases.map((c) => c.status)).toEqual([2, 2, 2, 2]);
    expect(cases[0]?.stderr).toContain('--headroom');
    expect(cases[1]?.stderr).toContain('--assignment');
    expect(cases[1]?.stderr).toContain('topic alarms has stream 2');
    expect(cases[2]?.stderr).toContain(
      '--traffic: traffic for topics not in the registry: no-such-topic',
    );
    expect(cases[3]?.stderr).toContain('--region');
  });
});
