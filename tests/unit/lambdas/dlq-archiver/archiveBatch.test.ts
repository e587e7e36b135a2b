import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { archiveBatch } from '../../../../lambdas/dlq-archiver/archiveBatch';
import { dlqRecord, TEST_PREFIX } from '../../../helpers/dlqRecords';

const s3Mock = mockClient(S3Client);
const documentMock = mockClient(DynamoDBDocumentClient);

function deps() {
  return {
    s3: new S3Client({ region: 'us-east-1' }),
    documentClient: DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
    bucket: 'archive-bucket',
    indexTable: 'dlq-index',
    queueNamePrefix: TEST_PREFIX,
    now: () => new Date('2026-11-25T10:30:00Z'),
  };
}

function awsError(name: string, status: number): Error {
  return Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
}

beforeEach(() => {
  s3Mock.reset();
  documentMock.reset();
  s3Mock.on(PutObjectCommand).resolves({});
  documentMock.on(PutCommand).resolves({});
});

describe('archiveBatch', () => {
  it('writes the archive object conditionally, then the index item conditionally', async () => {
    // Prepare
    const record = dlqRecord({ messageId: 'm-1' });

    // Act
    const outcome = await archiveBatch({ Records: [record] }, deps());

    // Assess
    expect(outcome.response.batchItemFailures).toEqual([]);
    const put = s3Mock.commandCalls(PutObjectCommand)[0]?.args[0].input;
    expect(put).toMatchObject({ Bucket: 'archive-bucket', IfNoneMatch: '*' });
    expect(JSON.parse(String(put?.Body))).toMatchObject({
      message_id: 'm-1',
      body: record.body,
      topic: 'engine-temperature',
    });
    const item = documentMock.commandCalls(PutCommand)[0]?.args[0].input;
    expect(item).toMatchObject({
      TableName: 'dlq-index',
      ConditionExpression: 'attribute_not_exists(sk)',
    });
    expect(item?.Item).toMatchObject({ status: 'ARCHIVED', archive_key: put?.Key });
    expect(outcome.archived).toEqual([
      expect.objectContaining({ messageId: 'm-1', firstDelivery: true }),
    ]);
  });

  it('treats an object and item that already exist as archived (a redelivery), not as a failure', async () => {
    s3Mock.on(PutObjectCommand).rejects(awsError('PreconditionFailed', 412));
    documentMock.on(PutCommand).rejects(awsError('ConditionalCheckFailedException', 400));

    const outcome = await archiveBatch({ Records: [dlqRecord({ messageId: 'again' })] }, deps());

    expect(outcome.response.batchItemFailures).toEqual([]);
    expect(outcome.archived).toEqual([
      expect.objectContaining({ messageId: 'again', firstDelivery: false }),
    ]);
  });

  it('reports only the message whose archive object failed, and never indexes it', async () => {
    const good = dlqRecord({ messageId: 'good' });
    const bad = dlqRecord({ messageId: 'bad' });
    s3Mock.on(PutObjectCommand).callsFake((input: { Key: string }) => {
      if (input.Key.endsWith('/bad.json')) throw awsError('SlowDown', 503);
      return {};
    });

    const outcome = await archiveBatch({ Records: [good, bad] }, deps());

    expect(outcome.response.batchItemFailures).toEqual([{ itemIdentifier: 'bad' }]);
    const indexed = documentMock
      .commandCalls(PutCommand)
      .map((call) => call.args[0].input.Item?.message_id);
    expect(indexed).toEqual(['good']);
    expect(outcome.failed.get('bad')).toMatch(/archive-object.*SlowDown/);
  });

  it('reports a message whose index item failed even though its object was stored', async () => {
    documentMock.on(PutCommand).rejects(awsError('ProvisionedThroughputExceededException', 400));

    const outcome = await archiveBatch({ Records: [dlqRecord({ messageId: 'm-2' })] }, deps());

    expect(outcome.response.batchItemFailures).toEqual([{ itemIdentifier: 'm-2' }]);
    expect(outcome.failed.get('m-2')).toMatch(/index-item/);
  });

  it('returns every message as failed, without throwing, when the whole batch fails', async () => {
    s3Mock.on(PutObjectCommand).rejects(awsError('AccessDenied', 403));
    const records = [dlqRecord({ messageId: 'a' }), dlqRecord({ messageId: 'b' })];

    const outcome = await archiveBatch({ Records: records }, deps());

    expect(
      outcome.response.batchItemFailures.map((failure) => failure.itemIdentifier).sort(),
    ).toEqual(['a', 'b']);
  });

  it('on the FIFO DLQ fails the later messages of a failed group but archives other groups', async () => {
    const first = dlqRecord({ messageId: 'g1-a', topic: 'door-events', fifo: true, groupId: 'g1' });
    const second = dlqRecord({
      messageId: 'g1-b',
      topic: 'door-events',
      fifo: true,
      groupId: 'g1',
    });
    const other = dlqRecord({ messageId: 'g2-a', topic: 'door-events', fifo: true, groupId: 'g2' });
    s3Mock.on(PutObjectCommand).callsFake((input: { Key: string }) => {
      if (input.Key.endsWith('/g1-a.json')) throw awsError('InternalError', 500);
      return {};
    });

    const outcome = await archiveBatch({ Records: [first, second, other] }, deps());

    expect(outcome.response.batchItemFailures).toEqual([
      { itemIdentifier: 'g1-a' },
      { itemIdentifier: 'g1-b' },
    ]);
    expect(outcome.archived.map((message) => message.messageId)).toEqual(['g2-a']);
  });
});
