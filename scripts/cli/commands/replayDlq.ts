import { resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { Command, Option } from 'commander';
import { documentClient } from '../../../lambdas/common/clients/dynamoDb';
import { s3Client } from '../../../lambdas/common/clients/s3';
import { sqsClient } from '../../../lambdas/common/clients/sqs';
import {
  BUCKET_NAME_PATTERN,
  DYNAMODB_TABLE_PATTERN,
  QUEUE_NAME_PREFIX_PATTERN,
} from '../../../lambdas/common/config';
import { deploymentNames, resourceNames, TOPIC_NAME_PATTERN } from '../../../lambdas/common/naming';
import { ArchiveErrorCode } from '../../../lambdas/dlq-archiver/constants';
import { formatReplayText } from '../../ops/dlq/formatReplayText';
import { registeredTopics } from '../../ops/dlq/registeredTopics';
import { replayDeadLetters } from '../../ops/dlq/replayDeadLetters';
import type { ReplayableItem } from '../../ops/dlq/types';
import { callerAccount } from '../callerAccount';
import { checkedOption } from '../checkedOption';
import { collectList } from '../collectList';
import {
  checkedAccountOption,
  type DeploymentTargetOptions,
  deploymentAccountOf,
  deploymentNameOf,
  withDeploymentTarget,
} from '../deploymentTarget';
import { createOutput, EXIT_CODES, runCommand, UsageError, withCliConventions } from '../output';
import { parseTimeBound } from '../parseTimeBound';
import { progressLine } from '../progressLine';
import { checkPlanFlags, readPlanFile, savePlanFile } from '../replayPlanFile';
import { resumeCommand } from '../resumeCommand';
import { stopRequest } from '../stopRequest';

/** Replay ids as replayDeadLetters makes them: replay-<UTC time>-<8 hex>. */
const REPLAY_ID_PATTERN = /^replay-[0-9TZ-]+-[0-9a-f]{8}$/;

interface ReplayDlqOptions extends DeploymentTargetOptions {
  indexTable?: string;
  archiveBucket?: string;
  queuePrefix?: string;
  registry: string;
  topic: string[];
  since?: string;
  until?: string;
  errorCode?: string;
  messageId: string[];
  limit?: string;
  rate?: string;
  dryRun?: boolean;
  force?: boolean;
  resume?: string;
  savePlan?: string;
  plan?: string;
  json?: boolean;
}

function positiveNumber(
  flag: string,
  value: string | undefined,
  integer: boolean,
): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0 || (integer && !Number.isInteger(parsed))) {
    throw new UsageError(
      `${flag} must be a positive ${integer ? 'integer' : 'number'}, got ${JSON.stringify(value)}`,
    );
  }
  return parsed;
}

/**
 * `lean-ops replay-dlq`: puts archived dead letters back on their topic queues (docs/operations.md).
 * Exit 0 when everything selected was replayed (or, with --dry-run, could be), 1 when anything
 * was not, 2 on usage or configuration errors (including an unregistered --topic).
 *
 * @example
 * program.addCommand(replayDlqCommand());
 */
