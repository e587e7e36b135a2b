import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deploymentNameFor, queuePrefixFor } from '../../../lambdas/common/naming';
import { DEFAULT_PROJECT } from './constants';
import { DEFAULT_QUEUE_PREFIXES } from './lintRegistry';
import { parseTfvarsNames } from './parseTfvarsNames';

export interface QueuePrefixes {
  prefixes: string[];
  /** Where they came from: the tfvars files read, or "default". */
  sources: string[];
}

/**
 * The queue-name prefix of every environment declared in `<dir>/*.tfvars`
 * (`<project>-<environment>-topic-`; a file without `environment` is skipped, one without
 * `project` uses lean-ops). Without any such tfvars it falls back to lean-ops with dev,
 * staging and prod, so the linter works before Terraform exists.
 *
 * @example
 * loadQueuePrefixes('environments').prefixes; // ['lean-ops-dev-topic-', ...]
 */
export function loadQueuePrefixes(dir: string): QueuePrefixes {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((name) => name.endsWith('.tfvars'))
      .sort();
  } catch {
    names = [];
  }
  const prefixes: string[] = [];
  const sources: string[] = [];
  for (const name of names) {
    let text: string;
    try {
      text = readFileSync(join(dir, name), 'utf8');
    } catch {
      continue;
    }
    const declared = parseTfvarsNames(text);
    // Shared tfvars (common settings) declare no environment and name no queue prefix.
    if (declared.environment === undefined) continue;
    prefixes.push(
      queuePrefixFor(deploymentNameFor(declared.project ?? DEFAULT_PROJECT, declared.environment)),
    );
    sources.push(join(dir, name));
  }
  if (prefixes.length === 0) return { prefixes: [...DEFAULT_QUEUE_PREFIXES], sources: ['default'] };
  return { prefixes, sources };
}
