import { join } from 'node:path';
import { Command } from 'commander';
import { resourceNames } from '../../../lambdas/common/naming';
import { callerAccount } from '../callerAccount';
import {
  checkedAccountOption,
  type DeploymentTargetOptions,
  deploymentAccountOf,
  deploymentNameOf,
  withDeploymentTarget,
} from '../deploymentTarget';
import { createOutput, EXIT_CODES, runCommand, UsageError, withCliConventions } from '../output';

interface DeploySchemasCliOptions extends DeploymentTargetOptions {
  artifactsBucket?: string;
  schemas: string;
  lintedAt?: string;
  allowRemove?: boolean;
  dryRun?: boolean;
  deployedBy?: string;
  json?: boolean;
}

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
  return withDeploymentTarget(withCliConventions(new Command('deploy-schemas')), {
    account: true,
  })
    .description('publish schemas, evolve tables and start rebuilds for one environment')
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
        const name = deploymentNameOf(options);
        checkedAccountOption(options);
        if (options.lintedAt === undefined && !options.dryRun)
          throw new UsageError('--linted-at <commit> is required to deploy (the commit CI linted)');
        // Heavy modules (AWS SDK) load only when this command runs.
        const deploy = await import('../../ops/deploy');
        const { repoRoot } = await import('../../ops/repoRoot');
        const root = repoRoot();
        let commit: string | undefined;
        if (options.lintedAt !== undefined)
          commit = deploy.checkLintedHead(options.schemas, options.lintedAt);
        // the account is in the artifacts bucket's name only: no STS call when the bucket is given
        const artifactsBucket =
          options.artifactsBucket ??
          resourceNames(name, await deploymentAccountOf(options, callerAccount)).artifactsBucket;
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

async function queuePrefixes(root: string): Promise<string[]> {
  const { loadQueuePrefixes } = await import('../../ops/registry');
  return loadQueuePrefixes(join(root, 'environments')).prefixes;
}
