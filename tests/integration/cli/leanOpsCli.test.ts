import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LintReport } from '../../../scripts/ops/registry';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const fixtures = 'tests/fixtures/schemas';

/** Runs the built CLI from the repository root, as `make test-schemas` and CI do. */
function leanOps(...args: string[]) {
  return leanOpsWithEnv({}, ...args);
}

function leanOpsWithEnv(env: Record<string, string>, ...args: string[]) {
  const inherited = { ...process.env };
  delete inherited.LEAN_OPS_SCHEMA_BASE;
  const result = spawnSync(process.execPath, ['dist/cli/lean-ops.mjs', ...args], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...inherited, CI: 'true', ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function lintJson(...args: string[]): { code: number | null; report: LintReport } {
  const { code, stdout } = leanOps('lint-schemas', '--format', 'json', ...args);
  return { code, report: JSON.parse(stdout) as LintReport };
}

const changes = (report: LintReport) =>
  Object.fromEntries(report.topics.map((t) => [t.topic, t.change]));
const codes = (report: LintReport) =>
  report.topics.flatMap((t) => t.findings.map((f) => `${t.topic} ${f.code}`)).sort();

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs', 'cli'], { cwd: repo, stdio: 'pipe' });
}, 60_000);

describe('lean-ops lint-schemas', () => {
  it('passes the demo registry by default with exit 0', () => {
    const { code, stdout } = leanOps('lint-schemas');

    expect(code).toBe(0);
    expect(stdout).toMatch(/^ok: \d+ topics, 0 errors, 0 warnings$/m);
  });

  it('exits 1 with versioned JSON locating each finding in broken files', () => {
    // Prepare: broken files are written here, not committed, so repository-wide checks stay green
    const dir = mkdtempSync(join(tmpdir(), 'lean-ops-cli-invalid-'));
    try {
      writeFileSync(
        join(dir, 'broken.json'),
        '{\n  "topic": "broken",\n  "version": 1,\n  "owner": "fixtures"\n  "queue": "standard"\n}\n',
      );
      writeFileSync(join(dir, 'misnamed.json'), leanOpsFixture('evolution/base/sensor-a.json'));

      // Act
      const { code, report } = lintJson(dir);

      // Assess
      expect(code).toBe(1);
      expect(report).toMatchObject({ version: 1, ok: false });
      expect(codes(report)).toEqual(['broken JSON_SYNTAX', 'sensor-a FILE_NAME_MISMATCH']);
      const syntax = report.topics.find((t) => t.topic === 'broken')?.findings[0];
      expect(syntax).toMatchObject({ severity: 'error', path: '$', line: 5, column: 3 });
      expect(syntax?.message).toContain('line 5, column 3');
      expect(syntax?.hint).toBeTruthy();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('classifies every change against --base-dir and exits 0 when the rules are followed', () => {
    const { code, report } = lintJson(
      `${fixtures}/evolution/head-ok`,
      '--base-dir',
      `${fixtures}/evolution/base`,
    );

    expect(code).toBe(0);
    expect(changes(report)).toEqual({
      'sensor-a': 'compatible',
      'sensor-b': 'breaking',
      'sensor-c': 'none',
      'sensor-d': 'added',
    });
  });

  it('exits 1 for an unbumped change, a breaking change without rebuild and a removed topic', () => {
    const { code, report } = lintJson(
      `${fixtures}/evolution/head-bad`,
      '--base-dir',
      `${fixtures}/evolution/base`,
    );

    expect(code).toBe(1);
    expect(changes(report)).toEqual({
      'sensor-a': 'compatible',
      'sensor-b': 'breaking',
      'sensor-c': 'removed',
    });
    expect(codes(report)).toEqual([
      'sensor-a VERSION_NOT_BUMPED',
      'sensor-b BREAKING_CHANGE_WITHOUT_REBUILD',
      'sensor-c TOPIC_REMOVED',
    ]);
  });

  it('compares selected files only with what they name, never reporting others as removed', () => {
    const { code, report } = lintJson(
      `${fixtures}/evolution/head-ok/sensor-a.json`,
      '--base-dir',
      `${fixtures}/evolution/base`,
    );

    expect(code).toBe(0);
    expect(changes(report)).toEqual({ 'sensor-a': 'compatible' });
  });

  it('reads the base from a git ref', () => {
    const { code, report } = lintJson(`${fixtures}/evolution/base`, '--base', 'HEAD');

    expect(code).toBe(0);
    expect(Object.values(changes(report))).toEqual(['none', 'none', 'none']);
  });

  it('takes the base from LEAN_OPS_SCHEMA_BASE, and lets --base-dir override it', () => {
    const env = { LEAN_OPS_SCHEMA_BASE: 'no-such-ref-anywhere' };

    const fromEnv = leanOpsWithEnv(env, 'lint-schemas', `${fixtures}/evolution/base`);
    const overridden = leanOpsWithEnv(
      env,
      'lint-schemas',
      `${fixtures}/evolution/head-ok`,
      '--base-dir',
      `${fixtures}/evolution/base`,
    );

    expect(fromEnv.code).toBe(2);
    expect(fromEnv.stderr).toContain('unknown git ref');
    expect(overridden.code).toBe(0);
    expect(overridden.stdout).toContain('1 breaking');
  });

  it('prints GitHub annotations with --format github', () => {
    const { code, stdout } = leanOps(
      'lint-schemas',
      `${fixtures}/evolution/head-bad`,
      '--base-dir',
      `${fixtures}/evolution/base`,
      '--format',
      'github',
    );

    expect(code).toBe(1);
    const annotations = stdout.split('\n').filter((line) => line.startsWith('::'));
    expect(annotations).toHaveLength(3);
    expect(annotations[0]).toMatch(
      /^::error file=tests\/fixtures\/schemas\/evolution\/head-bad\/sensor-a\.json,line=3,col=3,title=VERSION_NOT_BUMPED/,
    );
  });

  it('checks queue names against the prefixes of environments/*.tfvars', () => {
    const envs = mkdtempSync(join(tmpdir(), 'lean-ops-cli-envs-'));
    try {
      writeFileSync(
        join(envs, 'prod.tfvars'),
        'project = "a-very-long-project-name-for-iot"\nenvironment = "production"\n',
      );

      const { code, report } = lintJson(`${fixtures}/evolution/base`, '--environments', envs);

      // sensor-b is FIFO: 44-char prefix + "sensor-b" + ".fifo" = 57; all fit. A 48-char topic would not.
      expect(code).toBe(0);
      expect(codes(report)).toEqual([]);
      mkdirSync(join(envs, 'topics'));
      const long = `s${'x'.repeat(40)}`;
      writeFileSync(
        join(envs, 'topics', `${long}.json`),
        JSON.stringify({
          ...JSON.parse(leanOpsFixture('evolution/base/sensor-a.json')),
          topic: long,
        }),
      );
      const tooLong = lintJson(join(envs, 'topics'), '--environments', envs);
      expect(tooLong.code).toBe(1);
      expect(codes(tooLong.report)).toEqual([`${long} QUEUE_NAME_TOO_LONG`]);
    } finally {
      rmSync(envs, { recursive: true, force: true });
    }
  });

  it.each([
    ['--base with --base-dir', ['--base', 'HEAD', '--base-dir', 'schemas/topics']],
    ['a missing path', ['no/such/folder']],
    ['an unknown git ref', ['--base', 'no-such-ref-anywhere']],
    ['a missing --base-dir', ['--base-dir', 'no/such/base']],
    ['an unknown format', ['--format', 'yaml']],
  ])('exits 2 for %s', (_name, args) => {
    expect(leanOps('lint-schemas', ...args).code).toBe(2);
  });

  it('reports a usage error as a JSON document in JSON mode', () => {
    const { code, stdout } = leanOps('lint-schemas', 'no/such/folder', '--json');

    expect(code).toBe(2);
    expect(JSON.parse(stdout)).toMatchObject({
      version: 1,
      ok: false,
      error: { name: 'RegistrySourceError' },
    });
  });
});

describe('lean-ops gen-topics', () => {
  let out: string;

  beforeEach(() => {
    out = mkdtempSync(join(tmpdir(), 'lean-ops-cli-gen-'));
  });

  afterEach(() => rmSync(out, { recursive: true, force: true }));

  it('writes a registry that lints clean, and refuses to overwrite it without --force', () => {
    const dir = join(out, 'topics');

    const first = leanOps('gen-topics', '--count', '25', '--out', dir, '--seed', '9', '--json');
    const lint = lintJson(dir);
    const again = leanOps('gen-topics', '--count', '25', '--out', dir, '--seed', '9');
    const forced = leanOps('gen-topics', '--count', '5', '--out', dir, '--seed', '9', '--force');

    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ version: 1, ok: true, count: 25, seed: 9 });
    expect(lint.code).toBe(0);
    expect(lint.report.topics).toHaveLength(25);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--force');
    expect(forced.code).toBe(0);
    expect(lintJson(dir).report.topics).toHaveLength(5);
  });

  it.each([
    ['a non-numeric count', (dir: string) => ['--count', 'ten', '--out', dir]],
    ['a zero count', (dir: string) => ['--count', '0', '--out', dir]],
    ['a missing --out', () => ['--count', '3']],
  ])('exits 2 for %s', (_name, args) => {
    expect(leanOps('gen-topics', ...args(out)).code).toBe(2);
  });
});

describe('lean-ops against an endpoint that never answers', () => {
  it('fails within its read timeout, naming the call, the table and the endpoint (exit 2)', async () => {
    // Prepare: a socket that accepts connections and never says a word
    const server = createServer(() => {});
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      // Act
      const started = Date.now();
      const { code, stderr } = leanOpsWithEnv(
        {
          // the flags win over the environment, as the AWS CLI's do
          AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
          AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9',
          AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
        },
        'breaker',
        'status',
        '--env',
        'prod',
        '--endpoint-url',
        endpoint,
        '--region',
        'eu-west-1',
        '--cli-read-timeout',
        '1',
        '--debug',
      );

      // Assess: three attempts of one second each and the SDK's backoff, not forever
      expect(code).toBe(2);
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(stderr).toContain('DynamoDB Scan failed for TableName=lean-ops-prod-breaker');
      expect(stderr).toContain(`(region eu-west-1, endpoint ${endpoint})`);
      expect(stderr).toMatch(
        /^debug: DynamoDB Scan TableName=lean-ops-prod-breaker → \w+ in \d+ ms$/m,
      );
      expect(stderr).toContain('Hint:');
      expect(stderr).not.toMatch(/^\s+at /m);
    } finally {
      server.close();
    }
  }, 40_000);
});

