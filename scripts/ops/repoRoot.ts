import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cached: string | undefined;

/**
 * The repository root, found by walking up from the working directory to lean-ops'
 * package.json, so sources run by jest and the bundled CLI in dist/ agree on paths.
 */
export function repoRoot(start: string = process.cwd()): string {
  if (cached !== undefined) return cached;
  let dir = start;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'lean-ops') {
      cached = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`not inside the lean-ops repository: ${start}`);
    dir = parent;
  }
}
