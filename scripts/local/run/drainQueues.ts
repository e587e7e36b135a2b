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
  } = {},
): Promise<DrainStats> {
  const stats: DrainStats = { invocations: 0, received: 0, failed: 0 };
  const parallelism = options.parallelism ?? 4;
  const idleBackoffMs = options.idleBackoffMs ?? 1_000;
  const idleSince = new Map<T, number>();
  for (let round = 0; round < (options.maxRounds ?? 100_000); round++) {
    let activity = 0;
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
      }
    }
    await options.between?.();
    options.onRound?.(stats);
    if (
      activity === 0 &&
      !options.busy?.() &&
      (await allEmpty(
        sqs,
        sources.map((entry) => entry.queueUrl),
      ))
    )
      return stats;
    if (activity === 0) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('queues did not drain within the round limit');
}

async function allEmpty(sqs: SQSClient, urls: string[]): Promise<boolean> {
  for (const url of urls) {
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
    const total =
      Number(attributes.ApproximateNumberOfMessages ?? 0) +
      Number(attributes.ApproximateNumberOfMessagesNotVisible ?? 0) +
      Number(attributes.ApproximateNumberOfMessagesDelayed ?? 0);
    if (total > 0) return false;
  }
  return true;
}
