import type { Command } from 'commander';
import { UsageError } from './output';

/** Environment names as Terraform's environments/ folders use them: lean-ops-<env>. */
export const ENV_PATTERN = /^[a-z][a-z0-9]{0,15}$/;
/** A deployment name (`<project>-<env>`): the prefix of every resource name. */
export const NAME_PATTERN = /^[a-z][a-z0-9-]{1,40}$/;
/** An AWS account id: 12 digits. */
export const ACCOUNT_PATTERN = /^\d{12}$/;

/** The flags that say which deployment a command reads or changes. */
export interface DeploymentTargetOptions {
  env?: string;
  name?: string;
  account?: string;
}

/**
 * Adds `--env` and `--name` (exactly one is required: there is no default deployment outside
 * `lean-ops local`) and, for commands whose resource names carry the account, `--account`
 * (default: the account of the credentials, from STS GetCallerIdentity).
 *
 * @example
 * withDeploymentTarget(new Command('replay-dlq'), { account: true });
 */
export function withDeploymentTarget(command: Command, { account }: { account: boolean }): Command {
  command
    .option('--env <env>', 'the deployment lean-ops-<env>, e.g. prod (or --name)')
    .option('--name <project-env>', 'the deployment by its full name, e.g. lean-ops-prod');
  if (account)
    command.option(
      '--account <id>',
      "AWS account of the deployment's bucket names (default: the credentials' account, from STS)",
    );
  return command;
}

/**
 * The deployment name from `--name` or `--env`; a usage error when neither or both are given, so
 * a forgotten flag never lands on some default deployment.
 *
 * @example
 * deploymentNameOf({ env: 'prod' }); // 'lean-ops-prod'
 */
export function deploymentNameOf(options: DeploymentTargetOptions): string {
  if (options.name !== undefined && options.env !== undefined)
    throw new UsageError('pass one of --env and --name, not both');
  if (options.name !== undefined) {
    if (!NAME_PATTERN.test(options.name))
      throw new UsageError(`--name ${JSON.stringify(options.name)} is not a deployment name`);
    return options.name;
  }
  if (options.env === undefined)
    throw new UsageError(
      '--env <env> (or --name <project-env>) is required: which deployment? (e.g. --env prod)',
    );
  if (!ENV_PATTERN.test(options.env))
    throw new UsageError(`--env ${JSON.stringify(options.env)} is not an environment name`);
  return `lean-ops-${options.env}`;
}

/** `--account` checked without calling AWS (usage errors come before any call). */
export function checkedAccountOption(options: DeploymentTargetOptions): string | undefined {
  if (options.account !== undefined && !ACCOUNT_PATTERN.test(options.account))
    throw new UsageError(
      `--account ${JSON.stringify(options.account)} is not an AWS account id (12 digits)`,
    );
  return options.account;
}

/**
 * The deployment's account: `--account` when given, otherwise the account the credentials belong
 * to (`callerAccount`, STS GetCallerIdentity), as the AWS CLI would act on.
 */
export async function deploymentAccountOf(
  options: DeploymentTargetOptions,
  callerAccount: () => Promise<string | undefined>,
): Promise<string> {
  const given = checkedAccountOption(options);
  if (given !== undefined) return given;
  const account = await callerAccount();
  if (account === undefined || !ACCOUNT_PATTERN.test(account))
    throw new UsageError(
      `the credentials' account could not be read (STS GetCallerIdentity said ${JSON.stringify(account)}); pass --account`,
    );
  return account;
}
