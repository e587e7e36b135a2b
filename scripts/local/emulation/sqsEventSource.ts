import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

export interface Invocable {
  invoke<T>(event: unknown): Promise<T>;
}

export interface SqsEventSourceOptions {
  sqs: SQSClient;
  queueUrl: string;
  queueArn: string;
  lambda: Invocable;
  /** Messages per invocation; receives of 10 are combined up to this size. */
  batchSize?: number;
  visibilityTimeoutSeconds?: number;
  /** Visibility given to failed messages, so local retries come quickly (AWS waits the timeout). */
  retryDelaySeconds?: number;
  /** The mapping's Enabled flag (the circuit breaker flips it); polled before each receive. */
  isEnabled?: () => boolean | Promise<boolean>;
  region?: string;
  /** Called with every non-empty receive before the function is invoked (emulator repairs). */
  afterReceive?: (messages: readonly Message[]) => Promise<void>;
}

export interface PollResult {
  received: number;
  succeeded: number;
  failed: number;
  /** The invocation itself failed (threw, timed out, crashed): every message was retried. */
  invocationError?: string;
}

function toLambdaRecord(message: Message, queueArn: string, region: string): SQSRecord {
  const attributes = (message.Attributes ?? {}) as Record<string, string>;
  const messageAttributes: SQSRecord['messageAttributes'] = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    messageAttributes[name] = {
      dataType: value.DataType ?? 'String',
      ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
      ...(value.BinaryValue !== undefined
        ? { binaryValue: Buffer.from(value.BinaryValue).toString('base64') }
        : {}),
      stringListValues: value.StringListValues ?? [],
      binaryListValues: (value.BinaryListValues ?? []).map((item) =>
        Buffer.from(item).toString('base64'),
      ),
    };
  }
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: attributes as unknown as SQSRecord['attributes'],
    messageAttributes,
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}

/**
 * The local stand-in for a Lambda SQS event source mapping with ReportBatchItemFailures:
 * receive a batch, invoke the function with a Lambda-shaped SQS event, delete what succeeded,
 * and let the rest become visible again, so the queue's redrive policy dead-letters messages
 * after maxReceiveCount exactly as in AWS (the server does that on a later receive).
 */
export class SqsEventSource {
  private readonly batchSize: number;

  constructor(private readonly options: SqsEventSourceOptions) {
    this.batchSize = options.batchSize ?? 10;
  }

  /** Whether the poller is on (its event source mapping enabled); always, without a probe. */
  async isPolling(): Promise<boolean> {
    return this.options.isEnabled ? await this.options.isEnabled() : true;
  }

  /** One receive → invoke → delete cycle; returns what happened (received 0 when idle). */
  async pollOnce(): Promise<PollResult> {
    const { queueArn, lambda } = this.options;
    if (this.options.isEnabled && !(await this.options.isEnabled())) {
      return { received: 0, succeeded: 0, failed: 0 };
    }
    const messages = await this.receiveBatch();
    if (messages.length === 0) return { received: 0, succeeded: 0, failed: 0 };
    await this.options.afterReceive?.(messages);

    const event: SQSEvent = {
      Records: messages.map((message) =>
        toLambdaRecord(message, queueArn, this.options.region ?? 'us-east-1'),
      ),
    };
    let failedIds: Set<string>;
    let invocationError: string | undefined;
    try {
      const response = await lambda.invoke<SQSBatchResponse | undefined>(event);
      failedIds = new Set(
        (response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier),
      );
    } catch (error) {
      invocationError = error instanceof Error ? error.message : String(error);
      failedIds = new Set(messages.map((message) => message.MessageId ?? ''));
    }
    const succeeded = messages.filter((message) => !failedIds.has(message.MessageId ?? ''));
    const failed = messages.filter((message) => failedIds.has(message.MessageId ?? ''));
    await this.deleteMessages(succeeded);
    await this.releaseMessages(failed);
    return {
      received: messages.length,
      succeeded: succeeded.length,
      failed: failed.length,
      ...(invocationError !== undefined ? { invocationError } : {}),
    };
  }

  private async receiveBatch(): Promise<Message[]> {
    const messages: Message[] = [];
    while (messages.length < this.batchSize) {
      const response = await this.options.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: this.options.queueUrl,
          MaxNumberOfMessages: Math.min(10, this.batchSize - messages.length),
          WaitTimeSeconds: 0,
          VisibilityTimeout: this.options.visibilityTimeoutSeconds ?? 30,
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
      );
      const received = response.Messages ?? [];
      messages.push(...received);
      if (received.length < 10) break;
    }
    return messages;
  }

  private async deleteMessages(messages: Message[]): Promise<void> {
    for (let start = 0; start < messages.length; start += 10) {
      const slice = messages.slice(start, start + 10);
      const response = await this.options.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: this.options.queueUrl,
          Entries: slice.map((message, index) => ({
            Id: String(index),
            ReceiptHandle: message.ReceiptHandle ?? '',
          })),
        }),
      );
      if ((response.Failed ?? []).length > 0) {
        throw new Error(
          `DeleteMessageBatch failed for ${response.Failed?.length} messages of ${this.options.queueUrl}`,
        );
      }
    }
  }

  private async releaseMessages(messages: Message[]): Promise<void> {
    const delay = this.options.retryDelaySeconds ?? 0;
    for (let start = 0; start < messages.length; start += 10) {
      const slice = messages.slice(start, start + 10);
      await this.options.sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: this.options.queueUrl,
          Entries: slice.map((message, index) => ({
            Id: String(index),
            ReceiptHandle: message.ReceiptHandle ?? '',
            VisibilityTimeout: delay,
          })),
        }),
      );
    }
  }
}
