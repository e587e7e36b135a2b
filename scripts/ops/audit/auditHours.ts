const HOUR_MS = 3_600_000;

/**
 * The hours of a span, as the audit job names them (`2026-11-20T08:00:00Z`): from the hour that
 * holds `from` to the last hour starting before `to`. Pure.
 *
 * @example
 * auditHours('2026-11-20T08:30:00Z', '2026-11-20T10:00:00Z'); // ['…T08:00:00Z', '…T09:00:00Z']
 */
export function auditHours(from: string, to: string): string[] {
  const end = Date.parse(to);
  const hours: string[] = [];
  for (let at = Math.floor(Date.parse(from) / HOUR_MS) * HOUR_MS; at < end; at += HOUR_MS)
    hours.push(`${new Date(at).toISOString().slice(0, 13)}:00:00Z`);
  return hours;
}

/**
 * A span widened to whole hours (an audit cell is an hour, audited whole); RangeError when `to`
 * is not after `from`. Pure.
 *
 * @example
 * wholeHourSpan('2026-11-20T08:30:00Z', '2026-11-20T09:10:00Z'); // { from: '…T08:00:00.000Z', to: '…T10:00:00.000Z' }
 */
export function wholeHourSpan(from: string, to: string): { from: string; to: string } {
  const start = Math.floor(Date.parse(from) / HOUR_MS) * HOUR_MS;
  const end = Math.ceil(Date.parse(to) / HOUR_MS) * HOUR_MS;
  if (!(end > start)) throw new RangeError(`the end ${to} must be after the start ${from}`);
  return { from: new Date(start).toISOString(), to: new Date(end).toISOString() };
}
