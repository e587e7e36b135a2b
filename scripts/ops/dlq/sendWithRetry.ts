import {
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { type BackoffPolicy, fullJitterDelayMs } from '../../../lambdas/common/backoff';
import { classifyError } from '../../../lambdas/common/classifyError';

export interface SendOutcome {
  /** entry Id → SQS message id of the sent copy. */
  sent: Map<string, string>;
  /** entry Id → why it was not sent. */
  failed: Map<string, string>;
}

export interface SendOptions {
  maxAttempts?: number;
  backoff?: BackoffPolicy;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const REPLAY_BACKOFF: BackoffPolicy = { baseDelayMs: 200, maxDelayMs: 5_000 };

/**
 * SendMessageBatch (≤ 10 entries) with per-entry failure handling: entries SQS failed through no
 * fault of the sender, and whole-call transient errors, are retried with backoff and full
 * jitter; sender faults (e.g. an invalid attribute) fail at once. Outcomes are keyed by entry Id,
 * never by position. Never throws for an AWS error.
 *
 * @example
 * const { sent, failed } = await sendWithRetry(sqs, queueUrl, entries);
 */
export async function sendWithRetry(
  sqs: SQSClient,
  queueUrl: string,
  entries: readonly SendMessageBatchRequestEntry[],
  options: SendOptions = {},
): Promise<SendOutcome> {
  const sleep = options.sleep ?? realSleep;
  const maxAttempts = options.maxAttempts ?? 5;
  const outcome: SendOutcome = { sent: new Map(), failed: new Map() };
  let pending = [...entries];
  for (let attempt = 1; pending.length > 0; attempt++) {
    if (attempt > 1)
      await sleep(
        fullJitterDelayMs(attempt - 1, options.backoff ?? REPLAY_BACKOFF, options.random),
      );
    const retry: SendMessageBatchRequestEntry[] = [];
    const lastTry = attempt >= maxAttempts;
    try {
      const response = await sqs.send(
        new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: pending }),
      );
      const byId = new Map(pending.map((entry) => [entry.Id, entry]));
      for (const success of response.Successful ?? []) {
        if (success.Id !== undefined && byId.delete(success.Id))
          outcome.sent.set(success.Id, success.MessageId ?? '');
      }
      for (const failure of response.Failed ?? []) {
        const entry = failure.Id === undefined ? undefined : byId.get(failure.Id);
        if (entry === undefined || failure.Id === undefined) continue;
        byId.delete(failure.Id);
        const reason = `${failure.Code ?? 'Failed'}: ${failure.Message ?? ''}`.trim();
        if (failure.SenderFault || lastTry) outcome.failed.set(failure.Id, reason);
        else retry.push(entry);
      }
      // An entry SQS answered neither way was not confirmed: never assume it was sent.
      for (const [id, entry] of byId) {
        if (id === undefined) continue;
        if (lastTry) outcome.failed.set(id, 'no result for this entry');
        else retry.push(entry);
      }
    } catch (error) {
      const { reason, transient } = classifyError(error);
      if (!transient || lastTry) {
        for (const entry of pending)
          if (entry.Id !== undefined)
            outcome.failed.set(entry.Id, `SendMessageBatch failed, ${reason}`);
      } else {
        retry.push(...pending);
      }
    }
    pending = retry;
  }
  return outcome;
}
