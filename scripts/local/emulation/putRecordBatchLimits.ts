/**
 * The request limits Firehose enforces on PutRecordBatch, as the local Firehose enforces them
 * (docs/local-endpoint.md). Written here from the API reference, not imported from the processor:
 * a test double that shared the producer's constants would agree with any mistake in them.
 *
 * API reference, PutRecordBatch: "Each PutRecordBatch request supports up to 500 records. Each
 * record in the request can be as large as 1,000 KB (before base64 encoding), up to a limit of
 * 4 MB for the entire request." Record: data blob "Maximum length of 1024000".
 * The docs leave open whether "4 MB" means 4,000,000 or 4,194,304 bytes and whether the base64
 * expansion counts: the emulator takes 4,000,000 bytes of decoded data, the stricter reading that
 * a correct producer still meets with room.
 */
export const PUT_RECORD_BATCH_LIMITS = {
  records: 500,
  recordBytes: 1_024_000,
  requestBytes: 4_000_000,
} as const;

/** Why Firehose would refuse this call (InvalidArgumentException), or undefined when it fits. */
export function putRecordBatchViolation(records: readonly { Data: string }[]): string | undefined {
  if (records.length === 0) return 'Records must hold at least 1 record';
  if (records.length > PUT_RECORD_BATCH_LIMITS.records)
    return `${records.length} records in one call; PutRecordBatch takes at most ${PUT_RECORD_BATCH_LIMITS.records}`;
  let total = 0;
  for (const [index, record] of records.entries()) {
    const size = Buffer.byteLength(record.Data, 'base64');
    if (size > PUT_RECORD_BATCH_LIMITS.recordBytes)
      return `record ${index} is ${size} bytes; a record takes at most ${PUT_RECORD_BATCH_LIMITS.recordBytes} bytes before base64 encoding`;
    total += size;
  }
  if (total > PUT_RECORD_BATCH_LIMITS.requestBytes)
    return `${total} bytes of record data in one call; PutRecordBatch takes at most ${PUT_RECORD_BATCH_LIMITS.requestBytes}`;
  return undefined;
}
