import { jest } from '@jest/globals';
import { orchestratorWorld } from '../../../helpers/orchestratorWorld';

// The orchestrator definition Terraform deploys, on a 5,000-topic registry of the longest legal
// names (48 characters), every topic active: the largest state any step receives or produces must
// stay under half of Step Functions' 256 KiB payload limit (States.DataLimitExceeded cannot be
// caught, and the execution would die holding the lock).

jest.setTimeout(120_000);

const LIMIT = 256 * 1024;
const name48 = (i: number) => `t${String(i).padStart(47, '0')}`;

describe('orchestrator definition at 5,000 topics', () => {
  it('keeps every state under half the payload limit with all topics active', async () => {
    // Arrange
    const topics = Array.from({ length: 5_000 }, (_, i) => name48(i));
    const w = orchestratorWorld(topics);
    for (const topic of topics) w.commit('raw', topic, 5);

    // Act
    const { status, output, largestState, entered } = await w.run();

    // Assess
    expect(status).toBe('SUCCEEDED');
    expect(output).toMatchObject({ topicsSeen: 5_000, active: 5_000, processed: 5_000, failed: 0 });
    expect(entered.Standardize).toBe(200);
    expect(largestState.bytes).toBeLessThan(LIMIT / 2);
  });

  it('keeps the summary bounded when every topic fails at once', async () => {
    // Arrange: every run dies (a Glue outage): 5,000 failed topics, each recorded
    const topics = Array.from({ length: 5_000 }, (_, i) => name48(i));
    const w = orchestratorWorld(topics);
    for (const topic of topics) w.commit('raw', topic, 5);
    for (const topic of topics) w.failing.add(topic);

    // Act
    const { status, output, largestState } = await w.run();

    // Assess: every failure counted, at most 100 named
    expect(status).toBe('SUCCEEDED');
    expect(output).toMatchObject({ failed: 5_000, processed: 0 });
    expect((output as { failedTopics: string[] }).failedTopics).toHaveLength(100);
    expect(largestState.bytes).toBeLessThan(LIMIT / 2);
  });
});
