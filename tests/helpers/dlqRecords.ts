import type { SQSRecord } from 'aws-lambda';
import { queueArnFor, sqsRecord, TEST_PREFIX } from './sqsRecords';

export { TEST_PREFIX };

export const DLQ_ARN = 'arn:aws:sqs:us-east-1:123456789012:lean-ops-test-dlq';
export const DLQ_FIFO_ARN = 'arn:aws:sqs:us-east-1:123456789012:lean-ops-test-dlq.fifo';

/** A message as the archiver receives it from the DLQ: SQS names the queue it came from. */
export function dlqRecord(
  options: {
    topic?: string;
    fifo?: boolean;
    groupId?: string;
    sourceArn?: string | null;
    receiveCount?: number;
  } & Partial<SQSRecord> = {},
): SQSRecord {
  const {
    topic = 'engine-temperature',
    fifo = false,
    groupId,
    sourceArn,
    receiveCount = 6,
    ...rest
  } = options;
  const base = sqsRecord(groupId ? { groupId } : {});
  const source = sourceArn === undefined ? queueArnFor(topic, fifo) : sourceArn;
  return {
    ...base,
    attributes: {
      ...base.attributes,
      ApproximateReceiveCount: String(receiveCount),
      ...(source !== null ? { DeadLetterQueueSourceArn: source } : {}),
    } as SQSRecord['attributes'],
    eventSourceARN: fifo ? DLQ_FIFO_ARN : DLQ_ARN,
    ...rest,
  };
}
