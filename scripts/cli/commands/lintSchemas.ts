import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Command, Option } from 'commander';
import {
  formatGithubAnnotations,
  formatLintText,
  type LoadedRegistry,
  lintRegistry,
  loadQueuePrefixes,
  loadRegistry,
  loadRegistryFromGit,
} from '../../ops/registry';
import { createOutput, EXIT_CODES, runCommand, UsageError, withCliConventions } from '../output';

/** CI can gate every lint on a base (e.g. origin/main) without changing the make target. */
const BASE_ENV = 'LEAN_OPS_SCHEMA_BASE';

interface LintSchemasOptions {
  base?: string;
  baseDir?: string;
  format: 'text' | 'json' | 'github';
  json?: boolean;
  environments?: string;
  allowRemoval?: boolean;
}

/**
 * `lean-ops lint-schemas [PATH...] [--base REF | --base-dir DIR] [--format text|json|github]`:
 * validates topic files and, against a base, classifies and gates every schema change.
 * Exit 0 clean (warnings allowed), 1 errors found, 2 usage or I/O error.
 *
 * @example
 * program.addCommand(lintSchemasCommand());
 */
export function lintSchemasCommand(): Command {
  return withCliConventions(new Command('lint-schemas'))
    .description('validate topic files and check schema evolution against a base')
    .argument('[paths...]', 'topic files or folders of them', ['schemas/topics'])
    .addOption(
      new Option(
        '--base <ref>',
        'git ref holding the base registry (read with git, no checkout)',
      ).env(BASE_ENV),
    )
    .option('--base-dir <dir>', 'folder of topic files to compare against')
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['text', 'json', 'github'])
        .default('text'),
    )
    .option('--json', 'same as --format json')
    .option(
      '--environments <dir>',
      'folder of <env>.tfvars declaring project and environment (default: <repo>/environments)',
    )
    .option('--allow-removal', 'report removed topics as warnings (a deliberate retirement)')
    .action(async (paths: string[], options: LintSchemasOptions, command: Command) => {
      const format = options.json ? 'json' : options.format;
      const output = createOutput(format === 'json');
      await runCommand(output, () => {
        // An explicit --base-dir wins over a CI-wide base from the environment.
        if (options.baseDir !== undefined && command.getOptionValueSource('base') === 'env') {
          options.base = undefined;
        }
        if (options.base !== undefined && options.baseDir !== undefined) {
          throw new UsageError('use either --base or --base-dir, not both');
        }
        const repoRoot = findRepoRoot(process.cwd());
        const head = loadRegistry(paths, { root: repoRoot });
        const allFolders = paths.every((path) => statSync(path).isDirectory());
        const base = loadBase(options, paths);
        const prefixes = loadQueuePrefixes(options.environments ?? join(repoRoot, 'environments'));
        const report = lintRegistry(head, base, {
          queuePrefixes: prefixes.prefixes,
          allowRemoval: options.allowRemoval ?? false,
          // A selection of files says nothing about the topics left out of it.
          detectRemovals: allFolders,
        });
        output.result(report, () =>
          format === 'github'
            ? formatGithubAnnotations(report)
            : formatLintText(report, { compared: base !== undefined }),
        );
        return report.ok ? EXIT_CODES.CLEAN : EXIT_CODES.FINDINGS;
      });
    });
}

function loadBase(options: LintSchemasOptions, paths: string[]): LoadedRegistry | undefined {
  if (options.baseDir !== undefined) {
    if (!existsSync(options.baseDir))
      throw new UsageError(`--base-dir ${options.baseDir}: no such folder`);
    return loadRegistry(options.baseDir, { root: resolve(options.baseDir) });
  }
  if (options.base !== undefined) return loadRegistryFromGit(options.base, paths);
  return undefined;
}

/** The nearest folder holding `.git`: symlinked topic files may point anywhere inside it. */
function findRepoRoot(start: string): string {
  let current = resolve(start);
  while (true) {
    if (existsSync(join(current, '.git'))) return current;
    const parent = dirname(current);
    if (parent === current) return resolve(start);
    current = parent;
  }
}
