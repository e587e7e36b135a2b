import { join } from 'node:path';
import { Command } from 'commander';
import { resourceNames } from '../../../lambdas/common/naming';
import { createOutput, EXIT_CODES, runCommand, UsageError, withCliConventions } from '../output';

interface DeploySchemasCliOptions {
  env?: string;
  name?: string;
  account?: string;
  artifactsBucket?: string;
  schemas: string;
  lintedAt?: string;
  allowRemove?: boolean;
  dryRun?: boolean;
  deployedBy?: string;
  json?: boolean;
}

const ENV_PATTERN = /^[a-z][a-z0-9]{0,15}$/;
const NAME_PATTERN = /^[a-z][a-z0-9-]{0,40}$/;
const ACCOUNT_PATTERN = /^[0-9]{12}$/;

/**
 * `lean-ops deploy-schemas --env <env> [--dry-run] [--json]`: publishes the topic files to the
 * environment, evolves tables for compatible changes, starts the rebuilder for breaking ones
 * and retires removed topics (with --allow-remove). Exit 0 done, 1 refused by the linter or a
 * topic conflicted/failed/is blocked, 2 usage, configuration or a head CI did not lint.
 *
 * @example
 * program.addCommand(deploySchemasCommand());
 */
export function deploySchemasCommand(): Command {
  return withCliConventions(new Command('deploy-schemas'))
    .description('publish schemas, evolve tables and start rebuilds for one environment')
    .option('--env <env>', 'environment: deploys to lean-ops-<env>')
    .option('--name <project-env>', 'deployment name instead of lean-ops-<env> (tests, local)')
    .option('--account <id>', 'AWS account of the artifacts bucket (default $AWS_ACCOUNT_ID)')
    .option('--artifacts-bucket <bucket>', 'default <name>-artifacts-<account>')
    .option('--schemas <dir>', 'folder of topic files', 'schemas/topics')
    .option(
      '--linted-at <commit>',
      'the commit CI linted; must be the checkout HEAD with a clean schemas folder (required unless --dry-run)',
    )
    .option(
      '--allow-remove',
      'retire topics whose file was deleted (status RETIRED; no data deleted)',
    )
    .option('--dry-run', 'print the plan; change nothing')
    .option('--deployed-by <who>', 'recorded on registry items (default $GITHUB_ACTOR or $USER)')
    .option('--json', 'print the result as JSON')
    .action(async (options: DeploySchemasCliOptions) => {
      const output = createOutput(Boolean(options.json));
      await runCommand(output, async () => {
        const name = deploymentName(options);
        const account = options.account ?? process.env.AWS_ACCOUNT_ID;
        let artifactsBucket = options.artifactsBucket;
        if (artifactsBucket === undefined) {
          if (!account || !ACCOUNT_PATTERN.test(account)) {
            throw new UsageError(
              'the artifacts bucket needs the account: pass --account <12 digits> (or AWS_ACCOUNT_ID), or --artifacts-bucket',
            );
          }
          artifactsBucket = resourceNames(name, account).artifactsBucket;
        }
        // Heavy modules (AWS SDK) load only when this command runs.
        const deploy = await import('../../ops/deploy');
        const { repoRoot } = await import('../../ops/repoRoot');
        const root = repoRoot();
        let commit: string | undefined;
        if (options.lintedAt !== undefined)
          commit = deploy.checkLintedHead(options.schemas, options.lintedAt);
        else if (!options.dryRun)
          throw new UsageError('--linted-at <commit> is required to deploy (the commit CI linted)');
        const deployedBy =
          options.deployedBy ?? process.env.GITHUB_ACTOR ?? process.env.USER ?? 'unknown';
        output.progress(
          `deploy-schemas: ${name} from ${options.schemas}${options.dryRun ? ' (dry run)' : ''}`,
        );
        const report = await deploy.deploySchemas(
          deploy.createDeployPorts({ name, artifactsBucket, repoRoot: root }),
          {
            schemasDir: options.schemas,
            root,
            dryRun: options.dryRun ?? false,
            allowRemove: options.allowRemove ?? false,
            deployedBy: commit ? `${deployedBy}@${commit.slice(0, 12)}` : deployedBy,
            queuePrefixes: await queuePrefixes(root),
          },
        );
        output.result({ ...report, name, commit }, () => deploy.formatDeployText(report));
        return report.ok ? EXIT_CODES.CLEAN : EXIT_CODES.FINDINGS;
      });
    });
}

function deploymentName(options: DeploySchemasCliOptions): string {
  if (options.name !== undefined) {
    if (!NAME_PATTERN.test(options.name))
      throw new UsageError(`--name ${JSON.stringify(options.name)} is not a deployment name`);
    return options.name;
  }
  if (options.env === undefined) throw new UsageError('--env <env> is required (or --name)');
  if (!ENV_PATTERN.test(options.env))
    throw new UsageError(`--env ${JSON.stringify(options.env)} is not an environment name`);
  return `lean-ops-${options.env}`;
}

async function queuePrefixes(root: string): Promise<string[]> {
  const { loadQueuePrefixes } = await import('../../ops/registry');
  return loadQueuePrefixes(join(root, 'environments')).prefixes;
}