export function replayDlqCommand(): Command {
  return withDeploymentTarget(withCliConventions(new Command('replay-dlq')), { account: true })
    .description(
      'replay archived dead-lettered messages to their topic queues (resolved from the registry)',
    )
    .option('--index-table <table>', 'dlq-index table (default <name>-dlq-index)')
    .option('--archive-bucket <bucket>', 'archive bucket (default <name>-archive-<account>)')
    .option('--queue-prefix <prefix>', 'queue name prefix (default <name>-topic-)')
    .option('--registry <dir>', 'topic registry folder', 'schemas/topics')
    .option('--topic <topic>', 'only this topic (repeatable, or comma-separated)', collectList, [])
    .option('--since <time>', 'sent at or after: ISO date/time or an age (30m, 6h, 2d)')
    .option('--until <time>', 'sent before: ISO date/time or an age')
    .addOption(
      // checked before any call to AWS: a typo would otherwise select nothing, silently
      new Option('--error-code <code>', 'only items with this error_code').choices(
        Object.values(ArchiveErrorCode),
      ),
    )
    .option('--message-id <id>', 'only this original message id (repeatable)', collectList, [])
    .option('--limit <n>', 'send at most n messages')
    .option('--rate <n>', 'at most n messages per second')
    .option('--dry-run', 'print what would be sent (counts per topic, a sample); send nothing')
    .option('--force', 'also replay items already REPLAYED or left in doubt by an interrupted run')
    .option(
      '--resume <replay-id>',
      'resume an interrupted run (printed when it stopped): nothing it sent is sent again, --force included',
    )
    .option(
      '--save-plan <file>',
      'with --dry-run: save exactly what would be sent, for review and `--plan` (as terraform plan -out)',
    )
    .option(
      '--plan <file>',
      'send exactly what this saved dry run would have sent, unchanged since; nothing else (no selection flags)',
    )
    .option('--json', 'print the report as JSON')
    .action(async (options: ReplayDlqOptions) => {
      const output = createOutput(Boolean(options.json));
      await runCommand(output, async () => {
        const now = new Date();
        const name = deploymentNameOf(options);
        for (const topic of options.topic) checkedOption('--topic', topic, TOPIC_NAME_PATTERN);
        checkPlanFlags(options as ReplayDlqOptions & Record<string, unknown>);
        // usage errors before any call to AWS
        const selection = {
          ...(options.since !== undefined
            ? { since: parseTimeBound('--since', options.since, now) }
            : {}),
          ...(options.until !== undefined
            ? { until: parseTimeBound('--until', options.until, now) }
            : {}),
          ...(options.errorCode !== undefined ? { errorCode: options.errorCode } : {}),
          messageIds: options.messageId,
          ...(options.limit !== undefined
            ? { limit: positiveNumber('--limit', options.limit, true) }
            : {}),
          ...(options.rate !== undefined
            ? { rate: positiveNumber('--rate', options.rate, false) }
            : {}),
          ...(options.resume !== undefined
            ? { resume: checkedOption('--resume', options.resume, REPLAY_ID_PATTERN) }
            : {}),
        };
        checkedAccountOption(options);
        const names = deploymentNames(name);
        const indexTable = checkedOption(
          '--index-table',
          options.indexTable ?? names.dlqIndexTable,
          DYNAMODB_TABLE_PATTERN,
        );
        const queueNamePrefix = checkedOption(
          '--queue-prefix',
          options.queuePrefix ?? names.queueNamePrefix,
          QUEUE_NAME_PREFIX_PATTERN,
        );
        if (options.archiveBucket !== undefined)
          checkedOption('--archive-bucket', options.archiveBucket, BUCKET_NAME_PATTERN);
        // the account is in the archive bucket's name only: no STS call when the bucket is given
        const archiveBucket =
          options.archiveBucket ??
          resourceNames(name, await deploymentAccountOf(options, callerAccount)).archiveBucket;
        const targets = { indexTable, archiveBucket, queueNamePrefix };
        const plan = options.plan !== undefined ? readPlanFile(options.plan, targets) : undefined;
        let sendable: ReplayableItem[] = [];
        const registryDir = resolve(options.registry);
        const interactive = process.stderr.isTTY === true && !process.env.CI && !options.json;
        const bar = interactive
          ? new cliProgress.SingleBar(
              {
                format: 'replay {bar} {value}/{total} | {rate}/s | ETA {eta_formatted}',
                stream: process.stderr,
              },
              cliProgress.Presets.shades_classic,
            )
          : undefined;
        const stop = options.dryRun
          ? stopRequest('replay-dlq: dry run stopped; nothing was sent', { exitAtOnce: true })
          : stopRequest(
              'replay-dlq: stopping after the batch in flight (Ctrl-C again to abort at once)',
            );
        let lastLine = 0;
        let started = 0;
        try {
          const report = await replayDeadLetters(
            {
              ...targets,
              registered: registeredTopics(registryDir),
              registryDir,
              topics: plan ? [...new Set(plan.items.map((item) => item.topic))] : options.topic,
              ...selection,
              ...(plan ? { plan } : {}),
              onSendable: (items) => {
                sendable = items;
              },
              dryRun: Boolean(options.dryRun),
              force: plan ? plan.force : Boolean(options.force),
              shouldStop: stop.requested,
              onProgress: (done, total) => {
                if (done === 0) started = Date.now();
                const rate = done / Math.max((Date.now() - started) / 1000, 0.001);
                if (bar) {
                  if (done === 0) bar.start(total, 0, { rate: '0' });
                  else bar.update(done, { rate: rate.toFixed(rate >= 10 ? 0 : 1) });
                } else if (
                  !options.json &&
                  total > 0 &&
                  (done === total || Date.now() - lastLine > 1000)
                ) {
                  lastLine = Date.now();
                  process.stderr.write(
                    `replay-dlq: ${progressLine(done, total, Date.now() - started)} processed\n`,
                  );
                }
              },
            },
            {
              sqs: sqsClient(),
              s3: s3Client(),
              documentClient: documentClient(),
            },
          );
          bar?.stop();
          if (options.savePlan !== undefined) {
            savePlanFile(options.savePlan, targets, Boolean(options.force), sendable);
            output.progress(
              `replay-dlq: plan of ${sendable.length} message(s) saved to ${options.savePlan}`,
            );
          }
          output.result(report, () =>
            formatReplayText(report, resumeCommand(process.argv.slice(2), report.replay_id)),
          );
          return report.ok ? EXIT_CODES.CLEAN : EXIT_CODES.FINDINGS;
        } finally {
          bar?.stop();
          stop.dispose();
        }
      });
    });
}
