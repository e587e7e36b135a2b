import {
  type CloudWatchClient,
  type MetricDatum,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import type { SQSClient } from '@aws-sdk/client-sqs';

/** PutMetricData takes at most 1,000 metric data per call (CloudWatch API reference). */
const DATA_PER_CALL = 1000;
const MINUTE_MS = 60_000;

function queueNameOf(url: string | undefined): string | undefined {
  return url?.split('/').pop();
}

/**
 * SQS's part the local endpoint lacks: `AWS/SQS NumberOfMessagesSent` per queue and minute
 * (docs/local-endpoint.md). Counts the messages each successful SendMessage / SendMessageBatch
 * of an attached client added — the producers' and the replays' — and never a redrive to a DLQ,
 * which SQS does not count either. `publish` puts the counted minutes into CloudWatch.
 */
export class SqsSentMetrics {
  private readonly counts = new Map<string, number>();

  attach(sqs: SQSClient): void {
    sqs.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        const input = args.input as { QueueUrl?: string };
        const output = result.output as { Successful?: unknown[]; MessageId?: string };
        const added =
          context.commandName === 'SendMessageBatchCommand'
            ? (output.Successful?.length ?? 0)
            : context.commandName === 'SendMessageCommand' && output.MessageId
              ? 1
              : 0;
        const queue = queueNameOf(input.QueueUrl);
        if (added && queue) {
          const key = `${queue} ${Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS}`;
          this.counts.set(key, (this.counts.get(key) ?? 0) + added);
        }
        return result;
      },
      { step: 'initialize', name: 'leanOpsSqsSentMetrics' },
    );
  }

  /** Puts every counted minute into CloudWatch and forgets it. */
  async publish(cloudWatch: CloudWatchClient): Promise<number> {
    const data: MetricDatum[] = [...this.counts].map(([key, value]) => {
      const [queue = '', minute = '0'] = key.split(' ');
      return {
        MetricName: 'NumberOfMessagesSent',
        Dimensions: [{ Name: 'QueueName', Value: queue }],
        Timestamp: new Date(Number(minute)),
        Value: value,
        Unit: 'Count',
      };
    });
    this.counts.clear();
    for (let start = 0; start < data.length; start += DATA_PER_CALL)
      await cloudWatch.send(
        new PutMetricDataCommand({
          Namespace: 'AWS/SQS',
          MetricData: data.slice(start, start + DATA_PER_CALL),
        }),
      );
    return data.length;
  }
}
