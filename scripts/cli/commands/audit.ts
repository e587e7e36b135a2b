import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { Command } from 'commander';
import { cloudWatchClient } from '../../../lambdas/common/clients/cloudWatch';
import { glueClient } from '../../../lambdas/common/clients/glue';
import { s3Client } from '../../../lambdas/common/clients/s3';
import { sqsClient } from '../../../lambdas/common/clients/sqs';
import { resourceNames, TOPIC_NAME_PATTERN } from '../../../lambdas/common/naming';
import { addQueueEvidence } from '../../ops/audit/addQueueEvidence';
import { wholeHourSpan } from '../../ops/audit/auditHours';
import { formatAuditText } from '../../ops/audit/formatAuditText';
import { runAudit } from '../../ops/audit/runAudit';
import { writeAuditFiles } from '../../ops/audit/writeAuditFiles';
import { registeredTopics } from '../../ops/dlq/registeredTopics';
import { AwsGlueJobRunner } from '../../ops/glue/AwsGlueJobRunner';
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
import { stopRequest } from '../stopRequest';

interface AuditCommandOptions extends DeploymentTargetOptions {
  from: string;
  to?: string;
  topic: string[];
  registry: string;
  topicsPerRun: string;
  concurrency: string;
  examples: string;
  out?: string;
  json?: boolean;
}

function integerOption(flag: string, value: string, min: number, max: number): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max)
    throw new UsageError(
      `${flag} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`,
    );
  return parsed;
}

function wholeHours(from: string, to: string): { from: string; to: string } {
  try {
    return wholeHourSpan(from, to);
  } catch {
    throw new UsageError(`--to must be after --from (${from}), got ${to}`);
  }
}

async function readS3Text(uri: string): Promise<string> {
  const [, bucket = '', key = ''] = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri) ?? [];
  const object = await s3Client().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return (await object.Body?.transformToString('utf-8')) ?? '';
}

/**
 * `lean-ops audit`: per topic and hour of first send, where every message of a deployment went
 * (docs/audit.md). The reading runs in the deployment's audit Glue job; this command starts its
 * runs, merges their documents, adds what the queues still hold, and writes text, JSON and HTML.
 * Exit 0 when no cell is broken and
 * every topic was audited (pending cells are reported, not failures), 1 otherwise, 2 on usage.
 */
export function auditCommand(): Command {
  return withDeploymentTarget(withCliConventions(new Command('audit')), { account: true })
    .description(
      'prove per topic and hour where every message went, from what the deployment holds',
    )
    .requiredOption('--from <time>', 'first sends at or after: ISO date/time or an age (6h, 2d)')
    .option('--to <time>', 'first sends before: ISO date/time or an age (default now)')
    .option('--topic <topic>', 'only this topic (repeatable, or comma-separated)', collectList, [])
    .option(
      '--registry <dir>',
      'topic registry folder (the topics audited by default)',
      'schemas/topics',
    )
    .option('--topics-per-run <n>', 'topics per audit job run', '50')
    .option('--concurrency <n>', 'audit job runs at once (the job allows 2 by default)', '2')
    .option('--examples <n>', 'message ids named per problem and cell', '10')
    .option('--out <dir>', 'where audit.json/.txt/.html go (default .run/audit/<time>)')
    .option('--json', 'print the report as JSON')
    .action(async (options: AuditCommandOptions) => {
      const output = createOutput(Boolean(options.json));
      await runCommand(output, async () => {
        const now = new Date();
        const name = deploymentNameOf(options);
        checkedAccountOption(options);
        for (const topic of options.topic) checkedOption('--topic', topic, TOPIC_NAME_PATTERN);
        const span = wholeHours(
          parseTimeBound('--from', options.from, now),
          options.to === undefined ? now.toISOString() : parseTimeBound('--to', options.to, now),
        );
        const registry = registeredTopics(options.registry);
        const registered = [...registry.keys()];
        const unknown = options.topic.filter((topic) => !registered.includes(topic));
        if (unknown.length)
          throw new UsageError(`--topic: not in ${options.registry}: ${unknown.join(', ')}`);
        const topics = options.topic.length ? options.topic : registered;
        if (!topics.length) throw new UsageError(`--registry: no topics in ${options.registry}`);
        const names = resourceNames(name, await deploymentAccountOf(options, callerAccount));
        const runner = new AwsGlueJobRunner(glueClient());
        // Ctrl-C: a Glue run left going keeps billing, so stop what this audit started, then exit
        const stop = stopRequest('audit: stopping the Glue runs this audit started', {
          exitAtOnce: true,
          beforeExit: async () => {
            const stopped = await runner.stopRunning();
            process.stderr.write(
              `audit: asked Glue to stop ${stopped.length} run(s)${stopped.length ? `: ${stopped.join(', ')}` : ''}\n`,
            );
          },
        });
        const auditId = `${now.toISOString().replaceAll(':', '')}-${randomUUID().slice(0, 8)}`;
        const cells = await runAudit(
          {
            deployment: name,
            jobName: names.glueJob('audit'),
            topics,
            ...span,
            topicsPerRun: integerOption('--topics-per-run', options.topicsPerRun, 1, 200),
            concurrency: integerOption('--concurrency', options.concurrency, 1, 50),
            examples: integerOption('--examples', options.examples, 0, 100),
          },
          {
            glue: runner,
            resultUri: (index) =>
              `s3://${names.artifactsBucket}/audit/${auditId}/run-${index}.json`,
            readResult: readS3Text,
            onProgress: (done, runs, topicsDone) => {
              if (!options.json)
                process.stderr.write(
                  `audit: ${done}/${runs} runs done (${topicsDone}/${topics.length} topics)\n`,
                );
            },
          },
        );
        // The queues last: what they hold now is what no finished run could have seen.
        const report = await addQueueEvidence(cells, {
          sqs: sqsClient(),
          cloudWatch: cloudWatchClient(),
          topicQueues: Object.fromEntries(
            topics.map((topic) => [
              topic,
              names.queueName(topic, registry.get(topic)?.fifo ?? false),
            ]),
          ),
          deadLetterQueues: [names.dlqStandard, names.dlqFifo],
          fifoTopics: new Set(topics.filter((topic) => registry.get(topic)?.fifo)),
        });
        stop.dispose();
        const dir = options.out ?? join('.run', 'audit', auditId);
        const files = writeAuditFiles(dir, report);
        output.result(report, () => `${formatAuditText(report)}written: ${files.join(', ')}\n`);
        return report.ok ? EXIT_CODES.CLEAN : EXIT_CODES.FINDINGS;
      });
    });
}
