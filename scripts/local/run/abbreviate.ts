/**
 * A copy of a JSON value whose long arrays keep their first `keep` items and a count of the
 * rest, for log lines: an orchestrator output over 750 topics should fit on one screen.
 *
 * @example
 * abbreviateLists({ idle: ['a', 'b', 'c'] }, 2); // → { idle: ['a', 'b', '… 1 more'] }
 */
export function abbreviateLists(value: unknown, keep = 5): unknown {
  if (Array.isArray(value)) {
    const head = value.slice(0, keep).map((item) => abbreviateLists(item, keep));
    return value.length > keep ? [...head, `… ${value.length - keep} more`] : head;
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, abbreviateLists(item, keep)]),
    );
  }
  return value;
}
