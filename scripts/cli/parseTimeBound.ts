import { UsageError } from './output';

const RELATIVE = /^(\d+)\s*(m|h|d)$/;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
/** The oldest time a bound may name: nothing lean-ops keeps is older (and JS dates end near ±273,790 years). */
const EARLIEST = Date.parse('1970-01-01T00:00:00Z');
const ACCEPTED = 'an ISO date or date-time (2026-11-25T10:00:00Z) or an age (30m, 6h, 2d)';

/**
 * Turns a `--since`/`--until` value into ISO-8601 UTC: an absolute date or date-time
 * (`2026-11-25`, `2026-11-25T10:00:00Z`) or an age (`30m`, `6h`, `2d` ago). Throws UsageError
 * otherwise, naming the flag.
 *
 * @example
 * parseTimeBound('--since', '6h', new Date('2026-11-25T12:00:00Z')); // → '2026-11-25T06:00:00.000Z'
 */
export function parseTimeBound(flag: string, value: string, now: Date): string {
  const trimmed = value.trim();
  const relative = RELATIVE.exec(trimmed);
  if (relative) {
    const unit = relative[2] as keyof typeof UNIT_MS;
    const millis = now.getTime() - Number(relative[1]) * UNIT_MS[unit];
    if (!(millis >= EARLIEST)) {
      const most = Math.floor((now.getTime() - EARLIEST) / UNIT_MS[unit]);
      throw new UsageError(
        `${flag} ${JSON.stringify(value)}: an age reaches back to 1970-01-01 at most (up to ${most}${unit} today)`,
      );
    }
    return new Date(millis).toISOString();
  }
  // A bare date means midnight UTC, not local midnight.
  const text = /^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? `${trimmed}T00:00:00Z` : trimmed;
  const millis = /^\d{4}-\d{2}-\d{2}T/.test(text) ? Date.parse(text) : Number.NaN;
  if (!Number.isFinite(millis)) {
    throw new UsageError(`${flag} ${JSON.stringify(value)}: expected ${ACCEPTED}`);
  }
  if (millis < EARLIEST) {
    throw new UsageError(
      `${flag} ${JSON.stringify(value)}: before 1970-01-01; expected ${ACCEPTED}`,
    );
  }
  return new Date(millis).toISOString();
}
