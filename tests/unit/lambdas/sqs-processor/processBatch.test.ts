import {
  FirehoseClient,
  PutRecordBatchCommand,
  type PutRecordBatchCommandInput,
} from '@aws-sdk/client-firehose';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { jest } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import type { ProcessorConfig } from '../../../../lambdas/sqs-processor/config';
import { processBatch } from '../../../../lambdas/sqs-processor/processBatch';
import { sqsEvent, sqsRecord, TEST_PREFIX } from '../../../helpers/sqsRecords';

const firehoseMock = mockClient(FirehoseClient);
const s3Mock = mockClient(S3Client);

const config: ProcessorConfig = {
  streamName: 'raw-stream',
  queueNamePrefix: TEST_PREFIX,
  errorBucket: 'errors-bucket',
  maxRecordBytes: 2_048,
  safetyMarginMs: 3_000,
  maxPutAttempts: 20,
};

/** A clock that each backoff sleep advances, so the time budget runs out deterministically. */
function fakeClock(startMs: number) {
  let remaining = startMs;
  return {
    remainingTimeMs: () => remaining,
    sleep: async (ms: number) => {
      remaining -= ms + 1_000;
    },
    random: () => 0.5,
  };
}

function deps(remainingMs = 60_000) {
  const clock = fakeClock(remainingMs);
  return {
    firehose: new FirehoseClient({ region: 'us-east-1' }),
    s3: () => new S3Client({ region: 'us-east-1' }),
    now: () => new Date('2026-11-25T10:00:00Z'),
    ...clock,
  };
}

const sentPayloads = (call: number) => {
  const input = firehoseMock.commandCalls(PutRecordBatchCommand)[call]?.args[0].input as
    | PutRecordBatchCommandInput
    | undefined;
  return (input?.Records ?? []).map(
    (record) => JSON.parse(Buffer.from(record.Data as Uint8Array).toString()).message_id,
  );
};

const ok = (count: number) => ({
  FailedPutCount: 0,
  RequestResponses: Array.from({ length: count }, (_, index) => ({ RecordId: `r-${index}` })),
});

function throttled(): Error {
  return Object.assign(new Error('Rate exceeded'), {
    name: 'ThrottlingException',
    $metadata: { httpStatusCode: 400 },
  });
}

beforeEach(() => {
  firehoseMock.reset();
  s3Mock.reset();
  s3Mock.on(PutObjectCommand).resolves({});
});

