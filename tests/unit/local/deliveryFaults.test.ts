import { DeliveryFaults } from '../../../scripts/local/emulation/deliveryFaults';

const record = Buffer.from('{}\n');

describe('DeliveryFaults', () => {
  it('fails about the given share of records, the same ones for the same seed, none once stopped', () => {
    const decide = (faults: DeliveryFaults) =>
      Array.from({ length: 10_000 }, () => faults.decide(record) !== undefined);
    const first = new DeliveryFaults(0.01, 7);
    const runA = decide(first);
    const runB = decide(new DeliveryFaults(0.01, 7));

    expect(runA).toEqual(runB);
    expect(first.injected).toBeGreaterThan(60);
    expect(first.injected).toBeLessThan(140);
    first.stop();
    expect(decide(first).some(Boolean)).toBe(false);
  });

  it('names an AWS error code for each failure and injects nothing at rate 0', () => {
    expect(new DeliveryFaults(1, 1).decide(record)).toEqual({
      errorCode: 'S3.AccessDenied',
      errorMessage: expect.stringContaining('injected'),
    });
    const none = new DeliveryFaults(0, 1);
    expect(
      Array.from({ length: 100 }, () => none.decide(record)).every((x) => x === undefined),
    ).toBe(true);
  });
});
