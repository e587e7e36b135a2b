import type { SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs';

/** SendMessageBatch: at most 10 entries and 256 KiB of bodies plus attributes per call. */
export const MAX_BATCH_ENTRIES = 10;
export const MAX_BATCH_BYTES = 256 * 1024;

/** Bytes SQS counts for an entry: the body plus each attribute's name, type and value. */
export function entryBytes(entry: SendMessageBatchRequestEntry): number {
  let bytes = Buffer.byteLength(entry.MessageBody ?? '', 'utf8');
  for (const [name, value] of Object.entries(entry.MessageAttributes ?? {})) {
    bytes += Buffer.byteLength(name) + Buffer.byteLength(value.DataType ?? '');
    bytes +=
      value.StringValue !== undefined
        ? Buffer.byteLength(value.StringValue)
        : (value.BinaryValue?.length ?? 0);
  }
  return bytes;
}

/**
 * Splits entries into SendMessageBatch calls within both limits, keeping their order; an entry
 * too large for a batch on its own still gets a call of its own (SQS then says why it fails).
 *
 * @example
 * splitEntriesBySize(entries).map((batch) => batch.length); // e.g. [10, 10, 3]
 */
export function splitEntriesBySize(
  entries: readonly SendMessageBatchRequestEntry[],
  limits: { maxEntries?: number; maxBytes?: number } = {},
): SendMessageBatchRequestEntry[][] {
  const maxEntries = limits.maxEntries ?? MAX_BATCH_ENTRIES;
  const maxBytes = limits.maxBytes ?? MAX_BATCH_BYTES;
  const batches: SendMessageBatchRequestEntry[][] = [];
  let current: SendMessageBatchRequestEntry[] = [];
  let currentBytes = 0;
  for (const entry of entries) {
    const size = entryBytes(entry);
    if (current.length > 0 && (current.length >= maxEntries || currentBytes + size > maxBytes)) {
      batches.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(entry);
    currentBytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
