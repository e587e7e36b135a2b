import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gitRepoWithTopics } from '../../helpers/gitRepo';

// The CI gate as users run it: the very script the workflow and the pre-commit hook call,
// run in a repository of topics the way pre-commit (staged file names) and CI (a base ref) do.

const ROOT = process.cwd();
const SCRIPT = join(ROOT, 'scripts', 'ci', 'lint-schemas.sh');
const DEMO = join(ROOT, 'schemas', 'topics');

function lint(cwd: string, args: string[]) {
  const result = spawnSync(SCRIPT, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, LEAN_OPS_SCHEMA_BASE: '', CI: '1' },
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('scripts/ci/lint-schemas.sh', () => {
  let repo: ReturnType<typeof gitRepoWithTopics>;
  beforeAll(() => {
    repo = gitRepoWithTopics(DEMO, ['engine-temperature', 'fuel-level']);
  });
  afterAll(() => rmSync(repo.dir, { recursive: true, force: true }));

  it('fails a staged change without a version bump against HEAD, as the pre-commit hook runs it', () => {
    // Prepare
    repo.edit('engine-temperature', (doc) => {
      doc.fields['engine.oil_bar'] = {
        type: 'double',
        nullable: true,
        cde: false,
        description: 'Oil pressure',
      };
    });

    // Act
    const result = lint(repo.dir, ['schemas/topics/engine-temperature.json']);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('VERSION_NOT_BUMPED');
    expect(result.stdout).toContain('engine-temperature.json (engine-temperature): compatible');
  });

  it('prints workflow annotations against a base ref, as the pull request job runs it', () => {
    const result = lint(repo.dir, ['--base', 'HEAD', '--format', 'github']);

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /^::error file=.*engine-temperature\.json,line=\d+,col=\d+,title=VERSION_NOT_BUMPED/m,
    );
  });

  it('passes once the version is raised, and exits 2 on an unknown base', () => {
    repo.edit('engine-temperature', (doc) => {
      doc.version = 2;
    });

    expect(lint(repo.dir, ['--base', 'HEAD']).code).toBe(0);
    expect(lint(repo.dir, ['--base', 'no-such-ref']).code).toBe(2);
  });

  it('is the command the workflow, the pre-commit hook and the deploy jobs call', () => {
    const workflow = readFileSync(join(ROOT, '.github', 'workflows', 'schemas.yml'), 'utf8');
    const hooks = readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8');

    expect(workflow).toContain('scripts/ci/lint-schemas.sh --base "$BASE" --format github');
    expect(workflow.match(/scripts\/ci\/deploy-schemas\.sh (dev|staging|prod)/g)).toEqual([
      'scripts/ci/deploy-schemas.sh dev',
      'scripts/ci/deploy-schemas.sh staging',
      'scripts/ci/deploy-schemas.sh prod',
    ]);
    expect(hooks).toMatch(/entry: scripts\/ci\/lint-schemas\.sh\n/);
  });
});
