import { formatProgressLine } from './progressLine';

export interface ProgressReporterOptions {
  total: number;
  /** A terminal: one line rewritten in place. Otherwise plain lines, at most one per interval. */
  tty: boolean;
  write: (chunk: string) => void;
  now?: () => number;
  /** Minimum time between two plain lines (default 10 s). */
  intervalMs?: number;
}

export interface ProgressReporter {
  update(published: number): void;
  /** Ends the line on a terminal (once); prints nothing more when not a terminal. */
  finish(): void;
}

/**
 * Writes injection progress: on a TTY a single line rewritten with `\r` (padded so a shorter line
 * leaves no residue), at most every 100 ms; in a log, a plain line at most every `intervalMs`
 * and never before the first interval has passed, so a short run prints none.
 *
 * @example
 * const progress = createProgressReporter({ total: 3000, tty: true, write: (s) => process.stderr.write(s) });
 * await publishTraffic(plan, { ...options, onProgress: (n) => progress.update(n) });
 * progress.finish();
 */
export function createProgressReporter(options: ProgressReporterOptions): ProgressReporter {
  const now = options.now ?? Date.now;
  const started = now();
  const interval = options.tty ? 100 : (options.intervalMs ?? 10_000);
  let last = options.tty ? -Infinity : started;
  let shownWidth = 0;
  let latest = 0;
  let finished = false;
  const draw = (published: number) => {
    const line = formatProgressLine({
      published,
      total: options.total,
      elapsedMs: now() - started,
    });
    if (options.tty) {
      options.write(`\r${line.padEnd(shownWidth)}`);
      shownWidth = line.length;
    } else {
      options.write(`${line}\n`);
    }
  };
  return {
    update(published) {
      latest = published;
      const at = now();
      if (at - last < interval && !(options.tty && published >= options.total)) return;
      last = at;
      draw(published);
    },
    finish() {
      if (!options.tty || finished) return;
      finished = true;
      draw(latest);
      options.write('\n');
    },
  };
}
