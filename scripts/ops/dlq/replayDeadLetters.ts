// Over 300 lines on purpose: the replay is one claim → read → send → record protocol per item,
// and its crash-safety argument reads best in one file (docs/operations.md §1).
import { randomUUID } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SendMessageBatchRequestEntry, SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queueNameForTopic } from '../../../lambdas/common/naming';
import { RatePacer } from '../../../lambdas/common/RatePacer';
import { DlqStatus } from '../../../lambdas/dlq-archiver/constants';
import type { ArchiveDocument } from '../../../lambdas/dlq-archiver/types';
import { buildReplayEntry } from './buildReplayEntry';
import { checkReplayTargets } from './checkReplayTargets';
import { DlqIndex } from './DlqIndex';
import { UnregisteredTopicError } from './errors';
import { readArchivedMessage } from './readArchivedMessage';
import { type ReplayPlan, restrictToPlan } from './replayPlan';
import { resolveQueueUrl } from './resolveQueueUrl';
import { CLAIM_LEASE_MS, selectReplayCandidates } from './selectReplayCandidates';
import { type SendOptions, sendWithRetry } from './sendWithRetry';
import { MAX_BATCH_ENTRIES, splitEntriesBySize } from './splitEntriesBySize';
import {
  type NotReplayed,
  NotReplayedCode,
  type ReplayableItem,
  type ReplayReport,
  type ReplaySelection,
  type ReplayTargetNames,
  type ReplayTopic,
} from './types';

export interface ReplayOptions extends ReplaySelection, ReplayTargetNames {
  /** Send exactly the messages of this reviewed dry run (`--plan`), nothing else. */
  plan?: ReplayPlan;
  /** Dry run: receives the messages it would send (`--save-plan`). */
  onSendable?: (items: ReplayableItem[]) => void;
  /** Registered topics (from schemas/topics): the only queues a replay ever sends to. */
  registered: ReadonlyMap<string, ReplayTopic>;
  /** Where `registered` came from, for messages. */
  registryDir?: string;
  dryRun: boolean;
  /** Messages per second; unlimited when absent. */
  rate?: number;
  replayId?: string;
  /** Polled between batches (Ctrl-C): the batch in flight is finished and marked first. */
  shouldStop?: () => boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface ReplayDependencies {
  sqs: SQSClient;
  s3: S3Client;
  documentClient: DynamoDBDocumentClient;
  now?: () => Date;
  send?: SendOptions;
}

const DRY_RUN_SAMPLE = 5;

function emptyReport(replayId: string, dryRun: boolean): ReplayReport {
  return {
    version: 1,
    ok: true,
    dry_run: dryRun,
    replay_id: replayId,
    selected: 0,
    sent: 0,
    not_replayed: 0,
    interrupted: false,
    per_topic: {},
    failures: [],
    sample: [],
  };
}

class ReportBuilder {
  readonly report: ReplayReport;

  constructor(replayId: string, dryRun: boolean) {
    this.report = emptyReport(replayId, dryRun);
  }

  private counts(topic: string) {
    this.report.per_topic[topic] ??= { selected: 0, sent: 0, not_replayed: 0 };
    return this.report.per_topic[topic];
  }

  selected(topic: string): void {
    this.report.selected++;
    this.counts(topic).selected++;
  }

  sent(topic: string): void {
    this.report.sent++;
    this.counts(topic).sent++;
  }

  notReplayed(entry: NotReplayed): void {
    this.report.not_replayed++;
    this.counts(entry.topic).not_replayed++;
    this.report.failures.push(entry);
  }

  finish(): ReplayReport {
    this.report.ok = this.report.not_replayed === 0 && !this.report.interrupted;
    return this.report;
  }
}

function failure(item: ReplayableItem, code: NotReplayed['code'], reason: string): NotReplayed {
  return { topic: item.topic, message_id: item.message_id, sk: item.sk, code, reason };
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size)
    chunks.push(items.slice(start, start + size));
  return chunks;
}

