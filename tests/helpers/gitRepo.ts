import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A throwaway git repository holding schemas/topics, for tests of the CI gate. */
export function gitRepoWithTopics(topicsDir: string, topics: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'lean-ops-gate-'));
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'gate@example.com');
  git('config', 'user.name', 'gate');
  const folder = join(dir, 'schemas', 'topics');
  mkdirSync(folder, { recursive: true });
  for (const topic of topics) {
    writeFileSync(join(folder, `${topic}.json`), readFileSync(join(topicsDir, `${topic}.json`)));
  }
  git('add', '.');
  git('commit', '-q', '-m', 'topics');
  return {
    dir,
    folder,
    git,
    edit(
      topic: string,
      change: (doc: { version: number; fields: Record<string, unknown> }) => void,
    ) {
      const file = join(folder, `${topic}.json`);
      const doc = JSON.parse(readFileSync(file, 'utf8'));
      change(doc);
      writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
    },
  };
}
