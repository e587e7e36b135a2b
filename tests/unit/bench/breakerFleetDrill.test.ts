import { runFleetDrill } from '../../../scripts/bench/breaker/fleetDrill';

// The fleet-wide outage drill (scripts/bench/breaker): the real breaker code on simulated time,
// against a control plane that enforces Lambda's 15 requests/s per account.

describe('breaker fleet drill: every alarm fires at once', () => {
  it('stops all 700 topics within the control-plane budget, then re-enables and closes them all', async () => {
    const figures = await runFleetDrill({ topics: 700, containers: 2, controlPlaneRps: 10 });

    expect(figures.throttled).toBe(0);
    expect(figures.failedInvocations).toBe(0);
    expect(figures.allStoppedAfterSeconds).toBeDefined();
    // one Update per notification, plus each container's one listing (7 pages of 100)
    expect(figures.callsPerNotification).toBeLessThan(1.1);
    // 700 updates at 10 requests/s cannot be faster than 70 s, and pacing adds little
    expect(figures.allStoppedAfterSeconds).toBeGreaterThanOrEqual(70);
    expect(figures.allStoppedAfterSeconds).toBeLessThan(120);
    expect(figures.allClosedAfterSeconds).toBeDefined();
  });

  it('is throttled without pacing (the fake enforces the limit), and still converges by retrying', async () => {
    const figures = await runFleetDrill({ topics: 300, containers: 4, controlPlaneRps: undefined });

    expect(figures.throttled).toBeGreaterThan(0);
    expect(figures.allClosedAfterSeconds).toBeDefined();
  });
});