/**
 * Puts archived dead letters back on their topic queues (`lean-ops replay-dlq`, and `make run`
 * with its replay flag). Selects ARCHIVED index items, refuses topics not in the registry, verifies
 * each archived body's SHA-256, then per batch of ten: claim each item conditionally, send with
 * SendMessageBatch (per-entry retries, `rate` msgs/s), mark what was sent REPLAYED with the replay
 * id and time, and release what was not. Queue URLs come only from the registry and the queue
 * naming convention. Running it again sends nothing already replayed; after Ctrl-C (`shouldStop`)
 * it stops between batches, so a rerun resumes without duplicates.
 *
 * @example
 * const report = await replayDeadLetters(
 *   { topics: ['engine-temperature'], messageIds: [], force: false, dryRun: false,
 *     indexTable: names.dlqIndexTable, archiveBucket: names.archiveBucket,
 *     queueNamePrefix: names.queueNamePrefix, registered: registeredTopics('schemas/topics') },
 *   { sqs, s3, documentClient });
 * report.sent; // messages put back on their queues
 */
export async function replayDeadLetters(
  options: ReplayOptions,
  deps: ReplayDependencies,
): Promise<ReplayReport> {
  const now = deps.now ?? (() => new Date());
  const unregistered = options.topics.filter((topic) => !options.registered.has(topic));
  if (unregistered.length > 0)
    throw new UnregisteredTopicError(unregistered, options.registryDir ?? 'the topic registry');

  const replayId =
    options.replayId ??
    options.resume ??
    `replay-${now().toISOString().replaceAll(/[:.]/g, '')}-${randomUUID().slice(0, 8)}`;
  const builder = new ReportBuilder(replayId, options.dryRun);
  const index = new DlqIndex(deps.documentClient, options.indexTable);
  const items = await index.read(options);
  const selection = selectReplayCandidates(items, options, options.registered, now());
  const { candidates, refused } = options.plan
    ? restrictToPlan(
        selection,
        options.plan,
        items.filter((item) => options.resume !== undefined && item.replay_id === options.resume),
      )
    : selection;
  for (const entry of refused) {
    builder.selected(entry.topic);
    builder.notReplayed(entry);
  }
  for (const item of candidates) builder.selected(item.topic);

  if (options.dryRun) {
    const { failures, checks } = await checkReplayTargets(candidates, options, deps, now());
    for (const entry of failures) builder.notReplayed(entry);
    builder.report.checked = checks;
    const failed = new Set(failures.map((entry) => `${entry.topic} ${entry.sk}`));
    const sendable = candidates.filter((item) => !failed.has(`${item.topic} ${item.sk}`));
    options.onSendable?.(sendable);
    builder.report.sample = sendable.slice(0, DRY_RUN_SAMPLE).map((item) => ({
      topic: item.topic,
      message_id: item.message_id,
      sent_at: item.sent_at,
      error_code: item.error_code,
      archive_key: item.archive_key,
    }));
    return builder.finish();
  }

  const byTopic = new Map<string, ReplayableItem[]>();
  for (const item of candidates) {
    const topicItems = byTopic.get(item.topic);
    if (topicItems) topicItems.push(item);
    else byTopic.set(item.topic, [item]);
  }
  const pacer = new RatePacer(options.rate);
  let done = 0;
  const total = candidates.length;
  options.onProgress?.(done, total);

  for (const [topic, topicItems] of byTopic) {
    const spec = options.registered.get(topic) as ReplayTopic;
    const queueUrl = await resolveQueueUrl(
      deps.sqs,
      queueNameForTopic(options.queueNamePrefix, { topic, queue: spec.fifo ? 'fifo' : 'standard' }),
    );
    for (const batch of chunk(topicItems, MAX_BATCH_ENTRIES)) {
      if (builder.report.interrupted || options.shouldStop?.()) {
        builder.report.interrupted = true;
        for (const item of batch)
          builder.notReplayed(
            failure(
              item,
              NotReplayedCode.NOT_ATTEMPTED,
              'the replay was interrupted before this message',
            ),
          );
        continue;
      }
      if (!queueUrl.ok) {
        for (const item of batch)
          builder.notReplayed(failure(item, NotReplayedCode.QUEUE_UNAVAILABLE, queueUrl.reason));
      } else {
        await replayBatch(
          batch,
          { ...options, replayId, fifo: spec.fifo, queueUrl: queueUrl.url },
          { index, deps, pacer, builder, now },
        );
      }
      done += batch.length;
      options.onProgress?.(done, total);
    }
  }
  return builder.finish();
}

