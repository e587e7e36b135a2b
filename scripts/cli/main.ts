import { Command } from 'commander';
import { configureClients } from '../../lambdas/common/clients/clientCache';
import packageJson from '../../package.json' with { type: 'json' };
import { type AwsFlags, applyAwsFlags } from './awsFlags';
import { USAGE_HINT, UsageError } from './output';

/**
 * The `lean-ops` CLI: one entry, one file per command under ./commands.
 * Exit codes: 0 clean, 1 findings or partial failure, 2 usage, configuration or internal error.
 */
// The project pins Node 22 (.node-version); older runtimes fail in confusing places (the local
// Step Functions interpreter, commander 15). `npx lean-ops` and `make` use the pinned one.
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(
    `lean-ops: Node ${process.versions.node} is too old; run it as \`npx lean-ops\` or through make (Node 22 from .tools/node)\n`,
  );
  process.exit(2);
}

const program = new Command('lean-ops')
  .description('Operate the lean-ops IoT → Iceberg pipeline')
  .version(packageJson.version, '--version', 'print the lean-ops version')
  .showHelpAfterError(USAGE_HINT)
  // the AWS CLI's names and defaults: a silent endpoint fails the command instead of hanging it
  .option('--cli-connect-timeout <s>', 'seconds to wait for a connection to AWS', '60')
  .option('--cli-read-timeout <s>', 'seconds an AWS connection may stay silent', '60')
  .option('--region <region>', 'AWS region (default: AWS_REGION or the profile’s region)')
  .option('--profile <name>', 'named profile from the AWS config files (default: AWS_PROFILE)')
  .option('--endpoint-url <url>', 'send every AWS call to this URL (default: AWS_ENDPOINT_URL)')
  .option('--debug', 'log every AWS call on stderr: operation, resource, outcome, time')
  .hook('preAction', () => {
    const options = program.opts<
      AwsFlags & { cliConnectTimeout: string; cliReadTimeout: string; debug?: boolean }
    >();
    applyAwsFlags(options, process.env);
    configureClients({
      connectTimeoutMs: seconds('--cli-connect-timeout', options.cliConnectTimeout) * 1000,
      readTimeoutMs: seconds('--cli-read-timeout', options.cliReadTimeout) * 1000,
      annotateErrors: true,
      ...(options.debug ? { debug: (line) => process.stderr.write(`debug: ${line}\n`) } : {}),
    });
  })
  .exitOverride((error) => {
    process.exit(error.exitCode === 0 ? 0 : 2);
  });

function seconds(flag: string, value: string): number {
  const parsed = Number(value);
  if (!(parsed > 0) || !Number.isFinite(parsed))
    throw new UsageError(`${flag} must be a number of seconds > 0, got ${JSON.stringify(value)}`);
  return parsed;
}

// Commands register here, one line each.
program.addCommand((await import('./commands/lintSchemas')).lintSchemasCommand());
program.addCommand((await import('./commands/deploySchemas')).deploySchemasCommand());
program.addCommand((await import('./commands/genTopics')).genTopicsCommand());
program.addCommand((await import('./commands/replayDlq')).replayDlqCommand());
program.addCommand((await import('./commands/replayFirehoseErrors')).replayFirehoseErrorsCommand());
program.addCommand((await import('./commands/breaker')).breakerCommand());
program.addCommand((await import('./commands/cost')).costCommand());
program.addCommand((await import('./commands/inject')).injectCommand());
program.addCommand((await import('./commands/audit')).auditCommand());
program.addCommand((await import('./commands/capacity')).capacityCommand());
(await import('./commands/local')).registerLocalCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.stderr.write(`lean-ops: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
}
