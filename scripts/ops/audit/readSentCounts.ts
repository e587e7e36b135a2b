import { type CloudWatchClient, paginateGetMetricData } from '@aws-sdk/client-cloudwatch';

/** GetMetricData takes at most 500 queries per call (CloudWatch API reference). */
const QUERIES_PER_CALL = 500;

/** topic → hour (`2026-11-20T08:00:00Z`) → sends SQS counted. */
export type SentCounts = Record<string, Record<string, number>>;

function hourOf(timestamp: Date): string {
  return `${timestamp.toISOString().slice(0, 13)}:00:00Z`;
}

/**
 * The queue's own count of what was sent, per topic and hour: `AWS/SQS NumberOfMessagesSent`
 * (Sum, 1-hour periods) of each topic queue, 500 queues per GetMetricData call. SQS publishes it
 * whatever our code does, so it is the audit's count independent of the lake; it includes DLQ
 * replays sent to the queue, not redeliveries nor redrives to a DLQ.
 */
export async function readSentCounts(
  cloudWatch: CloudWatchClient,
  queues: Record<string, string>,
  from: string,
  to: string,
): Promise<SentCounts> {
  const entries = Object.entries(queues);
  const counts: SentCounts = {};
  for (let start = 0; start < entries.length; start += QUERIES_PER_CALL) {
    const chunk = entries.slice(start, start + QUERIES_PER_CALL);
    const pages = paginateGetMetricData(
      { client: cloudWatch },
      {
        StartTime: new Date(from),
        EndTime: new Date(to),
        MetricDataQueries: chunk.map(([, queue], index) => ({
          Id: `q${index}`,
          MetricStat: {
            Metric: {
              Namespace: 'AWS/SQS',
              MetricName: 'NumberOfMessagesSent',
              Dimensions: [{ Name: 'QueueName', Value: queue }],
            },
            Period: 3600,
            Stat: 'Sum',
          },
        })),
      },
    );
    for await (const page of pages)
      for (const result of page.MetricDataResults ?? []) {
        const topic = chunk[Number(result.Id?.slice(1))]?.[0];
        if (topic === undefined) continue;
        counts[topic] ??= {};
        const hours = counts[topic];
        (result.Timestamps ?? []).forEach((timestamp, index) => {
          const hour = hourOf(timestamp);
          hours[hour] = (hours[hour] ?? 0) + (result.Values?.[index] ?? 0);
        });
      }
  }
  return counts;
}