describe('processBatch', () => {
  it('forwards OK and poison records alike and reports no failure when Firehose takes them', async () => {
    // Prepare
    const records = [sqsRecord(), sqsRecord({ body: 'not json' }), sqsRecord({ body: '[]' })];
    firehoseMock.on(PutRecordBatchCommand).resolves(ok(3));

    // Act
    const outcome = await processBatch(sqsEvent(records), config, deps());

    // Assess
    expect(outcome.batchItemFailures).toEqual([]);
    expect(sentPayloads(0)).toEqual(records.map((record) => record.messageId));
  });

  it('keeps a record without eventSourceARN from failing its healthy batch-mates', async () => {
    // Prepare
    const stray = { ...sqsRecord({ body: '{"a":1}' }), eventSourceARN: undefined } as never;
    const records = [sqsRecord(), stray, sqsRecord()];
    firehoseMock.on(PutRecordBatchCommand).resolves(ok(3));

    // Act
    const outcome = await processBatch(sqsEvent(records), config, deps());

    // Assess: all three forwarded (the stray one as an UNKNOWN_TOPIC drop), none handed back
    expect(outcome.batchItemFailures).toEqual([]);
    expect(sentPayloads(0)).toHaveLength(3);
  });

  it('retries a throttled call with backoff and succeeds (whole-call throttling)', async () => {
    const records = [sqsRecord(), sqsRecord()];
    firehoseMock
      .on(PutRecordBatchCommand)
      .rejectsOnce(throttled())
      .rejectsOnce(throttled())
      .resolves(ok(2));

    const outcome = await processBatch(sqsEvent(records), config, deps());

    expect(outcome.batchItemFailures).toEqual([]);
    expect(firehoseMock.commandCalls(PutRecordBatchCommand)).toHaveLength(3);
  });

  it('reports every record of a call that stays throttled once the time budget is spent', async () => {
    const records = [sqsRecord(), sqsRecord()];
    firehoseMock.on(PutRecordBatchCommand).rejects(throttled());

    const outcome = await processBatch(sqsEvent(records), config, deps(10_000));

    expect(outcome.batchItemFailures).toEqual(
      records.map((record) => ({ itemIdentifier: record.messageId })),
    );
    expect(outcome.retried.get(records[0]?.messageId ?? '')).toMatch(
      /throttled: ThrottlingException/,
    );
    const calls = firehoseMock.commandCalls(PutRecordBatchCommand).length;
    expect(calls).toBeGreaterThan(1);
    expect(calls).toBeLessThan(10);
  });

  it('retries only the records that failed, and heals', async () => {
    // Prepare
    const records = [sqsRecord(), sqsRecord(), sqsRecord(), sqsRecord()];
    firehoseMock
      .on(PutRecordBatchCommand)
      .resolvesOnce({
        FailedPutCount: 2,
        RequestResponses: [
          { RecordId: 'r0' },
          { ErrorCode: 'ServiceUnavailableException', ErrorMessage: 'slow down' },
          { RecordId: 'r2' },
          { ErrorCode: 'InternalFailure', ErrorMessage: 'oops' },
        ],
      })
      .resolves(ok(2));

    // Act
    const outcome = await processBatch(sqsEvent(records), config, deps());

    // Assess
    expect(outcome.batchItemFailures).toEqual([]);
    expect(sentPayloads(1)).toEqual([records[1]?.messageId, records[3]?.messageId]);
  });

  it('reports exactly the record that keeps failing, by message id, even after filtered records shift positions', async () => {
    // Prepare: the first record is oversized and its archive fails, so it never reaches Firehose;
    // position-based mapping (the seed's bug) would blame the wrong message.
    const oversized = sqsRecord({ body: JSON.stringify({ blob: 'x'.repeat(4_000) }) });
    const good = sqsRecord();
    const doomed = sqsRecord();
    const alsoGood = sqsRecord();
    s3Mock.on(PutObjectCommand).rejects(
      Object.assign(new Error('denied'), {
        name: 'AccessDenied',
        $metadata: { httpStatusCode: 403 },
      }),
    );
    firehoseMock.on(PutRecordBatchCommand).callsFake((input: PutRecordBatchCommandInput) => {
      const ids = (input.Records ?? []).map(
        (record) => JSON.parse(Buffer.from(record.Data as Uint8Array).toString()).message_id,
      );
      return {
        FailedPutCount: ids.filter((id) => id === doomed.messageId).length,
        RequestResponses: ids.map((id) =>
          id === doomed.messageId
            ? { ErrorCode: 'InternalFailure', ErrorMessage: 'x' }
            : { RecordId: id },
        ),
      };
    });

    // Act
    const outcome = await processBatch(
      sqsEvent([oversized, good, doomed, alsoGood]),
      config,
      deps(20_000),
    );

    // Assess
    expect(outcome.batchItemFailures).toEqual([
      { itemIdentifier: oversized.messageId },
      { itemIdentifier: doomed.messageId },
    ]);
    expect(outcome.retried.get(oversized.messageId)).toMatch(
      /archive of oversized envelope failed/,
    );
    expect(sentPayloads(0)).toEqual([good.messageId, doomed.messageId, alsoGood.messageId]);
  });

  it('never asks for the S3 client when no record is oversized (it stays unloaded)', async () => {
    firehoseMock.on(PutRecordBatchCommand).resolves(ok(2));
    const s3 = jest.fn(() => new S3Client({ region: 'us-east-1' }));

    const outcome = await processBatch(sqsEvent([sqsRecord(), sqsRecord()]), config, {
      ...deps(),
      s3,
    });

    expect(outcome.batchItemFailures).toEqual([]);
    expect(s3).not.toHaveBeenCalled();
  });

  it('archives an oversized record to S3 and forwards its stub', async () => {
    const oversized = sqsRecord({ body: JSON.stringify({ blob: 'x'.repeat(4_000) }) });
    firehoseMock.on(PutRecordBatchCommand).resolves(ok(1));

    const outcome = await processBatch(sqsEvent([oversized]), config, deps());

    expect(outcome.batchItemFailures).toEqual([]);
    const put = s3Mock.commandCalls(PutObjectCommand)[0]?.args[0].input;
    expect(put?.Bucket).toBe('errors-bucket');
    expect(put?.Key).toBe(
      `oversized/topic=engine-temperature/dt=2026-11-25/${oversized.messageId}.json`,
    );
    const stub = JSON.parse(
      Buffer.from(
        firehoseMock.commandCalls(PutRecordBatchCommand)[0]?.args[0].input.Records?.[0]
          ?.Data as Uint8Array,
      ).toString(),
    );
    expect(stub.error.code).toBe('OVERSIZED');
    expect(stub.payload).toBe('');
  });

  it('stops retrying at once on access denied and hands every record back to SQS', async () => {
    const records = [sqsRecord(), sqsRecord()];
    firehoseMock.on(PutRecordBatchCommand).rejects(
      Object.assign(new Error('not authorized'), {
        name: 'AccessDeniedException',
        $metadata: { httpStatusCode: 400 },
      }),
    );

    const outcome = await processBatch(sqsEvent(records), config, deps());

    expect(firehoseMock.commandCalls(PutRecordBatchCommand)).toHaveLength(1);
    expect(outcome.batchItemFailures).toHaveLength(2);
    expect(outcome.retried.get(records[1]?.messageId ?? '')).toMatch(/AccessDeniedException/);
  });

  it('does not retry when the time budget is already too small', async () => {
    const records = [sqsRecord()];
    firehoseMock
      .on(PutRecordBatchCommand)
      .resolves({ FailedPutCount: 1, RequestResponses: [{ ErrorCode: 'InternalFailure' }] });

    const outcome = await processBatch(sqsEvent(records), config, deps(3_500));

    expect(firehoseMock.commandCalls(PutRecordBatchCommand)).toHaveLength(1);
    expect(outcome.batchItemFailures).toEqual([{ itemIdentifier: records[0]?.messageId }]);
  });

  it('stops after maxPutAttempts even with time left, so a record that keeps failing does not burn the invocation', async () => {
    const records = [sqsRecord()];
    firehoseMock
      .on(PutRecordBatchCommand)
      .resolves({ FailedPutCount: 1, RequestResponses: [{ ErrorCode: 'InternalFailure' }] });

    const outcome = await processBatch(
      sqsEvent(records),
      { ...config, maxPutAttempts: 3 },
      deps(600_000),
    );

    expect(firehoseMock.commandCalls(PutRecordBatchCommand)).toHaveLength(3);
    expect(outcome.batchItemFailures).toEqual([{ itemIdentifier: records[0]?.messageId }]);
  });

  it('never forwards a FIFO record after an earlier record of its group failed', async () => {
    // Prepare
    const a1 = sqsRecord({ groupId: 'A' });
    const a2 = sqsRecord({ groupId: 'A' });
    const b1 = sqsRecord({ groupId: 'B' });
    const b2 = sqsRecord({ groupId: 'B' });
    firehoseMock.on(PutRecordBatchCommand).callsFake((input: PutRecordBatchCommandInput) => {
      const ids = (input.Records ?? []).map(
        (record) => JSON.parse(Buffer.from(record.Data as Uint8Array).toString()).message_id,
      );
      return {
        FailedPutCount: ids.filter((id) => id === a1.messageId).length,
        RequestResponses: ids.map((id) =>
          id === a1.messageId ? { ErrorCode: 'InternalFailure' } : { RecordId: id },
        ),
      };
    });

    // Act
    const outcome = await processBatch(
      sqsEvent([a1, b1, a2, b2]),
      { ...config, maxPutAttempts: 2 },
      deps(),
    );

    // Assess
    const sent = firehoseMock
      .commandCalls(PutRecordBatchCommand)
      .flatMap((_, call) => sentPayloads(call));
    expect(sent).not.toContain(a2.messageId);
    expect(sent.filter((id) => id === b2.messageId)).toHaveLength(1);
    expect(sent.indexOf(b1.messageId)).toBeLessThan(sent.indexOf(b2.messageId));
    expect(outcome.batchItemFailures).toEqual([
      { itemIdentifier: a1.messageId },
      { itemIdentifier: a2.messageId },
    ]);
  });

  it('fails the rest of a FIFO group after a failure mid-group and leaves other groups alone', async () => {
    // Prepare
    const a1 = sqsRecord({ groupId: 'A' });
    const b1 = sqsRecord({ groupId: 'B' });
    const a2 = sqsRecord({ groupId: 'A' });
    const a3 = sqsRecord({ groupId: 'A' });
    const b2 = sqsRecord({ groupId: 'B' });
    firehoseMock.on(PutRecordBatchCommand).callsFake((input: PutRecordBatchCommandInput) => {
      const ids = (input.Records ?? []).map(
        (record) => JSON.parse(Buffer.from(record.Data as Uint8Array).toString()).message_id,
      );
      return {
        FailedPutCount: ids.filter((id) => id === a2.messageId).length,
        RequestResponses: ids.map((id) =>
          id === a2.messageId ? { ErrorCode: 'InternalFailure' } : { RecordId: id },
        ),
      };
    });

    // Act
    const outcome = await processBatch(sqsEvent([a1, b1, a2, a3, b2]), config, deps(8_000));

    // Assess
    expect(outcome.batchItemFailures).toEqual([
      { itemIdentifier: a2.messageId },
      { itemIdentifier: a3.messageId },
    ]);
    expect(outcome.retried.get(a3.messageId)).toMatch(/earlier message of its FIFO group failed/);
  });

  it('reports a duplicated message id once when any of its copies failed', async () => {
    const original = sqsRecord();
    const duplicate = { ...original, receiptHandle: 'another-handle' };
    const other = sqsRecord();
    firehoseMock.on(PutRecordBatchCommand).resolves({
      FailedPutCount: 1,
      RequestResponses: [{ RecordId: 'r0' }, { ErrorCode: 'InternalFailure' }, { RecordId: 'r2' }],
    });

    const outcome = await processBatch(sqsEvent([original, duplicate, other]), config, deps(3_500));

    expect(outcome.batchItemFailures).toEqual([{ itemIdentifier: original.messageId }]);
  });

  it('treats a response with missing entries as failures, never as deliveries', async () => {
    const records = [sqsRecord(), sqsRecord()];
    firehoseMock
      .on(PutRecordBatchCommand)
      .resolves({ FailedPutCount: 1, RequestResponses: [{ RecordId: 'r0' }] });

    const outcome = await processBatch(sqsEvent(records), config, deps(3_500));

    expect(outcome.batchItemFailures).toEqual([{ itemIdentifier: records[1]?.messageId }]);
  });
});
