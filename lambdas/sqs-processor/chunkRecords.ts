import { FIREHOSE_MAX_BATCH_BYTES, FIREHOSE_MAX_RECORDS_PER_BATCH } from './constants';

/**
 * Splits records into PutRecordBatch calls of at most `maxRecords` records and `maxBytes` bytes,
 * keeping their order. Every record must already fit a call on its own (the caller archives
 * larger ones), so no chunk is ever empty.
 *
 * @example
 * chunkRecords([{ data: Buffer.alloc(3) }, { data: Buffer.alloc(3) }], { maxRecords: 1 }); // → two chunks
 */
export function chunkRecords<T extends { data: Buffer }>(
  records: readonly T[],
  limits: { maxRecords?: number; maxBytes?: number } = {},
): T[][] {
  const maxRecords = limits.maxRecords ?? FIREHOSE_MAX_RECORDS_PER_BATCH;
  const maxBytes = limits.maxBytes ?? FIREHOSE_MAX_BATCH_BYTES;
  const chunks: T[][] = [];
  let current: T[] = [];
  let currentBytes = 0;
  for (const record of records) {
    const size = record.data.length;
    if (current.length > 0 && (current.length >= maxRecords || currentBytes + size > maxBytes)) {
      chunks.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(record);
    currentBytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
