import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

// Comments and docs cite documents and scripts by path; a cited path that is not in the repo
// (a document kept elsewhere, a renamed script) leaves the reader with nothing to open. The
// layout tests themselves cite made-up paths on purpose and are not read.

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const FOLDERS = ['lambdas', 'scripts', 'glue-jobs', 'modules', 'tests', 'docs', '.github'];
const TEXT = /\.(ts|mjs|py|sh|tf|md|json|yml|yaml)$/;
const CITED =
  /(?<![\w/.-])((?:docs|scripts|glue-jobs|modules|lambdas)\/[\w./-]+\.(?:md|sh|py|ts|mjs|tf|json))\b/g;

function filesBelow(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory())
      return ['node_modules', '__pycache__', 'fixtures', 'layout'].includes(entry.name)
        ? []
        : filesBelow(path);
    return TEXT.test(entry.name) ? [path] : [];
  });
}

describe('paths cited in sources and docs', () => {
  it('exist in the repository', () => {
    const missing: string[] = [];
    for (const file of FOLDERS.flatMap((folder) => filesBelow(join(root, folder)))) {
      for (const match of readFileSync(file, 'utf8').matchAll(CITED)) {
        const cited = match[1] as string;
        if (!existsSync(join(root, cited))) missing.push(`${relative(root, file)}: ${cited}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('never point at the architecture document kept outside the repo', () => {
    const outside = FOLDERS.flatMap((folder) => filesBelow(join(root, folder))).filter((file) =>
      /ARCHITECTURE(\.md)? §|\.\.\/ARCHITECTURE\.md/.test(readFileSync(file, 'utf8')),
    );
    expect(outside.map((file) => relative(root, file))).toEqual([]);
  });
});
