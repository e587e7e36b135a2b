import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import type { FirehoseTransformationEvent, FirehoseTransformationResult } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { FirehoseDelivery } from '../../../scripts/local/emulation/firehoseDelivery';

const s3Mock = mockClient(S3Client);

/** A bucket of source objects (what moto stored per PutRecordBatch), consumed by deletes. */
function bucket(objects: Map<string, string>) {
  s3Mock.on(ListObjectsV2Command).callsFake(() => ({
    Contents: [...objects.keys()].map((Key) => ({ Key })),
    IsTruncated: false,
  }));
  s3Mock.on(GetObjectCommand).callsFake((input: { Key: string }) => ({
    // The one method of the SDK's stream mixin that delivery reads the body with.
    Body: { transformToByteArray: async () => Buffer.from(objects.get(input.Key) ?? '') },
  }));
  s3Mock.on(DeleteObjectCommand).callsFake((input: { Key: string }) => {
    objects.delete(input.Key);
    return {};
  });
}

/** A transform that routes every record Ok to one table, counting invocations in flight. */
function routingTransform() {
  const seen = { inFlight: 0, maxInFlight: 0 };
  return {
    seen,
    invoke: async <T>(event: unknown): Promise<T> => {
      seen.inFlight++;
      seen.maxInFlight = Math.max(seen.maxInFlight, seen.inFlight);
      await new Promise((resolve) => setTimeout(resolve, 20));
      seen.inFlight--;
      const { records } = event as FirehoseTransformationEvent;
      const result: FirehoseTransformationResult = {
        records: records.map((record) => ({
          recordId: record.recordId,
          result: 'Ok',
          data: record.data,
          metadata: {
            otfMetadata: { destinationDatabaseName: 'raw', destinationTableName: 't' },
          } as never,
        })),
      };
      return result as T;
    },
  };
}

function spooledLines(spool: string): string[] {
  const dir = join(spool, 'raw', 't');
  return readdirSync(dir).flatMap((file) =>
    readFileSync(join(dir, file), 'utf8').trimEnd().split('\n'),
  );
}

describe('FirehoseDelivery', () => {
  beforeEach(() => s3Mock.reset());

  it('delivers objects concurrently and routes every record once', async () => {
    // Prepare
    const objects = new Map(
      Array.from({ length: 6 }, (_, index) => [`in/${index}`, `{"n":${index}}\n{"m":${index}}\n`]),
    );
    bucket(objects);
    const transform = routingTransform();
    const spool = mkdtempSync(join(tmpdir(), 'spool-'));
    const delivery = new FirehoseDelivery({
      s3: new S3Client({ region: 'us-east-1' }),
      bucket: 'b',
      prefix: 'in/',
      transform,
      spoolDir: spool,
      concurrency: 3,
    });

    // Act
    const stats = await delivery.deliverPending();

    // Assess
    expect(stats).toMatchObject({ objects: 6, records: 12, processingFailed: 0, dropped: 0 });
    expect(transform.seen.maxInFlight).toBe(3);
    expect(spooledLines(spool).sort()).toHaveLength(12);
    expect(objects.size).toBe(0);
  });

  it('keeps delivering in the background until stopped, then leaves nothing pending', async () => {
    // Prepare
    const objects = new Map([['in/a', '{"a":1}\n']]);
    bucket(objects);
    const spool = mkdtempSync(join(tmpdir(), 'spool-'));
    const delivery = new FirehoseDelivery({
      s3: new S3Client({ region: 'us-east-1' }),
      bucket: 'b',
      prefix: 'in/',
      transform: routingTransform(),
      spoolDir: spool,
    });

    // Act: a second object arrives while the loop runs, a third just before stop().
    delivery.start(10);
    await new Promise((resolve) => setTimeout(resolve, 100));
    objects.set('in/b', '{"b":2}\n');
    await new Promise((resolve) => setTimeout(resolve, 100));
    objects.set('in/c', '{"c":3}\n');
    await delivery.stop();

    // Assess
    expect(spooledLines(spool).sort()).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
    expect(objects.size).toBe(0);
  });

  it('reports a delivery failure of the background loop when stopped', async () => {
    s3Mock.on(ListObjectsV2Command).rejects(new Error('bucket gone'));
    const delivery = new FirehoseDelivery({
      s3: new S3Client({ region: 'us-east-1' }),
      bucket: 'b',
      prefix: 'in/',
      transform: routingTransform(),
      spoolDir: mkdtempSync(join(tmpdir(), 'spool-')),
    });
    delivery.start(10);
    await expect(delivery.stop()).rejects.toThrow('bucket gone');
  });
});
