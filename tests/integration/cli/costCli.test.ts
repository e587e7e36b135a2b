import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

// `lean-ops cost` as operators run it: the built CLI, its JSON and its exit codes.

describe('lean-ops cost (built CLI)', () => {
  const cli = 'dist/cli/lean-ops.mjs';
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [cli, 'cost', ...args], {
      encoding: 'utf8',
      env: { ...process.env, CI: 'true' },
    });
  const built = existsSync(cli);

  (built ? it : it.skip)('answers JSON and exits 1 when the saving is below --min-ratio', () => {
    // Act
    const ok = run('--topics', '750', '--active-fraction', '0.1', '--json', '--min-ratio', '10');
    const below = run('--topics', '750', '--active-fraction', '1', '--min-ratio', '10');
    const usage = run('--topics', 'many');

    // Assess
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      ok: true,
      activeTopics: 75,
      leanOps: { runsPerWindow: 6 },
    });
    expect(below.status).toBe(1);
    expect(below.stdout).toMatch(/BELOW --min-ratio: .* under the 10× asked for/);
    expect(usage.status).toBe(2);
  });

  (built ? it : it.skip)(
    'names the flag of an assumption out of range, not the model field',
    () => {
      const fraction = run('--active-fraction', '2');
      const workers = run('--workers', '1.5');

      expect(fraction.status).toBe(2);
      expect(fraction.stderr).toContain('--active-fraction must be in [0, 1], got 2');
      expect(fraction.stderr).not.toContain('activeFraction');
      expect(workers.status).toBe(2);
      expect(workers.stderr).toContain('--workers must be an integer');
    },
  );

  (built ? it : it.skip)(
    '--monthly prints every line of the bill and $ per million events; flags given override',
    () => {
      // Act
      const today = run('--monthly', '--json');
      const flex = run('--monthly', '--json', '--execution-class', 'FLEX');
      const bogus = run('--monthly', '--execution-class', 'SPOT');

      // Assess
      expect(today.status).toBe(0);
      const ours = JSON.parse(today.stdout) as {
        leanOps: { usdPerMillionEvents: number; lines: unknown[]; assumptions: { topics: number } };
        seed: { usdPerMillionEvents: number };
      };
      expect(ours.leanOps.assumptions.topics).toBe(700);
      expect(ours.leanOps.lines).toHaveLength(11);
      expect(ours.seed.usdPerMillionEvents).toBeGreaterThan(ours.leanOps.usdPerMillionEvents);
      expect(JSON.parse(flex.stdout).leanOps.usdPerMillionEvents).toBeLessThan(
        ours.leanOps.usdPerMillionEvents,
      );
      expect(bogus.status).toBe(2);
      expect(bogus.stderr).toContain('--execution-class');
    },
  );
});
