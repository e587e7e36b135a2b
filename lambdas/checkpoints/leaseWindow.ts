import type { Lease } from './types';

/**
 * Now and now + ttl in epoch seconds, as the strings a DynamoDB `N` attribute takes: the lock
 * condition `expires_at < :now` needs a clock the state machine language does not have.
 *
 * @example
 * leaseWindow(new Date('2026-01-01T00:00:00Z'), 600); // → { now: '1767225600', expiresAt: '1767226200' }
 */
export function leaseWindow(now: Date, ttlSeconds: number): Lease {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  return { now: String(nowSeconds), expiresAt: String(nowSeconds + ttlSeconds) };
}
