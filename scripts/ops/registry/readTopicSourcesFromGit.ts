import { spawnSync } from 'node:child_process';
import { posix, relative, resolve, sep } from 'node:path';
import { FINDING_CODES, MAX_TOPIC_FILE_BYTES } from './constants';
import { RegistrySourceError } from './errors';
import { ROOT_PATH } from './jsonPath';
import { makeFinding } from './makeFinding';
import type { FindingCode, SourceFile } from './types';

interface TreeEntry {
  mode: string;
  type: string;
  oid: string;
  size: number;
  path: string;
}

/**
 * Reads candidate topic files as they were at a git ref, without a checkout: `git ls-tree`
 * lists them and one `git cat-file --batch` reads them all (one process, not one per file).
 * A path missing at the ref contributes nothing (the topics are then "added"); an unknown ref
 * throws {@link RegistrySourceError}. File names are shown as `<ref>:<path>`.
 *
 * @example
 * const base = readTopicSourcesFromGit('origin/main', ['schemas/topics']);
 */
export function readTopicSourcesFromGit(
  ref: string,
  paths: string[],
  cwd = process.cwd(),
): SourceFile[] {
  const top = git(['rev-parse', '--show-toplevel'], cwd, 'not inside a git repository')
    .toString()
    .trim();
  if (ref.startsWith('-')) throw new RegistrySourceError(ref, 'not a git ref');
  git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], top, 'unknown git ref');

  const entries: TreeEntry[] = [];
  for (const given of paths) {
    const rel = relative(top, resolve(cwd, given)).split(sep).join(posix.sep);
    if (rel.startsWith('..')) throw new RegistrySourceError(given, 'outside the git repository');
    const [self] = rel === '' ? [undefined] : lsTree(ref, rel, top);
    if (rel !== '' && !self) continue;
    if (!self || self.type === 'tree') {
      const children = lsTree(ref, self ? `${self.path}/` : '.', top);
      entries.push(...children.filter((entry) => entry.path.endsWith('.json')));
    } else {
      entries.push(self);
    }
  }

  const sources = entries.map((entry): SourceFile => {
    const file = `${ref}:${entry.path}`;
    const source: SourceFile = { file, name: posix.basename(entry.path), findings: [] };
    const problem = (
      message: string,
      code: FindingCode = FINDING_CODES.NOT_A_REGULAR_FILE,
      hint = 'topic files must be regular files',
    ) => source.findings.push(makeFinding({ code, file, path: ROOT_PATH, message, hint }));
    if (entry.type !== 'blob' || entry.mode === '120000')
      problem('not a regular file at the base ref');
    else if (entry.size > MAX_TOPIC_FILE_BYTES) {
      problem(
        `file is ${entry.size} bytes at the base ref`,
        FINDING_CODES.FILE_TOO_LARGE,
        'not read',
      );
    }
    return source;
  });
  const wanted = entries
    .map((entry, index) => ({ entry, source: sources[index] }))
    .filter(({ source }) => source !== undefined && source.findings.length === 0);
  const contents = catFiles(
    wanted.map(({ entry }) => entry.oid),
    top,
  );
  wanted.forEach(({ entry, source }) => {
    if (source) source.bytes = contents.get(entry.oid);
  });
  return sources;
}

function git(args: string[], cwd: string, failure: string, input?: string): Buffer {
  const result = spawnSync('git', args, { cwd, input, maxBuffer: 1024 * 1024 * 1024 });
  if (result.error || result.status !== 0) {
    const detail = result.error?.message ?? result.stderr?.toString().trim();
    throw new RegistrySourceError(`git ${args[0]}`, detail ? `${failure} (${detail})` : failure, {
      cause: result.error,
    });
  }
  return result.stdout;
}

function lsTree(ref: string, path: string, cwd: string): TreeEntry[] {
  const out = git(
    ['ls-tree', '-z', '-l', '--full-name', ref, '--', path],
    cwd,
    'cannot list the tree',
  );
  return out
    .toString('utf8')
    .split('\0')
    .filter((line) => line.length > 0)
    .map((line) => {
      // "<mode> SP <type> SP <oid> SP+ <size> TAB <path>"
      const tab = line.indexOf('\t');
      const [mode = '', type = '', oid = '', size = '0'] = line.slice(0, tab).split(/ +/);
      return { mode, type, oid, size: Number(size) || 0, path: line.slice(tab + 1) };
    });
}

function catFiles(oids: string[], cwd: string): Map<string, Buffer> {
  const contents = new Map<string, Buffer>();
  if (oids.length === 0) return contents;
  const out = git(['cat-file', '--batch'], cwd, 'cannot read blobs', `${oids.join('\n')}\n`);
  let pos = 0;
  while (pos < out.length) {
    const headerEnd = out.indexOf(0x0a, pos);
    if (headerEnd < 0) break;
    const [oid = '', , size = '0'] = out.subarray(pos, headerEnd).toString('utf8').split(' ');
    const start = headerEnd + 1;
    const end = start + Number(size);
    contents.set(oid, out.subarray(start, end));
    pos = end + 1; // each object is followed by a newline
  }
  return contents;
}
