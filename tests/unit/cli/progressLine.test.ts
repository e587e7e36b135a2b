import { progressLine } from '../../../scripts/cli/progressLine';

describe('progressLine', () => {
  it.each([
    [0, 500, 0, '0/500'],
    [120, 500, 4_000, '120/500, 30/s, ~13 s left'],
    [3, 10_000, 2_000, '3/10000, 1.5/s, ~1.9 h left'],
    [600, 3_000, 60_000, '600/3000, 10/s, ~4 min left'],
    [500, 500, 10_000, '500/500, 50/s'],
  ])('%i of %i after %i ms → %s', (done, total, elapsed, line) => {
    expect(progressLine(done, total, elapsed)).toBe(line);
  });
});
