import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { repoRoot } from '../../../scripts/ops/repoRoot';
import { endpointEnv } from '../../harness/localAws';
import { gitRepoWithTopics } from '../../helpers/gitRepo';
import { createDeployment, DEMO_TOPICS } from './deployment';

// scripts/ci/deploy-schemas.sh exactly as the workflow's deploy jobs run it (the bundled CLI,
// LEAN_OPS_LINTED_AT and AWS_ACCOUNT_ID from the job), pointed at the local endpoint, with
// --name choosing an isolated deployment instead of lean-ops-dev.

jest.setTimeout(90_000);

const SCRIPT = join(repoRoot(), 'scripts', 'ci', 'deploy-schemas.sh');

function deployScript(
  name: string,
  schemas: string,
  lintedAt: string | undefined,
  extra: string[] = [],
) {
  const result = spawnSync(
    SCRIPT,
    ['dev', '--name', name, '--schemas', schemas, '--json', ...extra],
    {
      cwd: repoRoot(),
      encoding: 'utf8',
      env: {
        ...process.env,
        ...endpointEnv(),
        AWS_ACCOUNT_ID: '000000000000',
        LEAN_OPS_LINTED_AT: lintedAt ?? '',
        GITHUB_ACTOR: 'ci-bot',
        CI: '1',
      },
      timeout: 80_000,
    },
  );
  const json = result.stdout.trim().startsWith('{') ? JSON.parse(result.stdout) : undefined;
  return { code: result.status, json, stderr: result.stderr };
}

describe('scripts/ci/deploy-schemas.sh', () => {
  let repo: ReturnType<typeof gitRepoWithTopics>;
  afterAll(() => rmSync(repo.dir, { recursive: true, force: true }));

  it('deploys the linted commit, refuses any other head, and refuses what the linter rejects', async () => {
    // Prepare
    const deployment = await createDeployment('dep-script');
    repo = gitRepoWithTopics(DEMO_TOPICS, ['fuel-level', 'door-events']);
    const linted = repo.git('rev-parse', 'HEAD');

    // Act: deploy the linted commit
    const deployed = deployScript(deployment.name, repo.folder, linted);
    // an edit after the lint, not committed
    repo.edit('fuel-level', (doc) => {
      doc.fields.note = { type: 'string', nullable: true, cde: false, description: 'Free text' };
    });
    const dirty = deployScript(deployment.name, repo.folder, linted);
    // the same edit committed (without a version bump) and claimed as linted
    repo.git('commit', '-q', '-am', 'note without a version bump');
    const stale = deployScript(deployment.name, repo.folder, linted);
    const rejected = deployScript(deployment.name, repo.folder, repo.git('rev-parse', 'HEAD'));
    const noCommit = deployScript(deployment.name, repo.folder, undefined);

    // Assess
    expect(deployed.code).toBe(0);
    expect(deployed.json).toMatchObject({ ok: true, commit: linted, counts: { deployed: 2 } });
    expect((await deployment.registry()).get('fuel-level')).toMatchObject({
      status: 'ACTIVE',
      deployed_by: `ci-bot@${linted.slice(0, 12)}`,
    });
    expect(dirty.code).toBe(2);
    expect(dirty.json?.error).toMatchObject({ name: 'LintedHeadMismatchError' });
    expect(stale.code).toBe(2);
    expect(stale.json?.error.message).toMatch(/linted at/);
    expect(rejected.code).toBe(1);
    expect(
      rejected.json?.refused.lint.topics.find((t: { topic: string }) => t.topic === 'fuel-level')
        .findings[0].code,
    ).toBe('VERSION_NOT_BUMPED');
    expect(noCommit.code).toBe(2);
    expect(noCommit.stderr).toContain('LEAN_OPS_LINTED_AT');
    expect((await deployment.registry()).get('fuel-level')).toMatchObject({ version: 1 });
  });
});
