import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { FINDING_CODES, MAX_TOPIC_FILE_BYTES } from './constants';
import { RegistrySourceError } from './errors';
import { ROOT_PATH } from './jsonPath';
import { makeFinding } from './makeFinding';
import type { FindingCode, SourceFile } from './types';

export interface ReadSourcesOptions {
  /**
   * Symlinks may point anywhere inside this folder (or inside the folder being read); a target
   * outside both is reported and never read. Default: the current working directory.
   */
  root?: string;
  /** How file names are shown in findings; default: relative to the working directory. */
  display?: (absolutePath: string) => string;
}

/**
 * Reads candidate topic files from files and folders (a folder contributes its `*.json`
 * children, not its subfolders). Missing paths throw {@link RegistrySourceError}; problems with
 * one file (too large, not a regular file, a symlink leaving the root, unreadable) become
 * findings on that file.
 *
 * @example
 * const sources = readTopicSources(['schemas/topics']);
 */
export function readTopicSources(paths: string[], options: ReadSourcesOptions = {}): SourceFile[] {
  const root = safeRealpath(resolve(options.root ?? process.cwd())) ?? resolve(process.cwd());
  const display = options.display ?? showRelativeInside;
  const sources: SourceFile[] = [];
  for (const given of paths) {
    const absolute = resolve(given);
    const stat = lstatOrThrow(absolute, given);
    if (stat.isDirectory()) {
      const folder = safeRealpath(absolute) ?? absolute;
      const names = listJsonNames(absolute, given);
      for (const name of names) {
        sources.push(readOne(join(absolute, name), display, [root, folder]));
      }
    } else {
      sources.push(readOne(absolute, display, [root]));
    }
  }
  return sources;
}

function lstatOrThrow(absolute: string, given: string) {
  try {
    // statSync follows a symlinked folder given on the command line, as a user would expect.
    return statSync(absolute);
  } catch (error) {
    throw new RegistrySourceError(given, 'no such file or folder', { cause: error });
  }
}

function listJsonNames(folder: string, given: string): string[] {
  try {
    return readdirSync(folder)
      .filter((name) => name.endsWith('.json'))
      .sort();
  } catch (error) {
    throw new RegistrySourceError(given, 'cannot list the folder', { cause: error });
  }
}

function readOne(path: string, display: (path: string) => string, roots: string[]): SourceFile {
  const file = display(path);
  const source: SourceFile = { file, name: basename(path), findings: [] };
  const problem = (code: FindingCode, message: string, hint: string): SourceFile => {
    source.findings.push(makeFinding({ code, file, path: ROOT_PATH, message, hint }));
    return source;
  };
  try {
    const link = lstatSync(path);
    if (link.isSymbolicLink()) {
      const target = safeRealpath(path);
      if (target === undefined) {
        return problem(
          FINDING_CODES.FILE_UNREADABLE,
          'symlink target does not exist',
          'fix or remove the symlink',
        );
      }
      if (!roots.some((root) => isInside(target, root))) {
        return problem(
          FINDING_CODES.SYMLINK_OUTSIDE_ROOT,
          'symlink points outside the repository; it was not read',
          'replace the symlink with the topic file itself',
        );
      }
    }
    // Only a symlink needs a second stat, of its target.
    const stat = link.isSymbolicLink() ? statSync(path) : link;
    if (!stat.isFile()) {
      return problem(
        FINDING_CODES.NOT_A_REGULAR_FILE,
        'not a regular file',
        'topic files must be regular files',
      );
    }
    if (stat.size > MAX_TOPIC_FILE_BYTES) {
      return problem(
        FINDING_CODES.FILE_TOO_LARGE,
        `file is ${stat.size} bytes; a topic file may be at most ${MAX_TOPIC_FILE_BYTES}`,
        'a topic file holds one schema of a few KiB: check that the right file is here',
      );
    }
    source.bytes = readFileSync(path);
    return source;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return problem(
      FINDING_CODES.FILE_UNREADABLE,
      `cannot read the file: ${reason}`,
      'check the file permissions',
    );
  }
}

/** Relative to the working directory when inside it (as CI annotations need), else absolute. */
function showRelativeInside(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

function safeRealpath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

function isInside(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}