interface BatchContext {
  index: DlqIndex;
  deps: ReplayDependencies;
  pacer: RatePacer;
  builder: ReportBuilder;
  now: () => Date;
}

async function replayBatch(
  batch: ReplayableItem[],
  options: ReplayOptions & { replayId: string; fifo: boolean; queueUrl: string },
  context: BatchContext,
): Promise<void> {
  const { index, deps, pacer, builder, now } = context;
  const reads = await Promise.all(
    batch.map((item) =>
      readArchivedMessage(deps.s3, options.archiveBucket, item.archive_key, item.sha256, {
        archiveExpiresAt: item.archive_expires_at,
        now: now(),
      }),
    ),
  );
  const claimed: { item: ReplayableItem; document: ArchiveDocument }[] = [];
  for (const [position, item] of batch.entries()) {
    const read = reads[position];
    if (read === undefined) continue;
    if (!read.ok) {
      builder.notReplayed(failure(item, read.code, read.reason));
      continue;
    }
    const claim = await index.claim(item, options.replayId, now(), {
      force: options.force,
      staleBefore: new Date(now().getTime() - CLAIM_LEASE_MS),
    });
    if (claim.claimed) {
      claimed.push({ item, document: read.document });
    } else if (claim.current?.status === DlqStatus.REPLAYED && !options.force) {
      builder.notReplayed(
        failure(
          item,
          NotReplayedCode.ALREADY_REPLAYED,
          `replayed by ${claim.current.replay_id} at ${claim.current.replayed_at}`,
        ),
      );
    } else {
      builder.notReplayed(
        failure(
          item,
          NotReplayedCode.BUSY,
          `replay ${claim.current?.claim_id ?? '(unknown)'} holds it`,
        ),
      );
    }
  }

  const byEntryId = new Map<string, ReplayableItem>();
  const entries: SendMessageBatchRequestEntry[] = claimed.map(({ item, document }, position) => {
    const id = String(position);
    byEntryId.set(id, item);
    return buildReplayEntry(id, item, document, { fifo: options.fifo, replayId: options.replayId });
  });
  for (const calls of splitEntriesBySize(entries)) {
    await pacer.take(calls.length);
    const outcome = await sendWithRetry(deps.sqs, options.queueUrl, calls, deps.send);
    for (const [id, messageId] of outcome.sent) {
      const item = byEntryId.get(id) as ReplayableItem;
      if (await markOrReport(index, item, options.replayId, now(), messageId, builder))
        builder.sent(item.topic);
    }
    for (const [id, reason] of outcome.failed) {
      const item = byEntryId.get(id) as ReplayableItem;
      await index.release(item, options.replayId).catch(() => false);
      builder.notReplayed(failure(item, NotReplayedCode.SEND_FAILED, reason));
    }
  }
}

async function markOrReport(
  index: DlqIndex,
  item: ReplayableItem,
  replayId: string,
  at: Date,
  messageId: string,
  builder: ReportBuilder,
): Promise<boolean> {
  try {
    if (await index.markReplayed(item, replayId, at, messageId)) return true;
    builder.notReplayed(
      failure(
        item,
        NotReplayedCode.MARK_FAILED,
        `sent as ${messageId}, but the claim was lost before the REPLAYED mark`,
      ),
    );
  } catch (error) {
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    builder.notReplayed(
      failure(
        item,
        NotReplayedCode.MARK_FAILED,
        `sent as ${messageId}, but marking it REPLAYED failed (${detail}); it stays claimed (in doubt)`,
      ),
    );
  }
  return false;
}
