import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { PollResult, SqsEventSource } from '../emulation/sqsEventSource';

export interface DrainStats {
  invocations: number;
  received: number;
  failed: number;
}

/**
 * Polls every event source until all their queues are empty (nothing visible, nothing in flight)
 * — the "pipeline is quiet" condition of the local run. Sources are polled `parallelism` at a
 * time; `between` runs after each round (e.g. Firehose delivery).
 */
export interface DrainEntry {
  source: SqsEventSource;
  queueUrl: string;
  /** Who the queue belongs to (a topic, `DLQ`, ...), for the stall report. */
  topic?: string;
}

/** What one queue still holds, from its approximate counts. */
export interface QueueBacklog {
  queueUrl: string;
  topic?: string;
  visible: number;
  inFlight: number;
  delayed: number;
  /** False when the poller is switched off (its event source mapping is disabled). */
  polled: boolean;
}

/**
 * Nothing was consumed for good for `idleMs` while queues still hold messages: the run would
 * otherwise wait forever (a poller switched off, a message failed on every receive). Names every
 * queue that is not empty.
 */
export class QueuesStalledError extends Error {
  constructor(
    readonly backlog: QueueBacklog[],
    readonly idleMs: number,
  ) {
    super(
      `the pipeline stalled: nothing consumed for ${Math.round(idleMs / 1000)} s while ${backlog.length} queue(s) still hold messages: ${backlog
        .map(
          (queue) =>
            `${queue.topic ?? '?'} ${queue.queueUrl.split('/').pop()} (${queue.visible} visible, ${queue.inFlight} in flight, ${queue.delayed} delayed${queue.polled ? '' : ', poller disabled'})`,
        )
        .join('; ')}`,
    );
    this.name = 'QueuesStalledError';
  }
}

export async function drainQueues<T extends DrainEntry>(
  sqs: SQSClient,
  sources: T[],
  options: {
    parallelism?: number;
    between?: () => Promise<void>;
    onRound?: (stats: DrainStats) => void;
    /** Every poll's result, e.g. for the local alarm evaluation. */
    onPoll?: (entry: T, result: PollResult) => void;
    maxRounds?: number;
    /** While true (e.g. traffic is still being published) empty queues do not mean quiet. */
    busy?: () => boolean;
    /**
     * A queue found empty is polled again only after this long, as a Lambda poller long-polls an
     * idle queue instead of hammering it: with hundreds of idle topics a round stays short.
     */
    idleBackoffMs?: number;
    /**
     * Nothing consumed for good (received and not handed back) for this long while a queue is
     * not empty ends the drain with
     * QueuesStalledError (default 120 s: beyond the visibility timeout, the DLQ pollers' retry
     * delay and the breaker's longest local cool-down).
     */
    stallAfterMs?: number;
  } = {},
): Promise<DrainStats> {
  const stats: DrainStats = { invocations: 0, received: 0, failed: 0 };
  const parallelism = options.parallelism ?? 4;
  const idleBackoffMs = options.idleBackoffMs ?? 1_000;
  const idleSince = new Map<T, number>();
  const stallAfterMs = options.stallAfterMs ?? 120_000;
  let lastConsumedAt = Date.now();
  for (let round = 0; round < (options.maxRounds ?? 100_000); round++) {
    let activity = 0;
    let consumed = 0;
    const now = Date.now();
    const due = sources.filter((entry) => now - (idleSince.get(entry) ?? 0) >= idleBackoffMs);
    for (let start = 0; start < due.length; start += parallelism) {
      const results: PollResult[] = await Promise.all(
        due.slice(start, start + parallelism).map(async (entry) => {
          const { source } = entry;
          let total: PollResult = { received: 0, succeeded: 0, failed: 0 };
          // Keep polling a busy queue within the round so deep queues drain quickly.
          for (let burst = 0; burst < 20; burst++) {
            const result = await source.pollOnce();
            options.onPoll?.(entry, result);
            total = {
              received: total.received + result.received,
              succeeded: total.succeeded + result.succeeded,
              failed: total.failed + result.failed,
            };
            if (result.received > 0) stats.invocations++;
            if (result.received === 0) break;
          }
          if (total.received === 0) idleSince.set(entry, Date.now());
          else idleSince.delete(entry);
          return total;
        }),
      );
      for (const result of results) {
        stats.received += result.received;
        stats.failed += result.failed;
        activity += result.received;
        consumed += result.succeeded;
      }
    }
    await options.between?.();
    options.onRound?.(stats);
    if (consumed > 0) lastConsumedAt = Date.now();
    if (activity === 0 && !options.busy?.() && (await allEmpty(sqs, uniqueUrls(sources))))
      return stats;
    if (Date.now() - lastConsumedAt > stallAfterMs) {
      const backlog = await backlogOf(sqs, sources);
      if (backlog.length > 0) throw new QueuesStalledError(backlog, Date.now() - lastConsumedAt);
    }
    if (activity === 0) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('queues did not drain within the round limit');
}

function uniqueUrls(sources: readonly DrainEntry[]): string[] {
  return [...new Set(sources.map((entry) => entry.queueUrl))];
}

async function countsOf(sqs: SQSClient, url: string) {
  const response = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: [
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesNotVisible',
        'ApproximateNumberOfMessagesDelayed',
      ],
    }),
  );
  const attributes = response.Attributes ?? {};
  return {
    visible: Number(attributes.ApproximateNumberOfMessages ?? 0),
    inFlight: Number(attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
    delayed: Number(attributes.ApproximateNumberOfMessagesDelayed ?? 0),
  };
}

async function allEmpty(sqs: SQSClient, urls: string[]): Promise<boolean> {
  for (const url of urls) {
    const counts = await countsOf(sqs, url);
    if (counts.visible + counts.inFlight + counts.delayed > 0) return false;
  }
  return true;
}

async function backlogOf(sqs: SQSClient, sources: readonly DrainEntry[]): Promise<QueueBacklog[]> {
  const backlog: QueueBacklog[] = [];
  for (const url of uniqueUrls(sources)) {
    const counts = await countsOf(sqs, url);
    if (counts.visible + counts.inFlight + counts.delayed === 0) continue;
    const entries = sources.filter((entry) => entry.queueUrl === url);
    const polled = (await Promise.all(entries.map((entry) => entry.source.isPolling()))).some(
      Boolean,
    );
    backlog.push({ queueUrl: url, topic: entries[0]?.topic, ...counts, polled });
  }
  return backlog;
}
