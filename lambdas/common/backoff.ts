/** Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter"). */
export interface BackoffPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseDelayMs: 50, maxDelayMs: 2_000 };

/**
 * Delay before retry number `attempt` (1-based): uniform in [0, min(max, base·2^(attempt-1))].
 * `random` is injectable so tests are deterministic.
 *
 * @example
 * fullJitterDelayMs(3, DEFAULT_BACKOFF, () => 0.5); // → 100
 */
export function fullJitterDelayMs(
  attempt: number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Whether another attempt that waits `delayMs` still fits the invocation: the remaining time
 * must cover the wait, the call itself and the safety margin kept for returning the response.
 */
export function fitsTimeBudget(
  remainingMs: number,
  delayMs: number,
  expectedCallMs: number,
  safetyMarginMs: number,
): boolean {
  return remainingMs - delayMs - expectedCallMs > safetyMarginMs;
}
