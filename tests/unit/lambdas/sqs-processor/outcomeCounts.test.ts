import {
  FirehoseClient,
  PutRecordBatchCommand,
  type PutRecordBatchCommandInput,
} from '@aws-sdk/client-firehose';
import { S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import type { ProcessorConfig } from '../../../../lambdas/sqs-processor/config';
import { countOutcomes } from '../../../../lambdas/sqs-processor/outcomeCounts';
import { processBatch } from '../../../../lambdas/sqs-processor/processBatch';
import { sqsEvent, sqsRecord, TEST_PREFIX } from '../../../helpers/sqsRecords';

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

/** Firehose fails every record whose message id is in `poison`, accepts the rest. */
function failRecords(poison: Set<string>) {
  firehoseMock.on(PutRecordBatchCommand).callsFake((input: PutRecordBatchCommandInput) => {
    const ids: string[] = (input.Records ?? []).map(
      (record) => JSON.parse(Buffer.from(record.Data as Uint8Array).toString()).message_id,
    );
    return {
      FailedPutCount: ids.filter((id) => poison.has(id)).length,
      RequestResponses: ids.map((id) =>
        poison.has(id) ? { ErrorCode: 'ServiceUnavailableException' } : { RecordId: id },
      ),
    };
  });
}

describe('countOutcomes', () => {
  beforeEach(() => firehoseMock.reset());

  it('counts a FIFO group held behind a poison message apart from its retries', async () => {
    // Prepare: group A's first record always fails; the nine after it are held back.
    const groupA = Array.from({ length: 10 }, () => sqsRecord({ groupId: 'A' }));
    const groupB = [sqsRecord({ groupId: 'B' }), sqsRecord({ groupId: 'B' })];
    failRecords(new Set([groupA[0]?.messageId ?? '']));

    // Act
    const outcome = await processBatch(sqsEvent([...groupA, ...groupB]), config, deps);
    const counts = countOutcomes(outcome).get('door-events');

    // Assess: one record failed on its own; the error rate the breaker sees is 1/12, not 10/12.
    expect(outcome.batchItemFailures).toHaveLength(10);
    expect(counts).toMatchObject({ received: 12, forwarded: 2, retried: 1, heldBack: 9 });
  });

  it('puts every received record in exactly one of forwarded, retried and held back', async () => {
    // Prepare: a malformed body (DROP, still forwarded to raw_errors) and a failing standard record.
    const malformed = sqsRecord({ body: '{not json' });
    const failing = sqsRecord();
    const healthy = sqsRecord();
    failRecords(new Set([failing.messageId]));

    // Act
    const outcome = await processBatch(sqsEvent([malformed, failing, healthy]), config, deps);
    const counts = countOutcomes(outcome).get('engine-temperature');

    // Assess
    expect(counts).toMatchObject({
      received: 3,
      forwarded: 2,
      dropped: 1,
      retried: 1,
      heldBack: 0,
    });
    expect([...(counts?.droppedByCode.keys() ?? [])]).toEqual(['MALFORMED_JSON']);
    const total = (counts?.forwarded ?? 0) + (counts?.retried ?? 0) + (counts?.heldBack ?? 0);
    expect(total).toBe(counts?.received);
  });
});
