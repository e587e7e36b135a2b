import { parseTopicFile } from './parseTopicFile';
import { type ReadSourcesOptions, readTopicSources } from './readTopicSources';
import { readTopicSourcesFromGit } from './readTopicSourcesFromGit';
import type { LoadedRegistry, SourceFile } from './types';

/**
 * Loads a topic registry from a folder (or several files and folders): every `*.json` is read
 * defensively, decoded, parsed and validated against schemas/topic.schema.json. Bad files never
 * throw; they yield findings and are left out of `topics`. Only a missing path throws
 * (RegistrySourceError).
 *
 * `topics` holds the valid topics only: derive queues, tables and checks from it, and refuse to
 * deploy while `findings` has errors (run `lintRegistry` for the cross-file rules too).
 *
 * @example
 * const registry = loadRegistry('schemas/topics');
 * for (const topic of registry.topics) console.log(topic.topic, tableNameForTopic(topic.topic));
 */
export function loadRegistry(
  paths: string | string[],
  options: ReadSourcesOptions = {},
): LoadedRegistry {
  return registryFromSources(
    readTopicSources(typeof paths === 'string' ? [paths] : paths, options),
  );
}

/**
 * Loads a topic registry as it was at a git ref (no checkout), e.g. the merge base in CI.
 *
 * @example
 * const base = loadRegistryFromGit('origin/main', ['schemas/topics']);
 */
export function loadRegistryFromGit(ref: string, paths: string[], cwd?: string): LoadedRegistry {
  return registryFromSources(readTopicSourcesFromGit(ref, paths, cwd));
}

/**
 * Parses already-read sources into a registry; useful when files come from somewhere other than
 * disk or git (tests, an S3 listing).
 *
 * @example
 * const registry = registryFromSources([{ file: 'a.json', name: 'a.json', bytes, findings: [] }]);
 */
export function registryFromSources(sources: SourceFile[]): LoadedRegistry {
  const files = sources.map(parseTopicFile);
  const topics = files
    .filter((file) => file.findings.every((finding) => finding.severity !== 'error'))
    .flatMap((file) => (file.schema ? [file.schema] : []));
  return { files, topics, findings: files.flatMap((file) => file.findings) };
}
