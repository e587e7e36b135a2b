/** One failed record of Firehose's S3 error output, decoded (docs/operations.md). */
export interface ErrorRecord {
  /** The error object it came from, and its line there (0-based). */
  key: string;
  line: number;
  errorCode: string;
  errorMessage: string;
  /** Epoch milliseconds when Firehose received it. */
  arrivalTimestamp: number;
  /** The record's bytes as Firehose had them (base64-decoded `rawData`). */
  data: Buffer;
  /** From the RAW envelope inside, when it is one. */
  topic?: string;
  messageId?: string;
  /** The exact text of the line, to write back what is not replayed. */
  text: string;
}

export interface ParsedErrorObject {
  records: ErrorRecord[];
  /** Lines that are not error records: kept in the object, reported, never sent. */
  unreadable: { key: string; line: number; reason: string }[];
}

function envelopeIds(data: Buffer): { topic?: string; messageId?: string } {
  try {
    const envelope = JSON.parse(data.toString('utf8')) as unknown;
    if (typeof envelope !== 'object' || envelope === null) return {};
    const { topic, message_id } = envelope as Record<string, unknown>;
    return {
      ...(typeof topic === 'string' ? { topic } : {}),
      ...(typeof message_id === 'string' ? { messageId: message_id } : {}),
    };
  } catch {
    return {};
  }
}

/**
 * The records of one error object: JSON lines with at least `errorCode`, `rawData` and
 * `arrivalTimestamp` (Firehose's documented error records; scripts/local/emulation/
 * firehoseErrorOutput.ts writes the same). Reads both `errorCode` and Firehose's `ErrorCode`
 * spelling of data-format-conversion records.
 *
 * @example
 * const { records, unreadable } = parseErrorObject(key, await body.transformToString());
 */
export function parseErrorObject(key: string, text: string): ParsedErrorObject {
  const parsed: ParsedErrorObject = { records: [], unreadable: [] };
  text.split('\n').forEach((raw, line) => {
    if (raw.trim() === '') return;
    let document: Record<string, unknown>;
    try {
      document = JSON.parse(raw) as Record<string, unknown>;
    } catch (error) {
      parsed.unreadable.push({ key, line, reason: `not JSON: ${(error as Error).message}` });
      return;
    }
    const errorCode = document.errorCode ?? document.ErrorCode;
    const errorMessage = document.errorMessage ?? document.ErrorMessage ?? '';
    const { rawData, arrivalTimestamp } = document;
    if (
      typeof errorCode !== 'string' ||
      typeof rawData !== 'string' ||
      typeof arrivalTimestamp !== 'number'
    ) {
      parsed.unreadable.push({
        key,
        line,
        reason: 'not an error record (needs errorCode, rawData, arrivalTimestamp)',
      });
      return;
    }
    const data = Buffer.from(rawData, 'base64');
    parsed.records.push({
      key,
      line,
      errorCode,
      errorMessage: String(errorMessage),
      arrivalTimestamp,
      data,
      text: raw,
      ...envelopeIds(data),
    });
  });
  return parsed;
}
