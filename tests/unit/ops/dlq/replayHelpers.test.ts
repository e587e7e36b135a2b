import { createHash } from 'node:crypto';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { RatePacer } from '../../../../lambdas/common/RatePacer';
import { buildReplayEntry } from '../../../../scripts/ops/dlq/buildReplayEntry';
import { readArchivedMessage } from '../../../../scripts/ops/dlq/readArchivedMessage';
import { sendWithRetry } from '../../../../scripts/ops/dlq/sendWithRetry';
import { splitEntriesBySize } from '../../../../scripts/ops/dlq/splitEntriesBySize';
import { archiveDocument, indexItem } from '../../../helpers/replayItems';

const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('buildReplayEntry', () => {
  it('sends the body verbatim with the producer attributes and the replay trace', () => {
    const document = archiveDocument({
      body: '{"a":"ü"}',
      message_attributes: {
        trace: { dataType: 'String', stringValue: 't-1' },
        blob: { dataType: 'Binary', binaryValue: Buffer.from('xyz').toString('base64') },
      },
    });

    const entry = buildReplayEntry('3', indexItem({ message_id: 'orig' }), document, {
      fifo: false,
      replayId: 'r-1',
    });

    expect(entry.Id).toBe('3');
    expect(entry.MessageBody).toBe('{"a":"ü"}');
    expect(entry.MessageAttributes?.trace).toEqual({ DataType: 'String', StringValue: 't-1' });
    expect(Buffer.from(entry.MessageAttributes?.blob?.BinaryValue ?? []).toString()).toBe('xyz');
    expect(entry.MessageAttributes?.lean_ops_original_message_id?.StringValue).toBe('orig');
    expect(entry.MessageAttributes?.lean_ops_replay_id?.StringValue).toBe('r-1');
    expect(entry.MessageGroupId).toBeUndefined();
  });

  it('keeps the message group on FIFO and derives a dedup id that changes only with the replay count', () => {
    const first = buildReplayEntry(
      '0',
      indexItem({ message_id: 'x', message_group_id: 'door-1' }),
      archiveDocument(),
      { fifo: true, replayId: 'r-1' },
    );
    const crashedRerun = buildReplayEntry(
      '0',
      indexItem({ message_id: 'x', message_group_id: 'door-1' }),
      archiveDocument(),
      { fifo: true, replayId: 'r-2' },
    );
    const forced = buildReplayEntry(
      '0',
      indexItem({ message_id: 'x', message_group_id: 'door-1', replay_count: 1 }),
      archiveDocument(),
      { fifo: true, replayId: 'r-3' },
    );

    expect(first.MessageGroupId).toBe('door-1');
    expect(crashedRerun.MessageDeduplicationId).toBe(first.MessageDeduplicationId);
    expect(forced.MessageDeduplicationId).not.toBe(first.MessageDeduplicationId);
  });

  it('keeps pointing at the first delivery when a replayed copy dead-lettered again, without copying our old attributes', () => {
    const redeadLettered = indexItem({ message_id: 'copy-2', original_message_id: 'first-1' });
    const document = archiveDocument({
      message_attributes: {
        lean_ops_original_message_id: { dataType: 'String', stringValue: 'first-1' },
        lean_ops_replay_id: { dataType: 'String', stringValue: 'r-old' },
      },
    });

    const entry = buildReplayEntry('0', redeadLettered, document, {
      fifo: false,
      replayId: 'r-new',
    });

    expect(entry.MessageAttributes).toEqual({
      lean_ops_original_message_id: { DataType: 'String', StringValue: 'first-1' },
      lean_ops_replay_id: { DataType: 'String', StringValue: 'r-new' },
    });
  });

  it('never drops a producer attribute to stay within 10: the original id goes first, the replay id only with room', () => {
    const attributes = (count: number) =>
      Object.fromEntries(
        Array.from({ length: count }, (_, index) => [
          `a${index}`,
          { dataType: 'String', stringValue: 'v' },
        ]),
      );

    const nine = buildReplayEntry(
      '0',
      indexItem(),
      archiveDocument({ message_attributes: attributes(9) }),
      { fifo: false, replayId: 'r' },
    );
    const ten = buildReplayEntry(
      '0',
      indexItem(),
      archiveDocument({ message_attributes: attributes(10) }),
      { fifo: false, replayId: 'r' },
    );

    expect(Object.keys(nine.MessageAttributes ?? {})).toHaveLength(10);
    expect(nine.MessageAttributes?.lean_ops_original_message_id).toBeDefined();
    expect(nine.MessageAttributes?.lean_ops_replay_id).toBeUndefined();
    expect(Object.keys(ten.MessageAttributes ?? {}).sort()).toEqual(
      Object.keys(attributes(10)).sort(),
    );
  });
});