describe('lean-ops stopped by a signal', () => {
  it('ends a dry run at the first SIGTERM, even while a call hangs (nothing to finish)', async () => {
    // Prepare: a socket that accepts connections and never answers, so the index read hangs
    let connected: () => void = () => undefined;
    const callInFlight = new Promise<void>((resolve) => {
      connected = resolve;
    });
    const server = createServer(() => connected());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const child = spawn(
        process.execPath,
        [
          'dist/cli/lean-ops.mjs',
          'replay-dlq',
          '--env',
          'prod',
          '--account',
          '123456789012',
          '--dry-run',
        ],
        {
          cwd: repo,
          env: {
            ...process.env,
            CI: 'true',
            AWS_ENDPOINT_URL: endpoint,
            AWS_REGION: 'eu-west-1',
            AWS_ACCESS_KEY_ID: 'test',
            AWS_SECRET_ACCESS_KEY: 'test',
          },
        },
      );
      let stderr = '';
      child.stderr.on('data', (chunk) => {
        stderr += String(chunk);
      });
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      child.stdout.resume();
      // Act: once its first AWS call is in flight (the handlers are installed by then), stop it
      await callInFlight;
      const signalled = Date.now();
      child.kill('SIGTERM');
      const code = await exited;

      // Assess: the shell's code for SIGTERM, at once, saying nothing was sent
      expect(code).toBe(143);
      expect(Date.now() - signalled).toBeLessThan(3_000);
      expect(stderr).toContain('dry run stopped; nothing was sent');
    } finally {
      server.close();
    }
  }, 20_000);
});

