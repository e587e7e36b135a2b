/**
 * Simulated time for drills: `sleep` parks a task until the clock reaches its wake-up time, and
 * `run` advances the clock from wake-up to wake-up whenever every task is parked, so a 20-minute
 * fleet outage is replayed in a second of real time, deterministically.
 */
export class VirtualClock {
  private current: number;
  private timers: { at: number; seq: number; wake: () => void }[] = [];
  private seq = 0;

  constructor(startMs = 0) {
    this.current = startMs;
  }

  now = (): number => this.current;

  sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      this.timers.push({ at: this.current + Math.max(0, ms), seq: this.seq++, wake: resolve });
    });

  /** Runs until `done()` holds (checked whenever all tasks are parked) or the clock passes `untilMs`. */
  async run(done: () => boolean, untilMs: number): Promise<void> {
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve)); // let every runnable task park
      if (done()) return;
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers.shift();
      if (next === undefined || next.at > untilMs) return;
      this.current = next.at;
      next.wake();
    }
  }
}
