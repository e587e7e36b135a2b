import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

/** The parts of the source tree whose imports are ruled (docs/decisions.md, "Import rules"). */
export type Layer = 'lambdas' | 'ops' | 'local' | 'cli' | 'other';

export interface SourceImport {
  /** Importing file, relative to the repository root. */
  file: string;
  /** The specifier as written. */
  specifier: string;
  /** The imported path, relative to the repository root (relative specifiers only). */
  target: string;
  /** `import('...')`: loaded only when the code runs there. */
  dynamic: boolean;
}

export function layerOf(path: string): Layer {
  if (path.startsWith('lambdas/')) return 'lambdas';
  if (path.startsWith('scripts/ops/')) return 'ops';
  if (path.startsWith('scripts/local/')) return 'local';
  if (path.startsWith('scripts/cli/')) return 'cli';
  return 'other';
}

const STATIC_IMPORT = /^\s*(?:import|export)\s[^'"]*?\sfrom\s*'([^']+)'|^\s*import\s*'([^']+)'/gm;
const DYNAMIC_IMPORT = /\bimport\(\s*'([^']+)'\s*\)/g;

/** The relative imports of one source text (package imports such as `node:fs` are not ruled). */
export function importsOf(file: string, text: string): SourceImport[] {
  const found: SourceImport[] = [];
  const add = (specifier: string, dynamic: boolean) => {
    if (!specifier.startsWith('.')) return;
    found.push({ file, specifier, target: normalize(join(dirname(file), specifier)), dynamic });
  };
  for (const match of text.matchAll(STATIC_IMPORT)) add(match[1] ?? match[2] ?? '', false);
  for (const match of text.matchAll(DYNAMIC_IMPORT)) add(match[1] ?? '', true);
  return found;
}

/**
 * Why an import breaks the layout's rules, or undefined when it keeps them:
 * `lambdas` imports only `lambdas`; `ops` only `lambdas` and `ops`; `local` may add `ops`; the CLI
 * imports `ops` and `lambdas`, and `local` only lazily from the `lean-ops local` command; nothing
 * but the CLI imports the CLI.
 */
export function violationOf(entry: SourceImport): string | undefined {
  const from = layerOf(entry.file);
  const to = layerOf(entry.target);
  if (from === 'other' || from === to) return undefined;
  if (to === 'other') {
    // Data files the code reads (the topic JSON Schema, the version in package.json) are not code layers.
    const data = entry.target.startsWith('schemas/') || entry.target === 'package.json';
    return data ? undefined : `${from} imports ${entry.target}`;
  }
  if (to === 'cli') return `only the CLI imports the CLI, not ${from}`;
  if (from === 'lambdas') return `lambdas never imports scripts/ (${to})`;
  if (from === 'ops' && to === 'local')
    return 'shipped operator code never imports the local harness';
  if (from === 'cli' && to === 'local') {
    const lazyLocalCommand = entry.dynamic && entry.file === 'scripts/cli/commands/local.ts';
    return lazyLocalCommand
      ? undefined
      : 'the CLI loads scripts/local only lazily, from `lean-ops local`';
  }
  return undefined;
}

/** Every `.ts` file below `folders`, relative to `root`. */
export function sourceFiles(root: string, folders: readonly string[]): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) files.push(relative(root, path));
    }
  };
  for (const folder of folders) walk(join(root, folder));
  return files.sort();
}

export function violationsIn(root: string, folders: readonly string[]): string[] {
  return sourceFiles(root, folders).flatMap((file) =>
    importsOf(file, readFileSync(join(root, file), 'utf8')).flatMap((entry) => {
      const why = violationOf(entry);
      return why === undefined ? [] : [`${entry.file}: import '${entry.specifier}': ${why}`];
    }),
  );
}