describe('lean-ops conventions', () => {
  it('refuses a local run on a missing registry before creating its output folder', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'lean-ops-run-')), 'run');
    const { code, stderr } = leanOps('local', 'run', '--registry', '/nope', '--out', out);
    expect(code).toBe(2);
    expect(stderr).toContain('/nope');
    expect(existsSync(out)).toBe(false);
  });

  it('prints its version', () => {
    const { code, stdout } = leanOps('--version');
    const { version } = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(version);
  });

  it.each([
    ['an unknown option', ['cost', '--bogus'], "unknown option '--bogus'"],
    ['a bad stream count', ['breaker', 'status', '--env', 'prod', '--streams', '0'], '--streams'],
    ['a bad region', ['breaker', 'status', '--env', 'prod', '--region', 'Europe'], '--region'],
    ...['breaker status', 'replay-dlq --dry-run', 'replay-firehose-errors', 'inject'].map(
      (command) =>
        [
          `${command} without a deployment`,
          command.split(' '),
          '--env <env> (or --name <project-env>) is required',
        ] as [string, string[], string],
    ),
    [
      'both --env and --name',
      ['breaker', 'status', '--env', 'prod', '--name', 'lean-ops-prod'],
      'one of --env and --name',
    ],
    ['a zero timeout', ['breaker', 'status', '--cli-read-timeout', '0'], '--cli-read-timeout'],
    // refused before any AWS call: no endpoint runs in this test
    [
      'a breaker topic the registry does not have',
      ['breaker', 'open', '--topic', 'no-such-topic'],
      'not a topic of the registry schemas/topics',
    ],
    [
      'an unknown replay error code',
      ['replay-dlq', '--error-code', 'BOGUS', '--dry-run'],
      'Allowed choices are DEAD_LETTERED, UNKNOWN_SOURCE',
    ],
  ])(
    'answers %s with the error and a one-line hint, not the whole help (exit 2)',
    (_, args, error) => {
      const { code, stderr } = leanOps(...args);
      expect(code).toBe(2);
      expect(stderr).toContain(error);
      expect(stderr).not.toMatch(/^Usage:|^Options:/m);
      expect(stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
    },
  );
});

function leanOpsFixture(path: string): string {
  return readFileSync(join(repo, fixtures, path), 'utf8');
}
