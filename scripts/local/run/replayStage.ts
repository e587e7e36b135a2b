import { FirehoseClient } from '@aws-sdk/client-firehose';
import { listDeadLetters } from '../../ops/dlq/listDeadLetters';
import { registeredTopics } from '../../ops/dlq/registeredTopics';
import { replayDeadLetters } from '../../ops/dlq/replayDeadLetters';
import { replayFirehoseErrors } from '../../ops/firehoseErrors/replayFirehoseErrors';
import { readJsonLines } from '../report/readLines';
import type { RunContext } from './runContext';

/**
 * The operator's call, played by the harness: messages the fault proxy fails on every attempt
 * are known poison (the ledger says so) and stay archived; everything else dead-lettered (FIFO
 * messages held behind a poison message of their group) is replayed to its topic queue.
 * Returns how many were sent.
 */
export async function replayDeadLettersOfRun(
  context: RunContext,
  ledgerPath: string,
): Promise<number> {
  const { names, clients, documentClient, registryDir } = context;
  context.stage("choosing the replayable dead letters: the DLQ index against the ledger's poison");
  const poison = new Set<string>();
  for await (const entry of readJsonLines<{ message_id: string; fault: string }>(ledgerPath)) {
    if (entry.fault === 'DEAD_LETTER') poison.add(entry.message_id);
  }
  const replayable = (await listDeadLetters(documentClient, names.dlqIndexTable))
    .filter(
      (item) =>
        item.status === 'ARCHIVED' && !poison.has(item.original_message_id ?? item.message_id),
    )
    .map((item) => item.message_id);
  context.stage(
    `replaying ${replayable.length} dead letters to their topic queues (${poison.size} known poison stay archived)`,
  );
  if (replayable.length === 0) return 0;
  const replay = await replayDeadLetters(
    {
      topics: [],
      messageIds: replayable,
      force: false,
      dryRun: false,
      indexTable: names.dlqIndexTable,
      archiveBucket: names.archiveBucket,
      queueNamePrefix: names.queueNamePrefix,
      registered: registeredTopics(registryDir),
      registryDir,
    },
    { sqs: clients.sqs, s3: clients.s3, documentClient },
  );
  context.stage(
    `replay ${replay.replay_id}: ${replay.sent} sent, ${replay.not_replayed} not replayed`,
  );
  return replay.sent;
}

/**
 * The operator's call after a Firehose delivery outage, played by the harness: every record in
 * Firehose's S3 error output goes back on the stream (the local Firehose at `firehoseUrl`), as
 * `lean-ops replay-firehose-errors --send` does. Returns how many were sent.
 */
export async function replayUndeliveredOfRun(
  context: RunContext,
  firehoseUrl: string,
): Promise<number> {
  const { names, clients, env } = context;
  const report = await replayFirehoseErrors(
    {
      bucket: names.archiveBucket,
      streamName: names.firehoseStream,
      selection: { topics: [] },
      send: true,
    },
    {
      s3: clients.s3,
      firehose: new FirehoseClient({
        region: env.AWS_REGION ?? 'us-east-1',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        endpoint: firehoseUrl,
      }),
    },
  );
  const codes = Object.entries(report.byErrorCode)
    .map(([code, { count }]) => `${count} ${code}`)
    .join(', ');
  context.stage(
    `replaying Firehose's error output: ${report.selected} undelivered records${codes ? ` (${codes})` : ''}, ${report.sent} sent back to the stream, ${report.failed.length} not sent`,
  );
  return report.sent;
}
