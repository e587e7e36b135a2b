import { fitsTimeBudget, fullJitterDelayMs } from '../../../../lambdas/common/backoff';

describe('full-jitter backoff', () => {
  const policy = { baseDelayMs: 100, maxDelayMs: 1_000 };

  it('grows the ceiling exponentially and caps it', () => {
    const ceiling = (attempt: number) => fullJitterDelayMs(attempt, policy, () => 0.999_999);
    expect([1, 2, 3, 4, 5, 6].map(ceiling)).toEqual([99, 199, 399, 799, 999, 999]);
  });

  it('draws the whole range down to zero (full jitter)', () => {
    expect(fullJitterDelayMs(4, policy, () => 0)).toBe(0);
    expect(fullJitterDelayMs(4, policy, () => 0.5)).toBe(400);
  });
});

describe('time budget', () => {
  it('allows an attempt only when wait, call and safety margin all fit', () => {
    expect(fitsTimeBudget(10_000, 500, 1_000, 3_000)).toBe(true);
    expect(fitsTimeBudget(4_400, 500, 1_000, 3_000)).toBe(false);
    expect(fitsTimeBudget(0, 0, 0, 0)).toBe(false);
  });
});
