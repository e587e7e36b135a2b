import { createWriteStream, type WriteStream } from 'node:fs';
import {
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { PlannedMessage } from './planTraffic';

/** One ledger line: a published message and the terminal state it must reach. */
export interface LedgerEntry {
  seq: number;
  message_id: string;
  topic: string;
  fault: string;
  expected: string;
  key?: string;
  base_seq?: number;
  /** When SQS accepted the message (epoch ms), for the publish → land latency. */
  published_ms: number;
}

export interface PublishOptions {
  sqs: SQSClient;
  /** Queue URL of a topic (`UNKNOWN` → a queue outside the topic prefix). */
  queueUrl: (message: PlannedMessage) => string;
  ledgerPath: string;
  /** Messages per second across all queues; unlimited when absent. */
  rate?: number;
  concurrency?: number;
  onProgress?: (published: number) => void;
  /**
   * Awaited before each batch: resolves when the consumer has room, so the backlog sitting in
   * the queues stays bounded however far publishing outruns ingestion.
   */
  backpressure?: () => Promise<void>;
}

const MAX_BATCH_BYTES = 200 * 1024;

class RateLimiter {
  private next = Date.now();
  constructor(private readonly perSecond: number | undefined) {}
  async take(count: number): Promise<void> {
    if (!this.perSecond) return;
    const now = Date.now();
    const wait = this.next - now;
    this.next = Math.max(this.next, now) + (count * 1_000) / this.perSecond;
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/**
 * Publishes planned messages with SendMessageBatch (≤ 10 entries, ≤ 200 KiB), preserving the plan
 * order per queue, and streams one ledger line per accepted message. A rejected entry is retried;
 * publishing fails loudly rather than leave a message out of the ledger.
 */
export async function publishTraffic(
  messages: Iterable<PlannedMessage>,
  options: PublishOptions,
): Promise<number> {
  const ledger = createWriteStream(options.ledgerPath);
  const limiter = new RateLimiter(options.rate);
  const buffers = new Map<string, PlannedMessage[]>();
  const chains = new Map<string, Promise<void>>();
  const inFlight = new Set<Promise<void>>();
  const concurrency = options.concurrency ?? 8;
  let published = 0;

  const flush = async (url: string) => {
    const batch = buffers.get(url) ?? [];
    buffers.delete(url);
    if (batch.length === 0) return;
    await options.backpressure?.();
    const previous = chains.get(url) ?? Promise.resolve();
    const run = previous.then(async () => {
      await limiter.take(batch.length);
      await sendBatch(options.sqs, url, batch, ledger);
      published += batch.length;
      options.onProgress?.(published);
    });
    chains.set(url, run);
    inFlight.add(run);
    run.finally(() => inFlight.delete(run)).catch(() => undefined);
    while (inFlight.size >= concurrency) await Promise.race(inFlight);
  };

  for (const message of messages) {
    const url = options.queueUrl(message);
    const batch = buffers.get(url) ?? [];
    const bytes = batch.reduce((sum, item) => sum + Buffer.byteLength(item.body), 0);
    if (
      batch.length > 0 &&
      (batch.length >= 10 || bytes + Buffer.byteLength(message.body) > MAX_BATCH_BYTES)
    ) {
      await flush(url);
    }
    const next = buffers.get(url) ?? [];
    next.push(message);
    buffers.set(url, next);
  }
  for (const url of [...buffers.keys()]) await flush(url);
  await Promise.all(chains.values());
  await new Promise<void>((resolve, reject) =>
    ledger.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  return published;
}

async function sendBatch(
  sqs: SQSClient,
  url: string,
  batch: PlannedMessage[],
  ledger: WriteStream,
): Promise<void> {
  let pending = batch.map((message, index) => ({ id: String(index), message }));
  for (let attempt = 1; pending.length > 0; attempt++) {
    if (attempt > 5)
      throw new Error(`SendMessageBatch to ${url} kept failing for ${pending.length} messages`);
    const entries: SendMessageBatchRequestEntry[] = pending.map(({ id, message }) => ({
      Id: id,
      MessageBody: message.body,
      ...(message.groupId
        ? { MessageGroupId: message.groupId, MessageDeduplicationId: message.dedupId }
        : {}),
    }));
    const response = await sqs.send(
      new SendMessageBatchCommand({ QueueUrl: url, Entries: entries }),
    );
    const accepted = new Map(
      (response.Successful ?? []).map((entry) => [entry.Id, entry.MessageId]),
    );
    const publishedMs = Date.now();
    for (const { id, message } of pending) {
      const messageId = accepted.get(id);
      if (messageId === undefined) continue;
      const entry: LedgerEntry = {
        seq: message.seq,
        message_id: messageId,
        topic: message.topic,
        fault: message.fault,
        expected: message.expected,
        ...(message.key !== undefined ? { key: message.key } : {}),
        ...(message.baseSeq !== undefined ? { base_seq: message.baseSeq } : {}),
        published_ms: publishedMs,
      };
      ledger.write(`${JSON.stringify(entry)}\n`);
    }
    pending = pending.filter(({ id }) => !accepted.has(id));
    if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
  }
}
