import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { queueNameForTopic } from '../../../lambdas/common/naming';
import { readArchivedMessage } from './readArchivedMessage';
import { resolveQueueUrl } from './resolveQueueUrl';
import {
  type NotReplayed,
  NotReplayedCode,
  type ReplayableItem,
  type ReplayChecks,
  type ReplayTopic,
} from './types';

/** S3 errors that say the bucket itself cannot be read: no object in it would be sent. */
const BUCKET_UNREADABLE =
  /^(NoSuchBucket|AccessDenied|AllAccessDisabled|PermanentRedirect|InvalidBucketName)\b/;

export interface ReplayTargets {
  archiveBucket: string;
  queueNamePrefix: string;
  registered: ReadonlyMap<string, ReplayTopic>;
}

/**
 * What a dry run checks so that "would be sent" means it: per topic with candidates, that its
 * queue resolves and that its first archived message can be read and verifies (bucket, object,
 * SHA-256) — the calls and permissions the real run makes, once per topic, never per message.
 * A topic whose queue is missing, or whose archive bucket cannot be read, has every candidate
 * reported not replayed with the reason; a single bad object only itself.
 *
 * @example
 * const { failures, checks } = await checkReplayTargets(candidates, targets, { sqs, s3 }, now);
 */
export async function checkReplayTargets(
  candidates: readonly ReplayableItem[],
  targets: ReplayTargets,
  clients: { sqs: SQSClient; s3: S3Client },
  now: Date,
): Promise<{ failures: NotReplayed[]; checks: ReplayChecks }> {
  const byTopic = new Map<string, ReplayableItem[]>();
  for (const item of candidates) {
    const topicItems = byTopic.get(item.topic);
    if (topicItems) topicItems.push(item);
    else byTopic.set(item.topic, [item]);
  }
  const failures: NotReplayed[] = [];
  const checks: ReplayChecks = { queues: 0, archive_reads: 0 };
  const all = (items: ReplayableItem[], code: NotReplayed['code'], reason: string) => {
    for (const item of items)
      failures.push({ topic: item.topic, message_id: item.message_id, sk: item.sk, code, reason });
  };
  for (const [topic, items] of byTopic) {
    const fifo = targets.registered.get(topic)?.fifo ?? false;
    const queueName = queueNameForTopic(targets.queueNamePrefix, {
      topic,
      queue: fifo ? 'fifo' : 'standard',
    });
    checks.queues++;
    const queue = await resolveQueueUrl(clients.sqs, queueName);
    if (!queue.ok) {
      all(items, NotReplayedCode.QUEUE_UNAVAILABLE, queue.reason);
      continue;
    }
    const first = items[0] as ReplayableItem;
    checks.archive_reads++;
    const read = await readArchivedMessage(
      clients.s3,
      targets.archiveBucket,
      first.archive_key,
      first.sha256,
      { ...(first.archive_expires_at ? { archiveExpiresAt: first.archive_expires_at } : {}), now },
    );
    if (read.ok) continue;
    const bucketLevel =
      read.code === NotReplayedCode.ARCHIVE_UNREADABLE &&
      BUCKET_UNREADABLE.test(read.errorName ?? '');
    if (bucketLevel)
      all(
        items,
        NotReplayedCode.ARCHIVE_UNREADABLE,
        `the archive bucket cannot be read (wrong --account or --name?): ${read.reason}`,
      );
    else all([first], read.code, read.reason);
  }
  return { failures, checks };
}
