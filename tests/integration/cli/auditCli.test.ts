import { execFileSync, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The built CLI, with an endpoint that would refuse any call: a usage error must come first. */
function leanOps(...args: string[]) {
  const result = spawnSync(process.execPath, ['dist/cli/lean-ops.mjs', ...args], {
    cwd: repo,
    encoding: 'utf8',
    env: {
      ...process.env,
      CI: 'true',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      AWS_REGION: 'us-east-1',
    },
    timeout: 30_000,
  });
  return { code: result.status, stderr: result.stderr };
}

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs', 'cli'], { cwd: repo, stdio: 'pipe' });
}, 60_000);

describe('lean-ops audit, usage', () => {
  it.each([
    [['--account', '123456789012', '--from', '6h'], '--name'],
    [['--env', 'prod', '--name', 'lean-ops-prod', '--from', '6h'], 'one of --env and --name'],
    [['--name', 'lean-ops-prod', '--account', '123456789012'], '--from'],
    [['--name', 'lean-ops-prod', '--account', '12345', '--from', '6h'], '--account'],
    [['--name', 'lean-ops-prod', '--account', '123456789012', '--from', 'last tuesday'], '--from'],
    [
      ['--name', 'lean-ops-prod', '--account', '123456789012', '--from', '2h', '--to', '3h'],
      '--to',
    ],
    [
      [
        '--name',
        'lean-ops-prod',
        '--account',
        '123456789012',
        '--from',
        '6h',
        '--topic',
        'no-such-topic',
      ],
      '--topic',
    ],
    [
      [
        '--name',
        'lean-ops-prod',
        '--account',
        '123456789012',
        '--from',
        '6h',
        '--examples',
        '1000',
      ],
      '--examples',
    ],
  ])('exits 2 naming the option, before any AWS call (%j)', (args, option) => {
    // Act
    const { code, stderr } = leanOps('audit', ...args);

    // Assess
    expect(code).toBe(2);
    expect(stderr).toContain(option);
    expect(stderr).not.toMatch(/ECONNREFUSED|\n\s+at /);
  });
});
