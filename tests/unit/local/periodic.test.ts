import { every } from '../../../scripts/local/run/periodic';

describe('every', () => {
  it('repeats the task until stopped, never two passes at once', async () => {
    let running = 0;
    let overlapped = false;
    let passes = 0;
    const periodic = every(5, async () => {
      running++;
      if (running > 1) overlapped = true;
      await new Promise((resolve) => setTimeout(resolve, 10));
      passes++;
      running--;
    });
    await new Promise((resolve) => setTimeout(resolve, 120));
    await periodic.stop();
    const after = passes;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(after).toBeGreaterThan(3);
    expect(passes).toBe(after);
    expect(overlapped).toBe(false);
  });

  it('rethrows the failure of a pass when stopped', async () => {
    const periodic = every(5, async () => {
      throw new Error('breaker table gone');
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(periodic.stop()).rejects.toThrow('breaker table gone');
  });
});
