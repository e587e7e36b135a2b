import { tableNameForTopic } from '../../../../lambdas/common/naming';
import { generateTopics, lintRegistry } from '../../../../scripts/ops/registry';
import { aRegistry } from '../../../helpers/registryFactories';

describe('generateTopics', () => {
  it('generates 750 topics that lint clean, with unique tables', () => {
    const topics = generateTopics({ count: 750, seed: 1 });

    const report = lintRegistry(aRegistry(...topics));

    expect(topics).toHaveLength(750);
    expect(report.topics.flatMap((t) => t.findings)).toEqual([]);
    expect(new Set(topics.map((t) => tableNameForTopic(t))).size).toBe(750);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    expect(generateTopics({ count: 20, seed: 42 })).toEqual(
      generateTopics({ count: 20, seed: 42 }),
    );
    expect(generateTopics({ count: 20, seed: 42 })).not.toEqual(
      generateTopics({ count: 20, seed: 43 }),
    );
  });

  it('extends a smaller registry rather than reshuffling it', () => {
    expect(generateTopics({ count: 100, seed: 5 }).slice(0, 10)).toEqual(
      generateTopics({ count: 10, seed: 5 }),
    );
  });

  it('mixes FIFO and standard queues and both keep policies', () => {
    const topics = generateTopics({ count: 100, seed: 3 });

    expect(new Set(topics.map((t) => t.queue))).toEqual(new Set(['standard', 'fifo']));
    expect(new Set(topics.map((t) => t.dedup.keep))).toEqual(new Set(['first', 'last']));
  });

  it('generates nothing for a count of zero', () => {
    expect(generateTopics({ count: 0, seed: 1 })).toEqual([]);
  });
});
