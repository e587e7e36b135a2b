import { execFileSync } from 'node:child_process';
import { LintedHeadMismatchError } from './errors';

function git(cwd: string, args: string[]): string {
  try {
    return execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new LintedHeadMismatchError(`git ${args.join(' ')} failed: ${stderr || String(error)}`, {
      cause: error,
    });
  }
}

/**
 * Proves the schemas about to be deployed are the commit CI linted: `lintedAt` (the commit the
 * lint job ran on, e.g. `${{ github.sha }}`) must resolve to the checkout's HEAD, and the
 * schemas folder must have no uncommitted or untracked change. Returns the full commit id.
 * Throws LintedHeadMismatchError otherwise.
 *
 * @example
 * const commit = checkLintedHead('schemas/topics', process.env.GITHUB_SHA ?? '');
 */
export function checkLintedHead(schemasDir: string, lintedAt: string): string {
  if (!/^[0-9A-Za-z._/~^-]{1,200}$/.test(lintedAt) || lintedAt.startsWith('-')) {
    throw new LintedHeadMismatchError(
      `--linted-at ${JSON.stringify(lintedAt)} is not a git commit`,
    );
  }
  const linted = git(schemasDir, ['rev-parse', '--verify', '--quiet', `${lintedAt}^{commit}`]);
  const head = git(schemasDir, ['rev-parse', '--verify', 'HEAD^{commit}']);
  if (linted !== head) {
    throw new LintedHeadMismatchError(
      `the checkout is at ${head.slice(0, 12)} but the schemas were linted at ${linted.slice(0, 12)}: deploy the commit CI linted`,
    );
  }
  const dirty = git(schemasDir, ['status', '--porcelain', '--untracked-files=all', '--', '.']);
  if (dirty !== '') {
    throw new LintedHeadMismatchError(
      `${schemasDir} has changes that are not in ${head.slice(0, 12)} (what CI linted):\n${dirty}`,
    );
  }
  return head;
}
