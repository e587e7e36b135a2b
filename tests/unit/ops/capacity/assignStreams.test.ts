import fc from 'fast-check';
import { assignStreams, type StreamAssignment } from '../../../../scripts/ops/capacity';
import type { TopicLoad } from '../../../../scripts/ops/capacity/topicLoad';

const MIB = 1024 * 1024;
const BUDGET = { bytesPerSecond: 3.5 * MIB, recordsPerSecond: 350_000, requestsPerSecond: 1_400 };

function load(topic: string, mibPerSecond: number): TopicLoad {
  return {
    topic,
    bytesPerSecond: mibPerSecond * MIB,
    recordsPerSecond: (mibPerSecond * MIB) / 1400,
    requestsPerSecond: 1,
    recordsPerInvocation: 100,
    concurrencyNeeded: 1,
    maxConcurrency: 2,
  };
}

const EMPTY: StreamAssignment = { streams: 1, topics: {} };

describe('assignStreams', () => {
  it('packs a fleet into as few streams as its budget allows, none over it', () => {
    // Arrange: 10 topics of 1 MiB/s, 3.5 MiB/s per stream → 3 per stream, 4 streams
    const loads = Array.from({ length: 10 }, (_, i) => load(`t${i}`, 1));

    // Act
    const plan = assignStreams({ loads, current: EMPTY, budget: BUDGET, rebalance: false });

    // Assess
    expect(plan.streams).toBe(4);
    expect(plan.added).toHaveLength(10);
    expect(plan.overBudget).toEqual([]);
    for (const stream of plan.loads)
      expect(stream.bytesPerSecond).toBeLessThanOrEqual(BUDGET.bytesPerSecond);
  });

  it('leaves a stream over budget where it is and says so, unless a rebalance is asked for', () => {
    // Arrange: traffic grew — stream 0 now carries 4.5 MiB/s
    const loads = [load('a', 2), load('b', 1.5), load('c', 1)];
    const current = { streams: 2, topics: { a: 0, b: 0, c: 0 } };

    // Act
    const kept = assignStreams({ loads, current, budget: BUDGET, rebalance: false });
    const moved = assignStreams({ loads, current, budget: BUDGET, rebalance: true });

    // Assess
    expect(kept.topics).toEqual({ a: 0, b: 0, c: 0 });
    expect(kept.overBudget).toEqual([0]);
    expect(moved.moved).toEqual([{ topic: 'c', from: 0, to: 1 }]);
    expect(moved.overBudget).toEqual([]);
  });

  it('puts a topic larger than a stream on a stream of its own and names it', () => {
    // Act
    const plan = assignStreams({
      loads: [load('huge', 5), load('small', 1)],
      current: EMPTY,
      budget: BUDGET,
      rebalance: false,
    });

    // Assess
    expect(plan.tooLarge).toEqual(['huge']);
    expect(plan.topics.huge).not.toBe(plan.topics.small);
    expect(plan.overBudget).toEqual([]);
  });

  it('drops topics no longer registered and reports them', () => {
    // Act
    const plan = assignStreams({
      loads: [load('kept', 1)],
      current: { streams: 2, topics: { kept: 1, gone: 0 } },
      budget: BUDGET,
      rebalance: false,
    });

    // Assess
    expect(plan.removed).toEqual(['gone']);
    expect(plan.topics).toEqual({ kept: 1 });
    expect(plan.streams).toBe(2);
  });

  it('never moves a deployed topic when topics are added or streams raised (no rebalance)', () => {
    const topicLoads = fc.array(fc.double({ min: 0, max: 3.4, noNaN: true }), {
      minLength: 1,
      maxLength: 40,
    });
    fc.assert(
      fc.property(
        topicLoads,
        topicLoads,
        fc.integer({ min: 0, max: 5 }),
        (before, added, raise) => {
          // Arrange: a deployed assignment of `before`, then `added` new topics and `raise` streams more
          const first = before.map((mib, i) => load(`old-${i}`, mib));
          const deployed = assignStreams({
            loads: first,
            current: EMPTY,
            budget: BUDGET,
            rebalance: false,
          });
          const next = [...first, ...added.map((mib, i) => load(`new-${i}`, mib))];

          // Act
          const plan = assignStreams({
            loads: next,
            current: { streams: deployed.streams + raise, topics: deployed.topics },
            budget: BUDGET,
            rebalance: false,
          });

          // Assess
          for (const [topic, stream] of Object.entries(deployed.topics))
            expect(plan.topics[topic]).toBe(stream);
          expect(plan.moved).toEqual([]);
          expect(plan.overBudget).toEqual([]);
          expect(Object.keys(plan.topics)).toHaveLength(next.length);
        },
      ),
    );
  });

  it('is deterministic: the same request gives the same plan', () => {
    const loads = Array.from({ length: 30 }, (_, i) => load(`t${(i * 7) % 30}`, (i % 5) * 0.4));
    const a = assignStreams({ loads, current: EMPTY, budget: BUDGET, rebalance: false });
    const b = assignStreams({
      loads: [...loads].reverse(),
      current: EMPTY,
      budget: BUDGET,
      rebalance: false,
    });
    expect(b.topics).toEqual(a.topics);
  });
});
