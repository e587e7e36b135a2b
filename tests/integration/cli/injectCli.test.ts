import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * Runs the built CLI. The endpoint points at a closed port: every case here must fail (or
 * succeed) before any AWS call, and one that did call AWS would fail differently.
 */
function inject(...args: string[]) {
  return injectInto(['--env', 'local'], ...args);
}

function injectInto(deployment: string[], ...args: string[]) {
  const cli = ['dist/cli/lean-ops.mjs', 'inject', ...deployment, ...args];
  const result = spawnSync(process.execPath, cli, {
    cwd: repo,
    encoding: 'utf8',
    env: {
      ...process.env,
      CI: 'true',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_MAX_ATTEMPTS: '1',
    },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

let dir: string;
beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs', 'cli'], { cwd: repo, stdio: 'pipe' });
  dir = mkdtempSync(join(tmpdir(), 'lean-ops-inject-cli-'));
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('lean-ops inject (usage)', () => {
  it('is registered and documents its options', () => {
    const { code, stdout } = inject('--help');

    expect(code).toBe(0);
    for (const option of [
      '--events',
      '--seed',
      '--topics',
      '--rate',
      '--registry',
      '--env',
      '--name',
      '--ledger',
      '--without-fault',
      '--json',
    ])
      expect(stdout).toContain(option);
  });

  it('exits 2 naming an unregistered topic, as text and as a JSON error document', () => {
    const ledger = join(dir, 'unknown.ndjson');
    const text = inject('--topics', 'alarms,no-such-topic', '--ledger', ledger);
    const json = inject('--topics', 'no-such-topic', '--json', '--ledger', ledger);

    expect(text.code).toBe(2);
    expect(text.stderr).toMatch(/^lean-ops: --topics: no-such-topic is not registered/m);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      error: { name: 'TopicSelectionError', message: expect.stringContaining('no-such-topic') },
    });
    expect(existsSync(ledger)).toBe(false);
  });

  it.each([
    [['--topics', '0'], /--topics 0: the registry holds \d+ topics/],
    [['--topics', '999'], /--topics 999: the registry holds \d+ topics/],
    [['--events', '0'], /--events must be an integer from 1/],
    [['--events', '12x'], /--events must be an integer/],
    [['--seed', '-1'], /--seed must be an integer from 0 to 4294967295/],
    [['--rate', '0'], /--rate must be a positive number/],
    [['--rate', 'fast'], /--rate must be a positive number/],
    [
      ['--without-fault', 'BOGUS'],
      /argument 'BOGUS' is invalid\. Allowed choices are .*UNKNOWN_TOPIC/,
    ],
  ])('exits 2 with a clear message for %j', (args, message) => {
    const { code, stderr, stdout } = inject(...args);

    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stdout).toBe('');
  });

  it.each([
    [[], /--env <env> \(or --name <project-env>\) is required/],
    [['--name', 'bad name'], /--name "bad name" is not a deployment name/],
  ])('names no default deployment: exits 2 for %j', (deployment, message) => {
    const { code, stderr, stdout } = injectInto(deployment);

    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stdout).toBe('');
  });
});
