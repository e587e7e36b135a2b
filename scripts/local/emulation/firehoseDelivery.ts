// Over 300 lines on purpose: one class plays one AWS service (Firehose delivery: buffer, transform,
// retry, error output), and splitting it would spread the emulated contract over several files.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { FirehoseTransformationEvent, FirehoseTransformationResult } from 'aws-lambda';
import type { DeliverySource } from './firehoseBuffer';
import {
  ERROR_OUTPUT_TYPES,
  type ErrorOutputType,
  type FailedRecord,
  writeErrorOutput,
} from './firehoseErrorOutput';
import type { Invocable } from './sqsEventSource';

export interface FirehoseDeliveryOptions {
  s3: S3Client;
  /** Where moto's Firehose writes what PutRecordBatch received (ExtendedS3 destination). */
  bucket: string;
  prefix: string;
  /** The firehose-transform function. */
  transform: Invocable;
  /** Routed records land here as `<spool>/<database>/<table>/*.ndjson` for the Iceberg writer. */
  spoolDir: string;
  /** Firehose's S3 error output for ProcessingFailed records (same bucket). */
  errorPrefix?: string;
  /** Raw bytes per transform invocation (base64 inflates by 4/3 under the 6 MB payload limit). */
  maxInvokeBytes?: number;
  /** Where pending calls are read from; default: the S3 objects moto's Firehose writes. */
  source?: DeliverySource;
  /** Source objects delivered at once (Firehose runs many transform invocations in parallel). */
  concurrency?: number;
  /**
   * An injected Iceberg delivery failure for a routed record (the local run's fault): such a
   * record goes to the error output `iceberg-failed/` with this code instead of the spool.
   */
  failDelivery?: (data: Buffer) => { errorCode: string; errorMessage: string } | undefined;
}

export interface DeliveryStats {
  objects: number;
  records: number;
  /** `<database>.<table>` → records routed there. */
  routed: Map<string, number>;
  processingFailed: number;
  /** Routed records whose (injected) Iceberg delivery failed: in the error output. */
  deliveryFailed: number;
  /** Records the transform answered `Dropped` (lost in AWS): must stay 0. */
  dropped: number;
}

interface SourceRecord {
  recordId: string;
  data: Buffer;
}

/**
 * The local stand-in for Firehose's delivery (moto's Firehose never invokes the transform and
 * cannot write Iceberg, LOCAL-EMULATOR.md): reads what moto stored per PutRecordBatch call,
 * invokes the transform Lambda on batches of records, checks its answer the way Firehose does
 * (every recordId exactly once), routes Ok records by `metadata.otfMetadata` into per-table
 * spool files, and writes ProcessingFailed records to the S3 error output. A source object is
 * deleted only after all of its records are routed or in the error output.
 */
export class FirehoseDelivery {
  private sequence = 0;
  private loop: Promise<void> | undefined;
  private stopping = false;
  private failure: Error | undefined;

  private readonly source: DeliverySource;

  constructor(private readonly options: FirehoseDeliveryOptions) {
    this.source =
      options.source ?? new S3DeliverySource(options.s3, options.bucket, options.prefix);
  }

  async deliverPending(): Promise<DeliveryStats> {
    const stats: DeliveryStats = {
      objects: 0,
      records: 0,
      routed: new Map(),
      processingFailed: 0,
      deliveryFailed: 0,
      dropped: 0,
    };
    const keys = await this.source.list();
    const workers = Array.from({ length: this.options.concurrency ?? 1 }, async () => {
      for (let key = keys.shift(); key !== undefined; key = keys.shift()) {
        await this.deliverObject(key, stats);
      }
    });
    await Promise.all(workers);
    return stats;
  }

