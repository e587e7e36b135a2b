import cliProgress from 'cli-progress';
import { Command } from 'commander';
import { firehoseClient } from '../../../lambdas/common/clients/firehose';
import { s3Client } from '../../../lambdas/common/clients/s3';
import { BUCKET_NAME_PATTERN } from '../../../lambdas/common/config';
import { deploymentNames, resourceNames, TOPIC_NAME_PATTERN } from '../../../lambdas/common/naming';
import { formatFirehoseReplayText } from '../../ops/firehoseErrors/formatFirehoseReplayText';
import { replayFirehoseErrors } from '../../ops/firehoseErrors/replayFirehoseErrors';
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
import { createOutput, EXIT_CODES, runCommand, withCliConventions } from '../output';
import { parseTimeBound } from '../parseTimeBound';
import { stopRequest } from '../stopRequest';

interface ReplayFirehoseErrorsOptions extends DeploymentTargetOptions {
  archiveBucket?: string;
  stream?: string;
  topic: string[];
  since?: string;
  until?: string;
  errorCode?: string;
  send?: boolean;
  json?: boolean;
}

/** Firehose stream names: 1-64 characters of [a-zA-Z0-9_.-] (Firehose API reference). */
const STREAM_NAME_PATTERN = /^[a-zA-Z0-9_.-]{1,64}$/;

/**
 * `lean-ops replay-firehose-errors`: the records Firehose could not deliver (its S3 error output),
 * by error code and topic; `--send` puts them back on the stream (docs/operations.md, "Firehose
 * cannot deliver"). Dry run by default. Exit 0 when all selected were sent (or a dry run read
 * them), 1 when any was not, 2 on usage errors.
 */
export function replayFirehoseErrorsCommand(): Command {
  return withDeploymentTarget(withCliConventions(new Command('replay-firehose-errors')), {
    account: true,
  })
    .description(
      "report and replay the records in Firehose's S3 error output (dry run unless --send)",
    )
    .option('--archive-bucket <bucket>', 'archive bucket (default <name>-archive-<account>)')
    .option('--stream <name>', 'Firehose stream to send to (default <name>-raw)')
    .option('--topic <topic>', 'only this topic (repeatable, or comma-separated)', collectList, [])
    .option('--since <time>', 'arrived at or after: ISO date/time or an age (30m, 6h, 2d)')
    .option('--until <time>', 'arrived before: ISO date/time or an age')
    .option('--error-code <code>', 'only records with this error code, e.g. Iceberg.NoSuchTable')
    .option('--send', 'send the selected records back to the stream (default: dry run)')
    .option('--json', 'print the report as JSON')
    .action(async (options: ReplayFirehoseErrorsOptions) => {
      const output = createOutput(Boolean(options.json));
      await runCommand(output, async () => {
        const now = new Date();
        const name = deploymentNameOf(options);
        for (const topic of options.topic) checkedOption('--topic', topic, TOPIC_NAME_PATTERN);
        const streamName = checkedOption(
          '--stream',
          options.stream ?? deploymentNames(name).firehoseStream,
          STREAM_NAME_PATTERN,
        );
        checkedAccountOption(options);
        if (options.archiveBucket !== undefined)
          checkedOption('--archive-bucket', options.archiveBucket, BUCKET_NAME_PATTERN);
        const selection = {
          topics: options.topic,
          ...(options.since !== undefined
            ? { since: Date.parse(parseTimeBound('--since', options.since, now)) }
            : {}),
          ...(options.until !== undefined
            ? { until: Date.parse(parseTimeBound('--until', options.until, now)) }
            : {}),
          ...(options.errorCode !== undefined ? { errorCode: options.errorCode } : {}),
        };
        // the account is in the archive bucket's name only: no STS call when the bucket is given
        const bucket =
          options.archiveBucket ??
          resourceNames(name, await deploymentAccountOf(options, callerAccount)).archiveBucket;
        const interactive = process.stderr.isTTY === true && !process.env.CI && !options.json;
        const bar = interactive
          ? new cliProgress.SingleBar(
              { format: 'error objects {bar} {value}/{total}', stream: process.stderr },
              cliProgress.Presets.shades_classic,
            )
          : undefined;
        const stop = options.send
          ? stopRequest('replay-firehose-errors: stopping after the object in flight')
          : stopRequest('replay-firehose-errors: dry run stopped; nothing was sent', {
              exitAtOnce: true,
            });
        try {
          const report = await replayFirehoseErrors(
            {
              bucket,
              streamName,
              selection,
              send: Boolean(options.send),
              shouldStop: stop.requested,
              onProgress: (done, total) => {
                if (!bar) return;
                if (done === 0) bar.start(total, 0);
                else bar.update(done);
              },
            },
            { s3: s3Client(), firehose: firehoseClient() },
          );
          bar?.stop();
          output.result(report, () => formatFirehoseReplayText(report));
          return report.ok ? EXIT_CODES.CLEAN : EXIT_CODES.FINDINGS;
        } finally {
          bar?.stop();
          stop.dispose();
        }
      });
    });
}