describe('splitEntriesBySize', () => {
  const entry = (bytes: number): SendMessageBatchRequestEntry => ({
    Id: String(bytes),
    MessageBody: 'x'.repeat(bytes),
  });

  it('keeps at most 10 entries and 256 KiB per call, in order', () => {
    const small = Array.from({ length: 23 }, () => entry(10));
    expect(splitEntriesBySize(small).map((batch) => batch.length)).toEqual([10, 10, 3]);

    const big = [entry(100 * 1024), entry(100 * 1024), entry(100 * 1024)];
    expect(splitEntriesBySize(big).map((batch) => batch.length)).toEqual([2, 1]);
  });
});

describe('sendWithRetry', () => {
  const sqsMock = mockClient(SQSClient);
  const sqs = new SQSClient({ region: 'us-east-1' });
  const entries = [
    { Id: '0', MessageBody: 'a' },
    { Id: '1', MessageBody: 'b' },
    { Id: '2', MessageBody: 'c' },
  ];
  const noSleep = { sleep: async () => undefined, random: () => 0 };

  beforeEach(() => sqsMock.reset());

  it('retries only the entries SQS failed, keyed by Id, and fails sender faults at once', async () => {
    // Prepare: the response lists entries out of order; entry 1 fails once, entry 2 is the sender's fault.
    sqsMock
      .on(SendMessageBatchCommand)
      .resolvesOnce({
        Successful: [{ Id: '0', MessageId: 'new-0', MD5OfMessageBody: '' }],
        Failed: [
          { Id: '2', Code: 'InvalidParameterValue', SenderFault: true, Message: 'bad attribute' },
          { Id: '1', Code: 'InternalError', SenderFault: false },
        ],
      })
      .resolves({
        Successful: [{ Id: '1', MessageId: 'new-1', MD5OfMessageBody: '' }],
        Failed: [],
      });

    // Act
    const outcome = await sendWithRetry(sqs, 'url', entries, noSleep);

    // Assess
    expect([...outcome.sent]).toEqual([
      ['0', 'new-0'],
      ['1', 'new-1'],
    ]);
    expect([...outcome.failed.keys()]).toEqual(['2']);
    expect(
      sqsMock
        .commandCalls(SendMessageBatchCommand)[1]
        ?.args[0].input.Entries?.map((entry) => entry.Id),
    ).toEqual(['1']);
  });

  it('retries a throttled call and gives up after the last attempt without throwing', async () => {
    sqsMock
      .on(SendMessageBatchCommand)
      .rejects(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }));

    const outcome = await sendWithRetry(sqs, 'url', entries, { ...noSleep, maxAttempts: 3 });

    expect(sqsMock.commandCalls(SendMessageBatchCommand)).toHaveLength(3);
    expect([...outcome.failed.keys()]).toEqual(['0', '1', '2']);
    expect(outcome.sent.size).toBe(0);
  });

  it('never counts an entry SQS did not answer for as sent', async () => {
    sqsMock
      .on(SendMessageBatchCommand)
      .resolves({ Successful: [{ Id: '0', MessageId: 'n', MD5OfMessageBody: '' }], Failed: [] });

    const outcome = await sendWithRetry(sqs, 'url', entries, { ...noSleep, maxAttempts: 2 });

    expect([...outcome.sent.keys()]).toEqual(['0']);
    expect([...outcome.failed.keys()].sort()).toEqual(['1', '2']);
  });
});

