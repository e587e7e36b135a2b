import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { queueNameForTopic } from '../../lambdas/common/naming';

export const TEST_PREFIX = 'lean-ops-test-topic-';

export function queueArnFor(topic: string, fifo = false, prefix = TEST_PREFIX): string {
  return `arn:aws:sqs:us-east-1:123456789012:${queueNameForTopic(prefix, { topic, queue: fifo ? 'fifo' : 'standard' })}`;
}

let counter = 0;

/** An SQS record as Lambda delivers it; override what the test is about. */
export function sqsRecord(overrides: Partial<SQSRecord> & { groupId?: string } = {}): SQSRecord {
  counter++;
  const { groupId, ...rest } = overrides;
  return {
    messageId: `msg-${counter}`,
    receiptHandle: `rh-${counter}`,
    body: JSON.stringify({ device_id: `dev-${counter}`, value: counter }),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1764064800000',
      SenderId: 'AIDAEXAMPLE',
      ApproximateFirstReceiveTimestamp: '1764064800100',
      ...(groupId
        ? {
            MessageGroupId: groupId,
            SequenceNumber: String(counter),
            MessageDeduplicationId: `d-${counter}`,
          }
        : {}),
    } as SQSRecord['attributes'],
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArnFor(groupId ? 'door-events' : 'engine-temperature', Boolean(groupId)),
    awsRegion: 'us-east-1',
    ...rest,
  };
}

export function sqsEvent(records: SQSRecord[]): SQSEvent {
  return { Records: records };
}
