import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

// Usage errors of the built command: exit 2 with a message, before any AWS call (no endpoint
// is running in the unit project; a call would fail differently). The bundle is built by
// `make build` before `make test`, and by the CLI unit suite.

const ROOT = process.cwd();
const CLI = join(ROOT, 'dist', 'cli', 'lean-ops.mjs');

function deploySchemas(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, 'deploy-schemas', '--json', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, AWS_ACCOUNT_ID: '', CI: '1' },
  });
  const error = result.stdout.trim() ? JSON.parse(result.stdout).error : undefined;
  return { code: result.status, error };
}

describe('lean-ops deploy-schemas usage', () => {
  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`make build\` first`);
  });

  it.each([
    [[], /--env <env> \(or --name <project-env>\) is required/],
    [['--env', 'Prod!'], /--env "Prod!" is not an environment name/],
    [['--env', 'dev', '--account', '12'], /--account "12" is not an AWS account id/],
    [['--env', 'dev'], /--linted-at <commit> is required/],
    [['--env', 'dev', '--account', '000000000000'], /--linted-at <commit> is required/],
  ])('exits 2 for %j', (args, message) => {
    const { code, error } = deploySchemas(...(args as string[]));

    expect(code).toBe(2);
    expect(error?.name).toBe('UsageError');
    expect(error?.message).toMatch(message);
  });

  it('exits 2 on an unknown option, as commander errors do in every command', () => {
    expect(deploySchemas('--env', 'dev', '--no-such-flag').code).toBe(2);
  });
});