describe('RatePacer', () => {
  it('spaces batches to the rate and does not wait without one', async () => {
    let clock = 0;
    const waits: number[] = [];
    const pacer = new RatePacer(
      20,
      () => clock,
      async (ms) => {
        waits.push(ms);
        clock += ms;
      },
    );

    await pacer.take(10);
    await pacer.take(10);
    await pacer.take(10);

    expect(waits).toEqual([500, 500]);
    const unlimited = new RatePacer(
      undefined,
      () => 0,
      async () => {
        throw new Error('must not sleep');
      },
    );
    await expect(unlimited.take(1000)).resolves.toBeUndefined();
  });

  it('builds no credit while idle: a burst after a quiet hour is still spaced', async () => {
    let clock = 0;
    const waits: number[] = [];
    const pacer = new RatePacer(
      10,
      () => clock,
      async (ms) => {
        waits.push(ms);
        clock += ms;
      },
    );
    await pacer.take(1);
    clock += 3_600_000;
    for (let call = 0; call < 4; call++) await pacer.take(1);
    expect(waits).toEqual([100, 100, 100]);
  });
});

describe('readArchivedMessage', () => {
  const s3Mock = mockClient(S3Client);
  const s3 = new S3Client({ region: 'us-east-1' });
  // The SDK's streaming body, reduced to the one method the reader uses.
  const body = (text: string) => ({ Body: { transformToString: async () => text } as never });

  beforeEach(() => s3Mock.reset());

  it('accepts a body whose SHA-256 matches the archive and the index', async () => {
    const document = archiveDocument({ body: 'hello', sha256: sha('hello') });
    s3Mock.on(GetObjectCommand).resolves(body(JSON.stringify(document)));

    const read = await readArchivedMessage(s3, 'b', 'k', sha('hello'));

    expect(read).toEqual({ ok: true, document });
  });

  it('reports a tampered body as SHA256_MISMATCH', async () => {
    s3Mock
      .on(GetObjectCommand)
      .resolves(body(JSON.stringify(archiveDocument({ body: 'hello!', sha256: sha('hello') }))));

    const read = await readArchivedMessage(s3, 'b', 'k', sha('hello'));

    expect(read).toMatchObject({ ok: false, code: 'SHA256_MISMATCH' });
  });

  it('reports a missing or unreadable object as ARCHIVE_UNREADABLE', async () => {
    s3Mock
      .on(GetObjectCommand)
      .rejectsOnce(Object.assign(new Error('no key'), { name: 'NoSuchKey' }))
      .resolves(body('not json'));

    expect(await readArchivedMessage(s3, 'b', 'k', 'x')).toMatchObject({
      ok: false,
      code: 'ARCHIVE_UNREADABLE',
    });
    expect(await readArchivedMessage(s3, 'b', 'k', 'x')).toMatchObject({
      ok: false,
      code: 'ARCHIVE_UNREADABLE',
    });
  });

  it('reports a body the archive retention deleted as ARCHIVE_EXPIRED, and only after its expiry', async () => {
    const noSuchKey = Object.assign(new Error('no key'), { name: 'NoSuchKey' });
    s3Mock.on(GetObjectCommand).rejects(noSuchKey);
    const archiveExpiresAt = '2027-01-01T00:00:00.000Z';

    const after = await readArchivedMessage(s3, 'b', 'k', 'x', {
      archiveExpiresAt,
      now: new Date('2027-01-02T00:00:00Z'),
    });
    const before = await readArchivedMessage(s3, 'b', 'k', 'x', {
      archiveExpiresAt,
      now: new Date('2026-12-31T00:00:00Z'),
    });

    expect(after).toMatchObject({ ok: false, code: 'ARCHIVE_EXPIRED' });
    expect(after.ok ? '' : after.reason).toContain(archiveExpiresAt);
    expect(before).toMatchObject({ ok: false, code: 'ARCHIVE_UNREADABLE' });
  });
});
