import { orchestratorWorld } from '../../../helpers/orchestratorWorld';

// Topic isolation, executed on the orchestrator definition Terraform deploys: one topic that
// fails never keeps its run-mates from being standardized and curated, in the same execution and
// the next; a topic that keeps failing backs off and is quarantined; a run that dies without
// saying which topic failed is split until the culprit runs alone.

const MINUTE = 60_000;

function isolationWorld(count: number) {
  // The settle step compares recorded failures with the execution's start, which the local
  // interpreter takes from the real clock: time "passes" by ageing the recorded failures.
  const w = orchestratorWorld(
    Array.from({ length: count }, (_, i) => `topic-${String(i).padStart(2, '0')}`),
    () => new Date(),
  );
  const topics = [...w.stored.keys()];
  return {
    ...w,
    topics,
    advance: (minutes: number) => {
      for (const progress of w.stored.values()) {
        const failures = progress.failures;
        if (failures === undefined) continue;
        failures.lastFailedAtMs -= minutes * MINUTE;
        for (const stage of Object.keys(
          failures.failedAtMs,
        ) as (keyof typeof failures.failedAtMs)[]) {
          failures.failedAtMs[stage] = (failures.failedAtMs[stage] ?? 0) - minutes * MINUTE;
        }
      }
    },
    newData: () => {
      for (const topic of topics) w.commit('raw', topic, 1);
    },
    curatedSeq: (topic: string) => w.stored.get(topic)?.curatedCheckpoint?.sequenceNumber ?? 0,
    consecutive: (topic: string) => w.stored.get(topic)?.failures?.consecutive ?? 0,
    standardizeRuns: () => w.glueRuns.filter((run) => run.job === 'standardize'),
  };
}

type Output = {
  failedTopics: string[];
  processed: number;
  backingOff: number;
  quarantinedTopics: string[];
};

describe('orchestrator definition: a failing topic never holds its run-mates back', () => {
  it('curates every other topic of the run in the same execution and the next', async () => {
    // Arrange: 25 topics in one run of 25, one of them fails in the job
    const w = isolationWorld(25);
    const bad = 'topic-07';
    w.poisoned.add(bad);
    w.newData();

    // Act
    const first = await w.run();

    // Assess: the run's 24 healthy topics are standardized AND curated
    expect(first.status).toBe('SUCCEEDED');
    expect((first.output as Output).failedTopics).toEqual([bad]);
    expect((first.output as Output).processed).toBe(24);
    const healthy = w.topics.filter((topic) => topic !== bad);
    expect(healthy.every((topic) => w.curatedSeq(topic) === 1)).toBe(true);
    expect(w.consecutive(bad)).toBe(1);

    // Act: new data everywhere, next cycle
    w.newData();
    w.glueRuns.length = 0;
    const second = await w.run();

    // Assess: the failing topic ran apart; every healthy one curated again
    expect(w.standardizeRuns().map((run) => run.topics.length)).toEqual([24, 1]);
    expect(w.standardizeRuns()[1]?.topics).toEqual([bad]);
    expect(healthy.every((topic) => w.curatedSeq(topic) === 2)).toBe(true);
    expect((second.output as Output).failedTopics).toEqual([bad]);
    expect(w.consecutive(bad)).toBe(2);
  });

  it('backs a failing topic off, quarantines it after five failures, and clears it when it recovers', async () => {
    // Arrange
    const w = isolationWorld(3);
    const bad = 'topic-01';
    w.poisoned.add(bad);
    w.newData();
    await w.run(); // failure 1
    await w.run(); // failure 2: retried at once (the first retry waits for no back-off)

    // Act: within its 15-minute back-off
    w.glueRuns.length = 0;
    const waiting = await w.run();

    // Assess
    expect((waiting.output as Output).backingOff).toBe(1);
    expect(w.standardizeRuns().flatMap((run) => run.topics)).not.toContain(bad);

    // Act: failures 3, 4 and 5, each after its back-off (15, 30, 60 minutes)
    for (const minutes of [16, 31, 61]) {
      w.advance(minutes);
      await w.run();
    }

    // Assess: quarantined, reported, and retried alone after the quarantine interval (6 h)
    expect(w.consecutive(bad)).toBe(5);
    w.advance(121);
    const waitingInQuarantine = await w.run();
    expect((waitingInQuarantine.output as Output).quarantinedTopics).toEqual([bad]);
    expect((waitingInQuarantine.output as Output).backingOff).toBe(1);
    w.advance(6 * 60);
    w.glueRuns.length = 0;
    const quarantined = await w.run();
    expect((quarantined.output as Output).quarantinedTopics).toEqual([bad]);
    expect(w.summaries.at(-1)?.quarantined).toBe(1);
    expect(w.standardizeRuns().find((run) => run.topics.includes(bad))?.topics).toEqual([bad]);

    // Act: the cause is fixed; the next retry succeeds
    w.poisoned.delete(bad);
    w.advance(6 * 60 + 1);
    const recovered = await w.run();

    // Assess
    expect((recovered.output as Output).failedTopics).toEqual([]);
    expect(w.stored.get(bad)?.failures).toBeUndefined();
    expect(w.curatedSeq(bad)).toBeGreaterThan(0);
  });

  it('splits a run that dies without saying which topic failed until the culprit runs alone', async () => {
    // Arrange: `topic-13` kills any run it is in before anything is recorded
    const w = isolationWorld(25);
    const crasher = 'topic-13';
    w.failing.add(crasher);

    // Act: cycles with new data, each after the suspects' back-off
    const failedPerCycle: number[] = [];
    for (let cycle = 0; cycle < 8; cycle++) {
      w.newData();
      const { output } = await w.run();
      failedPerCycle.push((output as Output).failedTopics.length);
      w.advance(6 * 60 + 1);
    }

    // Assess: every suspect recorded at first, then halved runs until only the crasher fails
    expect(failedPerCycle[0]).toBe(25);
    expect(failedPerCycle.at(-1)).toBe(1);
    expect(
      failedPerCycle.every((failed, i) => i === 0 || failed <= (failedPerCycle[i - 1] ?? 0)),
    ).toBe(true);
    const healthy = w.topics.filter((topic) => topic !== crasher);
    expect(healthy.every((topic) => w.curatedSeq(topic) > 0)).toBe(true);
    expect(healthy.every((topic) => w.stored.get(topic)?.failures === undefined)).toBe(true);
    expect(w.consecutive(crasher)).toBeGreaterThanOrEqual(5);
  });
});
