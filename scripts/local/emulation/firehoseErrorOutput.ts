import { randomUUID } from 'node:crypto';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ARCHIVE_PREFIXES } from '../../../lambdas/common/naming';

/**
 * Firehose's S3 error output, as the local Firehose writes it (docs/local-endpoint.md).
 *
 * Layout: `<errorPrefix><error-output-type>/dt=<yyyy-MM-dd>/<object>`, the expansion of the
 * stream's `error_output_prefix` (modules/ingestion: `firehose-errors/!{firehose:error-output-type}/
 * dt=!{timestamp:yyyy-MM-dd}/`). One JSON document per line and per failed record, modelled on the
 * documented error records (Lambda processing failures; data format conversion failures): AWS
 * does not document the layout of an Iceberg delivery failure, so the emulator keeps the fields
 * every documented one has and names the table the way the format-conversion record does.
 */
export const ERROR_OUTPUT_TYPES = {
  /** The transform answered ProcessingFailed, or its invocation failed. */
  processingFailed: 'processing-failed',
  /** The Iceberg destination could not write the record (table, shape, types). */
  icebergFailed: 'iceberg-failed',
} as const;
export type ErrorOutputType = (typeof ERROR_OUTPUT_TYPES)[keyof typeof ERROR_OUTPUT_TYPES];

export interface FirehoseErrorRecord {
  attemptsMade: number;
  /** Epoch milliseconds. */
  arrivalTimestamp: number;
  errorCode: string;
  errorMessage: string;
  attemptEndingTimestamp: number;
  /** The record's bytes as Firehose received them (or as the transform returned them), base64. */
  rawData: string;
  /** The table the record was routed to (Iceberg delivery failures only). */
  dataCatalogTable?: { databaseName: string; tableName: string };
}

export interface FailedRecord {
  data: Buffer;
  errorCode: string;
  errorMessage: string;
  arrivalTimestamp?: number;
  table?: { databaseName: string; tableName: string };
}

/** The S3 key of one error object written at `now`. */
export function errorOutputKey(
  type: ErrorOutputType,
  now: Date,
  prefix: string = ARCHIVE_PREFIXES.firehoseErrors,
): string {
  return `${prefix}${type}/dt=${now.toISOString().slice(0, 10)}/${now.getTime()}-${randomUUID()}.json`;
}

/** The error records of `records`, one JSON line each. */
export function errorOutputBody(records: readonly FailedRecord[], now: Date): string {
  return records
    .map((record) => {
      const document: FirehoseErrorRecord = {
        attemptsMade: 1,
        arrivalTimestamp: record.arrivalTimestamp ?? now.getTime(),
        errorCode: record.errorCode,
        errorMessage: record.errorMessage,
        attemptEndingTimestamp: now.getTime(),
        rawData: record.data.toString('base64'),
        ...(record.table ? { dataCatalogTable: record.table } : {}),
      };
      return `${JSON.stringify(document)}\n`;
    })
    .join('');
}

/** Writes `records` as one error object; resolves its key (nothing is written for none). */
export async function writeErrorOutput(
  s3: S3Client,
  bucket: string,
  type: ErrorOutputType,
  records: readonly FailedRecord[],
  prefix?: string,
): Promise<string | undefined> {
  if (records.length === 0) return undefined;
  const now = new Date();
  const key = errorOutputKey(type, now, prefix);
  await s3.send(
    new PutObjectCommand({ Bucket: bucket, Key: key, Body: errorOutputBody(records, now) }),
  );
  return key;
}
