import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { FaultProxy } from '../../../scripts/local/emulation/faultProxy';
import { DirectoryFirehoseBuffer } from '../../../scripts/local/emulation/firehoseBuffer';

const MARKER = 'LEAN_OPS_POISON';

/** Stands in for moto: records what reached it and accepts every record. */
async function upstream(): Promise<{ url: string; bodies: string[]; server: Server }> {
  const bodies: string[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      bodies.push(body);
      const records = (JSON.parse(body) as { Records: unknown[] }).Records;
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(
        JSON.stringify({
          FailedPutCount: 0,
          RequestResponses: records.map((_, index) => ({ RecordId: `moto-${index}` })),
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies, server };
}

function client(endpoint: string): FirehoseClient {
  return new FirehoseClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
}

const record = (topic: string, text: string) => ({
  Data: Buffer.from(`${JSON.stringify({ topic, text })}\n`),
});

describe('FaultProxy', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()));
  });

  async function start(options: ConstructorParameters<typeof FaultProxy>[0]) {
    const proxy = new FaultProxy(options);
    const url = await proxy.start();
    closers.push(() => proxy.stop());
    return { proxy, firehose: client(url) };
  }

  it('plays Firehose for its stream: accepted records go to the buffer, poison ones fail', async () => {
    // Prepare
    const moto = await upstream();
    closers.push(() => new Promise((resolve) => moto.server.close(() => resolve())));
    const dir = mkdtempSync(join(tmpdir(), 'firehose-buffer-'));
    const buffer = new DirectoryFirehoseBuffer(dir);
    const { firehose } = await start({
      target: moto.url,
      alwaysFailMarker: MARKER,
      firehose: { buffers: new Map([['raw', buffer]]) },
    });

    // Act
    const response = await firehose.send(
      new PutRecordBatchCommand({
        DeliveryStreamName: 'raw',
        Records: [record('a', 'one'), record('a', MARKER), record('a', 'three')],
      }),
    );

    // Assess: the poison record failed, the others wait in one buffered call; moto saw nothing.
    expect(response.FailedPutCount).toBe(1);
    expect(response.RequestResponses?.map((answer) => answer.ErrorCode ?? 'ok')).toEqual([
      'ok',
      'ServiceUnavailableException',
      'ok',
    ]);
    const keys = await buffer.list();
    expect(keys).toHaveLength(1);
    expect(readFileSync(join(dir, keys[0] ?? '')).toString('utf8')).toBe(
      `${JSON.stringify({ topic: 'a', text: 'one' })}\n${JSON.stringify({ topic: 'a', text: 'three' })}\n`,
    );
    expect(moto.bodies).toHaveLength(0);
  });

  it('sends each stream its own records; a stream it does not play goes to the endpoint', async () => {
    const moto = await upstream();
    closers.push(() => new Promise((resolve) => moto.server.close(() => resolve())));
    const first = new DirectoryFirehoseBuffer(mkdtempSync(join(tmpdir(), 'firehose-buffer-')));
    const second = new DirectoryFirehoseBuffer(mkdtempSync(join(tmpdir(), 'firehose-buffer-')));
    const { firehose } = await start({
      target: moto.url,
      firehose: {
        buffers: new Map([
          ['raw', first],
          ['raw-1', second],
        ]),
      },
    });

    for (const stream of ['raw-1', 'raw-1', 'raw'])
      await firehose.send(
        new PutRecordBatchCommand({ DeliveryStreamName: stream, Records: [record('a', stream)] }),
      );
    await firehose.send(
      new PutRecordBatchCommand({ DeliveryStreamName: 'raw-2', Records: [record('a', 'x')] }),
    );

    expect(await first.list()).toHaveLength(1);
    expect(await second.list()).toHaveLength(2);
    expect(moto.bodies).toHaveLength(1);
  });

  it.each([
    ['501 records', Array.from({ length: 501 }, (_, index) => record('a', String(index)))],
    ['a record over 1,024,000 bytes', [{ Data: Buffer.alloc(1_024_001, 0x61) }]],
    [
      'over 4,000,000 bytes in one call',
      Array.from({ length: 5 }, () => ({ Data: Buffer.alloc(1_000_000, 0x61) })),
    ],
  ])('refuses a whole call with %s as Firehose does, buffering nothing', async (_, records) => {
    const moto = await upstream();
    closers.push(() => new Promise((resolve) => moto.server.close(() => resolve())));
    const buffer = new DirectoryFirehoseBuffer(mkdtempSync(join(tmpdir(), 'firehose-buffer-')));
    const { firehose, proxy } = await start({
      target: moto.url,
      firehose: { buffers: new Map([['raw', buffer]]) },
    });

    const call = firehose.send(
      new PutRecordBatchCommand({ DeliveryStreamName: 'raw', Records: records }),
    );

    await expect(call).rejects.toMatchObject({ name: 'InvalidArgumentException' });
    expect(await buffer.list()).toHaveLength(0);
    expect(proxy.counts.refusedCalls).toBe(1);
  });

  it('takes a call at the limits: 500 records, 1,024,000 bytes in one, 4,000,000 in all', async () => {
    const moto = await upstream();
    closers.push(() => new Promise((resolve) => moto.server.close(() => resolve())));
    const buffer = new DirectoryFirehoseBuffer(mkdtempSync(join(tmpdir(), 'firehose-buffer-')));
    const { firehose } = await start({
      target: moto.url,
      firehose: { buffers: new Map([['raw', buffer]]) },
    });
    const records = [
      { Data: Buffer.alloc(1_024_000, 0x61) },
      ...Array.from({ length: 499 }, () => ({ Data: Buffer.alloc(5_962, 0x62) })),
    ];
    expect(records.reduce((sum, item) => sum + item.Data.length, 0)).toBeLessThanOrEqual(4_000_000);

    const response = await firehose.send(
      new PutRecordBatchCommand({ DeliveryStreamName: 'raw', Records: records }),
    );

    expect(response.FailedPutCount).toBe(0);
  });

  it('forwards calls for another stream to the endpoint behind it', async () => {
    const moto = await upstream();
    closers.push(() => new Promise((resolve) => moto.server.close(() => resolve())));
    const buffer = new DirectoryFirehoseBuffer(mkdtempSync(join(tmpdir(), 'firehose-buffer-')));
    const { firehose } = await start({
      target: moto.url,
      firehose: { buffers: new Map([['raw', buffer]]) },
    });
    const response = await firehose.send(
      new PutRecordBatchCommand({ DeliveryStreamName: 'other', Records: [record('a', 'x')] }),
    );
    expect(response.RequestResponses).toEqual([{ RecordId: 'moto-0' }]);
    expect(moto.bodies).toHaveLength(1);
    expect(await buffer.list()).toEqual([]);
  });

  it("fails an outage topic's records from its first call for the given time, then heals", async () => {
    const buffer = new DirectoryFirehoseBuffer(mkdtempSync(join(tmpdir(), 'firehose-buffer-')));
    const { firehose, proxy } = await start({
      target: 'http://127.0.0.1:9',
      outage: { topic: 'down', seconds: 0.3 },
      firehose: { buffers: new Map([['raw', buffer]]) },
    });
    const put = () =>
      firehose.send(
        new PutRecordBatchCommand({
          DeliveryStreamName: 'raw',
          Records: [record('down', 'x'), record('up', 'y')],
        }),
      );
    expect((await put()).FailedPutCount).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await put()).FailedPutCount).toBe(0);
    expect(proxy.counts.outageRecords).toBe(1);
  });

  it('throttles whole calls at the given rate', async () => {
    const buffer = new DirectoryFirehoseBuffer(mkdtempSync(join(tmpdir(), 'firehose-buffer-')));
    const { firehose } = await start({
      target: 'http://127.0.0.1:9',
      throttleRate: 1,
      firehose: { buffers: new Map([['raw', buffer]]) },
    });
    await expect(
      firehose.send(
        new PutRecordBatchCommand({ DeliveryStreamName: 'raw', Records: [record('a', 'x')] }),
      ),
    ).rejects.toMatchObject({ name: 'ServiceUnavailableException' });
    expect(await buffer.list()).toEqual([]);
  });
});
