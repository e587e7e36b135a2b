/**
 * Spaces calls to at most `perSecond` units per second: `take(n)` waits until the previous units
 * have had their time, then books n more. No credit accumulates while idle, so a long-lived Lambda
 * container that was quiet does not burst past the rate afterwards. Clock and sleep are injectable
 * for tests; `undefined` or 0 means no limit.
 *
 * @example
 * const pacer = new RatePacer(50);
 * await pacer.take(10); // returns at once, then each further 10 waits ~200 ms
 */
export class RatePacer {
  private nextFreeAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly perSecond: number | undefined,
    private readonly clock: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) =>
      new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  async take(count: number): Promise<void> {
    if (this.perSecond === undefined || this.perSecond <= 0) return;
    const now = this.clock();
    const startAt = Math.max(now, this.nextFreeAt);
    this.nextFreeAt = startAt + (count / this.perSecond) * 1000;
    if (startAt > now) await this.sleep(startAt - now);
  }
}
