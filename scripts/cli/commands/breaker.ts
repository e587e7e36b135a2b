import { Command } from 'commander';
import { applyBreakerEvent } from '../../../lambdas/circuit-breaker/applyBreakerEvent';
import { BreakerStore } from '../../../lambdas/circuit-breaker/BreakerStore';
import { TopicMappings } from '../../../lambdas/circuit-breaker/TopicMappings';
import { documentClient } from '../../../lambdas/common/clients/dynamoDb';
import { lambdaClient } from '../../../lambdas/common/clients/lambda';
import { DYNAMODB_TABLE_PATTERN, QUEUE_NAME_PREFIX_PATTERN } from '../../../lambdas/common/config';
import { deploymentNames, shardedNames, TOPIC_NAME_PATTERN } from '../../../lambdas/common/naming';
import { breakerStatus } from '../../ops/breaker/breakerStatus';
import {
  formatBreakerOutcomeText,
  formatBreakerStatusText,
} from '../../ops/breaker/formatBreakerText';
import { registeredTopics } from '../../ops/dlq/registeredTopics';
import { checkedOption } from '../checkedOption';
import {
  type DeploymentTargetOptions,
  deploymentNameOf,
  withDeploymentTarget,
} from '../deploymentTarget';
import { createOutput, EXIT_CODES, runCommand, UsageError, withCliConventions } from '../output';

interface BreakerOptions extends DeploymentTargetOptions {
  breakerTable?: string;
  processorFunction?: string;
  streams?: string;
  queuePrefix?: string;
  topic?: string;
  reason?: string;
  by?: string;
  registry?: string;
  json?: boolean;
}

function withDeploymentOptions(command: Command): Command {
  return withDeploymentTarget(withCliConventions(command), { account: false })
    .option('--breaker-table <table>', 'breaker table (default <name>-breaker)')
    .option('--processor-function <name>', 'sqs-processor function (default <name>-sqs-processor)')
    .option(
      '--streams <n>',
      'Firehose streams of the deployment: stream k > 0 has processor <processor-function>-<k>',
      '1',
    )
    .option('--queue-prefix <prefix>', 'queue name prefix (default <name>-topic-)')
    .option('--json', 'print the result as JSON');
}

function adapters(options: BreakerOptions) {
  const names = deploymentNames(deploymentNameOf(options));
  const table = checkedOption(
    '--breaker-table',
    options.breakerTable ?? names.breakerTable,
    DYNAMODB_TABLE_PATTERN,
  );
  const prefix = checkedOption(
    '--queue-prefix',
    options.queuePrefix ?? names.queueNamePrefix,
    QUEUE_NAME_PREFIX_PATTERN,
  );
  const streams = Number(checkedOption('--streams', options.streams ?? '1', /^[1-9][0-9]?$/));
  const processor = options.processorFunction ?? names.processorFunction;
  return {
    prefix,
    store: new BreakerStore(documentClient(), table),
    mappings: new TopicMappings(lambdaClient(), shardedNames(processor, streams), prefix),
  };
}

function manualCommand(kind: 'open' | 'close'): Command {
  return withDeploymentOptions(new Command(kind))
    .description(
      kind === 'open'
        ? "stop a topic: disable its event source mapping and hold the breaker OPEN until 'breaker close'"
        : 'resume a topic: enable its event source mapping and close the breaker',
    )
    .requiredOption('--topic <topic>', 'the topic')
    .option('--registry <dir>', 'topic registry folder: the topic must be in it', 'schemas/topics')
    .option('--reason <text>', 'why, recorded on the breaker item')
    .option('--by <who>', 'who, recorded on the breaker item (default: $USER)')
    .action(async (options: BreakerOptions) => {
      const output = createOutput(Boolean(options.json));
      await runCommand(output, async () => {
        const topic = checkedOption('--topic', options.topic ?? '', TOPIC_NAME_PATTERN);
        // a typo must not leave an OPEN item behind while the real topic keeps flowing
        const registryDir = options.registry ?? 'schemas/topics';
        if (!registeredTopics(registryDir).has(topic))
          throw new UsageError(
            `--topic ${topic} is not a topic of the registry ${registryDir} (pass --registry for another); nothing was written`,
          );
        const { store, mappings } = adapters(options);
        const event = {
          kind: kind === 'open' ? ('MANUAL_OPEN' as const) : ('MANUAL_CLOSE' as const),
          by: options.by ?? process.env.USER ?? 'unknown',
          ...(options.reason ? { reason: options.reason } : {}),
        };
        // The policy only shapes automatic trips; manual transitions keep the stored cool-down.
        const outcome = await applyBreakerEvent(topic, event, {
          store,
          mappings,
          policy: { baseCooldownSeconds: 300, maxCooldownSeconds: 3600 },
        });
        output.result(outcome, () => formatBreakerOutcomeText(outcome));
        return outcome.mapping === 'missing' ? EXIT_CODES.FINDINGS : EXIT_CODES.CLEAN;
      });
    });
}

/**
 * `lean-ops breaker status [--topic T]` and `lean-ops breaker open|close --topic T`: the
 * operators' view of the per-topic circuit breakers, going through the same conditional state
 * transitions as the circuit-breaker Lambda. Exit 1 when a topic's mapping disagrees with its
 * breaker or is missing, 2 on usage or configuration errors.
 *
 * @example
 * program.addCommand(breakerCommand());
 */
export function breakerCommand(): Command {
  const status = withDeploymentOptions(new Command('status'))
    .description('show each tripped topic: state, cool-down, timer, and whether its mapping agrees')
    .option('--topic <topic>', 'only this topic')
    .action(async (options: BreakerOptions) => {
      const output = createOutput(Boolean(options.json));
      await runCommand(output, async () => {
        if (options.topic !== undefined)
          checkedOption('--topic', options.topic, TOPIC_NAME_PATTERN);
        const { store, mappings } = adapters(options);
        const report = await breakerStatus(store, mappings, options.topic);
        output.result(report, () => formatBreakerStatusText(report));
        return report.ok ? EXIT_CODES.CLEAN : EXIT_CODES.FINDINGS;
      });
    });
  return withCliConventions(new Command('breaker'))
    .description('per-topic circuit breakers: status, manual open and close')
    .addCommand(status)
    .addCommand(manualCommand('open'))
    .addCommand(manualCommand('close'));
}
