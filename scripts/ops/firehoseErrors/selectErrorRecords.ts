import type { ErrorRecord } from './parseErrorObject';

export interface ErrorSelection {
  /** Arrived at or after (epoch ms). */
  since?: number;
  /** Arrived before (epoch ms). */
  until?: number;
  /** Only records of these topics (none: every topic). */
  topics: readonly string[];
  errorCode?: string;
}

/** Whether an error object's day partition (`…/dt=YYYY-MM-DD/…`) can hold records in range. */
export function dayMayMatch(key: string, selection: ErrorSelection): boolean {
  const day = /\/dt=(\d{4}-\d{2}-\d{2})\//.exec(key)?.[1];
  if (day === undefined) return true;
  const start = Date.parse(`${day}T00:00:00Z`);
  const end = start + 24 * 3600 * 1000;
  if (selection.since !== undefined && end <= selection.since) return false;
  if (selection.until !== undefined && start >= selection.until) return false;
  return true;
}

/** The records the selection takes. */
export function selectErrorRecords(
  records: readonly ErrorRecord[],
  selection: ErrorSelection,
): ErrorRecord[] {
  return records.filter(
    (record) =>
      (selection.since === undefined || record.arrivalTimestamp >= selection.since) &&
      (selection.until === undefined || record.arrivalTimestamp < selection.until) &&
      (selection.topics.length === 0 ||
        (record.topic !== undefined && selection.topics.includes(record.topic))) &&
      (selection.errorCode === undefined || record.errorCode === selection.errorCode),
  );
}
