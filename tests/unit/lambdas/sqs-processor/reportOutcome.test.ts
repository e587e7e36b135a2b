import {
  FirehoseClient,
  PutRecordBatchCommand,
  type PutRecordBatchCommandInput,
} from '@aws-sdk/client-firehose';
import { S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { createLogger, createMetrics } from '../../../../lambdas/common/observability';
import type { ProcessorConfig } from '../../../../lambdas/sqs-processor/config';
import { processBatch } from '../../../../lambdas/sqs-processor/processBatch';
import { reportOutcome } from '../../../../lambdas/sqs-processor/report';
import { captureStdout } from '../../../helpers/captureStdout';
import { queueArnFor, sqsEvent, sqsRecord, TEST_PREFIX } from '../../../helpers/sqsRecords';

// What CloudWatch ingests from the processor: the EMF lines the real Powertools Metrics writes.
// Per topic only the error-rate alarm's two metrics (modules/observability/alarms.tf); the others
// fleet-wide, so the custom-metric bill grows by 2 per topic, not 5 + one per drop code.

type Emf = {
  _aws: { CloudWatchMetrics: { Dimensions: string[][]; Metrics: { Name: string }[] }[] };
} & Record<string, unknown>;

const firehoseMock = mockClient(FirehoseClient);
const config: ProcessorConfig = {
  streamName: 'raw-stream',
  queueNamePrefix: TEST_PREFIX,
  errorBucket: 'errors-bucket',
  maxRecordBytes: 2_048,
  safetyMarginMs: 1_000,
  maxPutAttempts: 1,
};
const deps = {
  firehose: new FirehoseClient({ region: 'us-east-1' }),
  s3: () => new S3Client({ region: 'us-east-1' }),
  remainingTimeMs: () => 60_000,
  sleep: async () => undefined,
};

function emfLines(run: () => void): Emf[] {
  return captureStdout(run)
    .map((line) => JSON.parse(line) as Emf)
    .filter((entry) => entry._aws !== undefined);
}

describe('reportOutcome', () => {
  const env = { ...process.env };
  beforeAll(() => {
    delete process.env.POWERTOOLS_DEV;
    delete process.env.POWERTOOLS_METRICS_DISABLED;
    delete process.env.POWERTOOLS_SERVICE_NAME;
    delete process.env.POWERTOOLS_METRICS_NAMESPACE;
  });
  afterAll(() => {
    process.env = env;
  });

  it('publishes received and retried per topic, and forwarded, dropped and drop codes fleet-wide', async () => {
    // Arrange: two topics; a malformed body (DROP) on one, a Firehose failure (RETRY) on the other
    const malformed = sqsRecord({ body: '{not json' });
    const healthy = sqsRecord();
    const failing = sqsRecord({ eventSourceARN: queueArnFor('gps-position') });
    firehoseMock.reset();
    firehoseMock.on(PutRecordBatchCommand).callsFake((input: PutRecordBatchCommandInput) => {
      const ids = (input.Records ?? []).map(
        (record) =>
          JSON.parse(Buffer.from(record.Data as Uint8Array).toString()).message_id as string,
      );
      return {
        FailedPutCount: ids.filter((id) => id === failing.messageId).length,
        RequestResponses: ids.map((id) =>
          id === failing.messageId
            ? { ErrorCode: 'ServiceUnavailableException' }
            : { RecordId: id },
        ),
      };
    });
    const outcome = await processBatch(sqsEvent([malformed, healthy, failing]), config, deps);

    // Act
    const emf = emfLines(() =>
      reportOutcome(outcome, createLogger('sqs-processor'), createMetrics('sqs-processor')),
    );

    // Assess
    const byTopic = emf.filter((entry) => entry.topic !== undefined);
    expect(
      byTopic.map((entry) => [entry.topic, entry.RecordsReceived, entry.RecordsRetried]),
    ).toEqual([
      ['engine-temperature', 2, 0],
      ['gps-position', 1, 1],
    ]);
    for (const entry of byTopic) {
      expect(entry._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service', 'topic']]);
      expect(entry._aws.CloudWatchMetrics[0]?.Metrics.map((m) => m.Name).sort()).toEqual([
        'RecordsReceived',
        'RecordsRetried',
      ]);
    }
    const fleet = emf.filter((entry) => entry.topic === undefined);
    expect(fleet[0]).toMatchObject({ RecordsForwarded: 2, RecordsDropped: 1, RecordsHeldBack: 0 });
    expect(fleet[0]?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service']]);
    expect(fleet[1]?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service', 'code']]);
    expect(fleet[1]?.RecordsDroppedByCode).toBe(1);
    expect(fleet).toHaveLength(2);
  });
});
