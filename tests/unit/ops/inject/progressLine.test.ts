import { formatDuration, formatProgressLine } from '../../../../scripts/ops/inject/progressLine';
import { createProgressReporter } from '../../../../scripts/ops/inject/progressReporter';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

function reporter(tty: boolean, total = 3_000) {
  const time = clock();
  const written: string[] = [];
  const progress = createProgressReporter({
    total,
    tty,
    write: (chunk) => written.push(chunk),
    now: time.now,
  });
  return { time, written, progress };
}

describe('formatProgressLine', () => {
  it('shows published / total, percentage, average rate and the ETA at that rate', () => {
    expect(formatProgressLine({ published: 1_500, total: 3_000, elapsedMs: 3_000 })).toBe(
      'inject 1,500/3,000 (50 %) 500 msg/s ETA 0:03',
    );
    expect(formatProgressLine({ published: 100, total: 1_000_000, elapsedMs: 1_000 })).toBe(
      'inject 100/1,000,000 (0 %) 100 msg/s ETA 2:46:39',
    );
  });

  it('has no ETA before anything is published, and 0:00 when done', () => {
    expect(formatProgressLine({ published: 0, total: 300, elapsedMs: 0 })).toBe(
      'inject 0/300 (0 %) 0 msg/s ETA --',
    );
    expect(formatProgressLine({ published: 300, total: 300, elapsedMs: 2_000 })).toBe(
      'inject 300/300 (100 %) 150 msg/s ETA 0:00',
    );
  });

  it('formats durations as m:ss, and h:mm:ss from an hour up', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(59.2)).toBe('1:00');
    expect(formatDuration(3_725)).toBe('1:02:05');
  });
});

describe('createProgressReporter', () => {
  it('on a terminal rewrites one line with \\r, padding over a longer previous line, and ends it on finish', () => {
    const { time, written, progress } = reporter(true, 20_000);

    time.advance(1_000);
    progress.update(10_000);
    time.advance(1_000);
    progress.update(15_000);
    time.advance(1_000);
    progress.finish();

    expect(
      written.every((chunk, index) => index === written.length - 1 || chunk.startsWith('\r')),
    ).toBe(true);
    expect(written.slice(0, -1).join('')).not.toContain('\n');
    expect(written.at(-1)).toBe('\n');
    expect(written[0]).toBe('\rinject 10,000/20,000 (50 %) 10,000 msg/s ETA 0:01');
    // The second line is one character shorter: padded, it covers the first completely.
    expect(written[1]?.trimEnd()).toBe('\rinject 15,000/20,000 (75 %) 7,500 msg/s ETA 0:01');
    expect(written[1]).toHaveLength((written[0] as string).length);
  });

  it('on a terminal redraws at most every 100 ms, but always draws completion', () => {
    const { time, written, progress } = reporter(true, 100);

    progress.update(10);
    time.advance(50);
    progress.update(20);
    progress.update(100);

    expect(written).toHaveLength(2);
    expect(written[1]).toContain('100/100 (100 %)');
  });

  it('in a log writes plain lines, none before 10 s and at most one per 10 s', () => {
    const { time, written, progress } = reporter(false);

    for (let second = 1; second <= 25; second++) {
      time.advance(1_000);
      progress.update(second * 100);
    }
    progress.finish();

    expect(written).toEqual([
      'inject 1,000/3,000 (33 %) 100 msg/s ETA 0:20\n',
      'inject 2,000/3,000 (66 %) 100 msg/s ETA 0:10\n',
    ]);
  });

  it('in a log prints nothing for a run shorter than the interval', () => {
    const { time, written, progress } = reporter(false);

    time.advance(4_000);
    progress.update(3_000);
    progress.finish();

    expect(written).toEqual([]);
  });
});