  /**
   * Delivers continuously until `stop()` is called, as Firehose does, so the SQS pollers never
   * wait for delivery; `stop()` resolves after the last pass, when nothing is pending.
   */
  start(idleMs = 200): void {
    if (this.loop !== undefined) return;
    this.stopping = false;
    this.loop = (async () => {
      while (!this.stopping) {
        const stats = await this.deliverPending();
        if (stats.objects === 0) await new Promise((resolve) => setTimeout(resolve, idleMs));
      }
      await this.deliverPending();
    })().catch((error: unknown) => {
      this.failure = error instanceof Error ? error : new Error(String(error));
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const loop = this.loop;
    this.loop = undefined;
    await loop;
    const failure = this.failure;
    this.failure = undefined;
    if (failure !== undefined) throw failure;
  }

  private async deliverObject(key: string, stats: DeliveryStats): Promise<void> {
    const body = await this.source.read(key);
    const records = splitRecords(body, key);
    for (const batch of batchByBytes(records, this.options.maxInvokeBytes ?? 3 * 1024 * 1024)) {
      await this.transformAndRoute(batch, stats);
    }
    stats.objects++;
    stats.records += records.length;
    await this.source.remove(key);
  }

  private async transformAndRoute(batch: SourceRecord[], stats: DeliveryStats): Promise<void> {
    const event: FirehoseTransformationEvent = {
      invocationId: `local-${++this.sequence}`,
      deliveryStreamArn: 'arn:aws:firehose:us-east-1:000000000000:deliverystream/local',
      region: 'us-east-1',
      records: batch.map((record) => ({
        recordId: record.recordId,
        approximateArrivalTimestamp: Date.now(),
        data: record.data.toString('base64'),
      })),
    };
    let result: FirehoseTransformationResult | undefined;
    let failure = '';
    try {
      result = await this.options.transform.invoke<FirehoseTransformationResult>(event);
      failure = answerProblem(batch, result);
    } catch (error) {
      failure = `transform invocation failed: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (failure !== '' || result === undefined) {
      await this.writeErrors(
        ERROR_OUTPUT_TYPES.processingFailed,
        batch.map((record) => ({
          data: record.data,
          errorCode: 'Lambda.InvokeOrResponseInvalid',
          errorMessage: failure,
        })),
      );
      stats.processingFailed += batch.length;
      return;
    }
    const lines = new Map<string, string[]>();
    const failed: SourceRecord[] = [];
    const undelivered: FailedRecord[] = [];
    const byId = new Map(batch.map((record) => [record.recordId, record]));
    for (const item of result.records) {
      const source = byId.get(item.recordId);
      if (source === undefined) continue;
      const otf = (
        item.metadata as
          | { otfMetadata?: { destinationDatabaseName?: string; destinationTableName?: string } }
          | undefined
      )?.otfMetadata;
      if (item.result === 'Dropped') {
        // Firehose discards Dropped records silently; count them so a run can prove there are none.
        stats.dropped++;
        continue;
      }
      if (
        item.result !== 'Ok' ||
        item.data === undefined ||
        !otf?.destinationDatabaseName ||
        !otf.destinationTableName
      ) {
        failed.push(source);
        continue;
      }
      const injected = this.options.failDelivery?.(source.data);
      if (injected) {
        undelivered.push({
          data: Buffer.from(item.data, 'base64'),
          ...injected,
          table: {
            databaseName: otf.destinationDatabaseName,
            tableName: otf.destinationTableName,
          },
        });
        continue;
      }
      const destination = `${otf.destinationDatabaseName}/${otf.destinationTableName}`;
      const text = Buffer.from(item.data, 'base64').toString('utf8');
      const list = lines.get(destination) ?? [];
      list.push(text.endsWith('\n') ? text : `${text}\n`);
      lines.set(destination, list);
    }
    for (const [destination, texts] of lines) {
      const dir = join(this.options.spoolDir, destination);
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        join(dir, `${Date.now()}-${process.pid}-${++this.sequence}.ndjson`),
        texts.join(''),
      );
      const name = destination.replace('/', '.');
      stats.routed.set(name, (stats.routed.get(name) ?? 0) + texts.length);
    }
    await this.writeErrors(ERROR_OUTPUT_TYPES.icebergFailed, undelivered);
    stats.deliveryFailed += undelivered.length;
    await this.writeErrors(
      ERROR_OUTPUT_TYPES.processingFailed,
      failed.map((record) => ({
        data: record.data,
        errorCode: 'Lambda.ProcessingFailed',
        errorMessage: 'the transform returned ProcessingFailed',
      })),
    );
    stats.processingFailed += failed.length;
  }

  /** One error object of `type` for `records` (none is written for no records). */
  private async writeErrors(type: ErrorOutputType, records: FailedRecord[]): Promise<void> {
    await writeErrorOutput(
      this.options.s3,
      this.options.bucket,
      type,
      records,
      this.options.errorPrefix,
    );
  }
}

/** A record per newline-terminated line, as sqs-processor writes them (JSON escapes newlines). */
export function splitRecords(body: Buffer, key: string): SourceRecord[] {
  const records: SourceRecord[] = [];
  let start = 0;
  for (let index = body.indexOf(0x0a); index !== -1; index = body.indexOf(0x0a, start)) {
    records.push({ recordId: `${key}#${records.length}`, data: body.subarray(start, index + 1) });
    start = index + 1;
  }
  if (start < body.length)
    records.push({ recordId: `${key}#${records.length}`, data: body.subarray(start) });
  return records;
}

function batchByBytes(records: SourceRecord[], maxBytes: number): SourceRecord[][] {
  const batches: SourceRecord[][] = [];
  let current: SourceRecord[] = [];
  let bytes = 0;
  for (const record of records) {
    if (current.length > 0 && bytes + record.data.length > maxBytes) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(record);
    bytes += record.data.length;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** Firehose rejects a transform answer that does not return every recordId exactly once. */
export function answerProblem(
  batch: SourceRecord[],
  result: FirehoseTransformationResult | undefined,
): string {
  if (!result || !Array.isArray(result.records)) return 'transform returned no records array';
  const expected = new Set(batch.map((record) => record.recordId));
  const seen = new Set<string>();
  for (const item of result.records) {
    if (!expected.has(item.recordId)) return `transform returned unknown recordId ${item.recordId}`;
    if (seen.has(item.recordId)) return `transform returned recordId ${item.recordId} twice`;
    if (!['Ok', 'ProcessingFailed', 'Dropped'].includes(item.result))
      return `invalid result ${item.result}`;
    seen.add(item.recordId);
  }
  if (seen.size !== expected.size)
    return `transform returned ${seen.size} of ${expected.size} records`;
  return '';
}

/** The objects moto's Firehose writes to its S3 destination, one per PutRecordBatch call. */
class S3DeliverySource implements DeliverySource {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly prefix: string,
  ) {}

  async list(): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.s3.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: this.prefix,
          ContinuationToken: token,
        }),
      );
      for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    return keys;
  }

  async read(key: string): Promise<Buffer> {
    const response = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    return Buffer.from(
      await (response.Body?.transformToByteArray() ?? Promise.resolve(new Uint8Array())),
    );
  }

  async remove(key: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}
