/**
 * Keeps a replay under `--rate` messages per second: `take(n)` waits until n more messages fit
 * the rate since the pacer started. Clock and sleep are injectable for tests.
 *
 * @example
 * const pacer = new RatePacer(50);
 * await pacer.take(10); // returns at once, then each further 10 waits ~200 ms
 */
export class RatePacer {
  private sentSoFar = 0;
  private startedAt: number | undefined;

  constructor(
    private readonly perSecond: number | undefined,
    private readonly clock: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) =>
      new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  async take(count: number): Promise<void> {
    if (this.perSecond === undefined || this.perSecond <= 0) return;
    this.startedAt ??= this.clock();
    const dueAt = this.startedAt + (this.sentSoFar / this.perSecond) * 1000;
    const wait = dueAt - this.clock();
    if (wait > 0) await this.sleep(wait);
    this.sentSoFar += count;
  }
}
