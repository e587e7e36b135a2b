import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { checkLintedHead } from '../../../../scripts/ops/deploy/checkLintedHead';
import { LintedHeadMismatchError } from '../../../../scripts/ops/deploy/errors';
import { gitRepoWithTopics } from '../../../helpers/gitRepo';

const DEMO = join(process.cwd(), 'schemas', 'topics');

describe('checkLintedHead', () => {
  let repo: ReturnType<typeof gitRepoWithTopics>;
  beforeEach(() => {
    repo = gitRepoWithTopics(DEMO, ['fuel-level']);
  });
  afterEach(() => rmSync(repo.dir, { recursive: true, force: true }));

  it('accepts the linted commit when it is the clean checkout HEAD', () => {
    const head = repo.git('rev-parse', 'HEAD');

    expect(checkLintedHead(repo.folder, head)).toBe(head);
    expect(checkLintedHead(repo.folder, head.slice(0, 10))).toBe(head);
  });

  it('refuses a checkout that moved past the linted commit', () => {
    const linted = repo.git('rev-parse', 'HEAD');
    repo.edit('fuel-level', (doc) => {
      doc.version += 1;
    });
    repo.git('commit', '-q', '-am', 'later');

    expect(() => checkLintedHead(repo.folder, linted)).toThrow(LintedHeadMismatchError);
    expect(() => checkLintedHead(repo.folder, linted)).toThrow(/linted at/);
  });

  it('refuses uncommitted and untracked changes in the schemas folder', () => {
    const head = repo.git('rev-parse', 'HEAD');
    repo.edit('fuel-level', (doc) => {
      doc.version += 1;
    });

    expect(() => checkLintedHead(repo.folder, head)).toThrow(/fuel-level.json/);
  });

  it('refuses an unknown commit and option-like input without running git on it', () => {
    expect(() => checkLintedHead(repo.folder, 'f'.repeat(40))).toThrow(LintedHeadMismatchError);
    expect(() => checkLintedHead(repo.folder, '--output=/tmp/x')).toThrow(/not a git commit/);
  });
});
