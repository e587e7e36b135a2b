import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { generateTopics } from '../../ops/registry';
import { createOutput, EXIT_CODES, runCommand, UsageError, withCliConventions } from '../output';

interface GenTopicsOptions {
  count: string;
  out: string;
  seed: string;
  force?: boolean;
  format: 'text' | 'json';
  json?: boolean;
}

/** Upper bound that keeps a typo (an extra zero or two) from filling the disk. */
const MAX_COUNT = 100_000;

/**
 * `lean-ops gen-topics --count N --out DIR --seed S`: writes a synthetic, deterministic registry
 * of N topic files that passes `lint-schemas` (750 for scale tests). Refuses a folder that
 * already holds topic files unless `--force`, which replaces them.
 *
 * @example
 * program.addCommand(genTopicsCommand());
 */
export function genTopicsCommand(): Command {
  return withCliConventions(new Command('gen-topics'))
    .description('write a synthetic, deterministic registry of N topics')
    .requiredOption('--count <n>', 'number of topics')
    .requiredOption('--out <dir>', 'folder to write <topic>.json files to')
    .option('--seed <s>', 'seed; the same seed and count give the same files', '1')
    .option('--force', 'replace existing *.json files in the folder')
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'),
    )
    .option('--json', 'same as --format json')
    .action(async (options: GenTopicsOptions) => {
      const output = createOutput(options.json === true || options.format === 'json');
      await runCommand(output, () => {
        const count = parseInteger('--count', options.count, 1, MAX_COUNT);
        const seed = parseInteger('--seed', options.seed, 0, 2 ** 32 - 1);
        mkdirSync(options.out, { recursive: true });
        const existing = readdirSync(options.out).filter((name) => name.endsWith('.json'));
        if (existing.length > 0 && !options.force) {
          throw new UsageError(
            `${options.out} already holds ${existing.length} topic files; use --force to replace them`,
          );
        }
        for (const name of existing) rmSync(join(options.out, name));
        const topics = generateTopics({ count, seed });
        for (const topic of topics) {
          writeFileSync(
            join(options.out, `${topic.topic}.json`),
            `${JSON.stringify(topic, null, 2)}\n`,
          );
        }
        output.result(
          { version: 1, ok: true, count: topics.length, seed, out: options.out },
          () => `wrote ${topics.length} topics to ${options.out} (seed ${seed})\n`,
        );
        return EXIT_CODES.CLEAN;
      });
    });
}

function parseInteger(flag: string, value: string, min: number, max: number): number {
  if (!/^[0-9]+$/.test(value.trim()))
    throw new UsageError(`${flag} must be a whole number, got "${value}"`);
  const number = Number(value);
  if (number < min || number > max)
    throw new UsageError(`${flag} must be between ${min} and ${max}`);
  return number;
}
