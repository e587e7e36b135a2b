import { handleBreakerEvent } from '../../../../lambdas/circuit-breaker/handleBreakerEvent';
import { TopicMappings } from '../../../../lambdas/circuit-breaker/TopicMappings';
import type { BreakerRecord } from '../../../../lambdas/circuit-breaker/types';
import { RatePacer } from '../../../../lambdas/common/RatePacer';
import { FakeControlPlane } from '../../../../scripts/bench/breaker/FakeControlPlane';
import { MemoryBreakerStore } from '../../../../scripts/bench/breaker/MemoryBreakerStore';

const PREFIX = 'lean-ops-dev-topic-';

function plane(topics: number, now: () => number) {
  const fake = new FakeControlPlane(now);
  for (let i = 0; i < topics; i++)
    fake.addMapping(`u-${i}`, `arn:aws:sqs:eu-west-1:123456789012:${PREFIX}t-${i}`);
  return fake;
}

describe('TopicMappings at fleet scale', () => {
  it('lists once per container and cache period, then costs one update per topic', async () => {
    let clock = 0;
    const fake = plane(250, () => clock);
    const mappings = new TopicMappings(fake, 'fn', PREFIX, {
      cacheTtlMs: 60_000,
      now: () => clock,
    });

    for (let i = 0; i < 10; i++) await mappings.ensure(`t-${i}`, 'disabled');
    expect(fake.calls).toBe(3 + 10); // 3 pages of 100, then one update each

    clock += 60_000;
    await mappings.ensure('t-20', 'disabled');
    expect(fake.calls).toBe(13 + 3 + 1);
  });

  it('paces its calls and retries throttled ones instead of failing', async () => {
    let clock = 0;
    const sleep = async (ms: number) => {
      clock += ms;
    };
    const fake = plane(40, () => clock);
    const waits: number[] = [];
    const mappings = new TopicMappings(fake, 'fn', PREFIX, {
      pacer: new RatePacer(
        5,
        () => clock,
        async (ms) => {
          waits.push(ms);
          clock += ms;
        },
      ),
      now: () => clock,
      sleep,
    });
    for (let i = 0; i < 40; i++) await mappings.ensure(`t-${i}`, 'disabled');
    expect(fake.throttled).toBe(0);
    expect(clock).toBeGreaterThanOrEqual((41 - 1) * 200); // 41 calls at 5/s

    const unpaced = new TopicMappings(
      plane(40, () => 0),
      'fn',
      PREFIX,
      {
        now: () => 0,
        sleep: async () => {},
        maxAttempts: 2,
      },
    );
    const outcomes = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => unpaced.ensure(`t-${i}`, 'disabled')),
    );
    expect(outcomes.some((outcome) => outcome.status === 'rejected')).toBe(true);
  });

  it('lists the processor of every stream and toggles a topic whichever stream carries it', async () => {
    const fake = new FakeControlPlane(() => 0);
    for (let i = 0; i < 150; i++)
      fake.addMapping(
        `u-${i}`,
        `arn:aws:sqs:eu-west-1:123456789012:${PREFIX}t-${i}`,
        i % 3 === 0 ? 'p' : i % 3 === 1 ? 'p-1' : 'p-2',
      );
    // a mapping of another function on one of our queues is never the breaker's to toggle
    fake.addMapping('other', `arn:aws:sqs:eu-west-1:123456789012:${PREFIX}t-4`, 'debugger');
    const mappings = new TopicMappings(fake, ['p', 'p-1', 'p-2'], PREFIX);

    expect((await mappings.all()).size).toBe(150);
    expect(fake.calls).toBe(3); // one page per function: 50 mappings each
    expect(await mappings.ensure('t-4', 'disabled')).toBe('updated');
    expect(await mappings.ensure('t-149', 'disabled')).toBe('updated');
    expect(fake.stateOf('u-4')).toBe('Disabling');
    expect(fake.stateOf('u-149')).toBe('Disabling');
    expect(fake.stateOf('other')).toBe('Enabled');
    expect(() => new TopicMappings(fake, [], PREFIX)).toThrow(RangeError);
  });

  it('answers pending for a mapping still in transition, which the next tick finishes', async () => {
    let clock = 0;
    const fake = plane(1, () => clock);
    const mappings = new TopicMappings(fake, 'fn', PREFIX, { now: () => clock });
    expect(await mappings.ensure('t-0', 'disabled')).toBe('updated');

    // a HALF_OPEN re-enable within the second Lambda takes to disable it: ResourceInUseException
    const another = new TopicMappings(fake, 'fn', PREFIX, { now: () => clock });
    expect(await another.ensure('t-0', 'enabled')).toBe('pending');
    clock += 1_000;
    const nextTick = new TopicMappings(fake, 'fn', PREFIX, { now: () => clock });
    expect(await nextTick.ensure('t-0', 'enabled')).toBe('updated');
  });
});

describe('a breaker tick at fleet scale', () => {
  it('stops starting topics near the end of its time and defers the rest, least recently changed first', async () => {
    const store = new MemoryBreakerStore();
    for (let i = 0; i < 5; i++) {
      const record: BreakerRecord = {
        topic: `t-${i}`,
        state: 'OPEN',
        version: 1,
        trips: 1,
        cooldown_seconds: 300,
        reopen_at: '2026-12-07T00:00:00.000Z',
        updated_at: `2026-12-07T00:0${4 - i}:00.000Z`,
        reason: 'x',
      };
      store.items.set(record.topic, record);
    }
    let remaining = 42_500;
    const result = await handleBreakerEvent({ kind: 'schedule' }, PREFIX, {
      store,
      mappings: {
        ensure: async () => {
          remaining -= 11_000;
          return 'updated';
        },
      },
      policy: { baseCooldownSeconds: 300, maxCooldownSeconds: 3600 },
      now: () => new Date('2026-12-07T01:00:00.000Z'),
      remainingMs: () => remaining,
    });
    expect(result.outcomes.map((outcome) => outcome.topic)).toEqual(['t-4', 't-3', 't-2']);
    expect(result.deferred).toEqual(['t-1', 't-0']);
  });
});
