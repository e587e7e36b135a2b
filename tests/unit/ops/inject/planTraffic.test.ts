import { createHash } from 'node:crypto';
import { join } from 'node:path';
import {
  DEAD_LETTER_MARKER,
  DEFAULT_FAULT_RATES,
  Fault,
} from '../../../../scripts/ops/inject/faults';
import { type PlannedMessage, planTraffic } from '../../../../scripts/ops/inject/planTraffic';
import { loadRegistry } from '../../../../scripts/ops/registry';

const topics = loadRegistry(join(process.cwd(), 'schemas', 'topics')).topics;

function planHash(seed: number, events: number): string {
  const hash = createHash('sha256');
  for (const message of planTraffic(topics, { events, seed })) {
    hash.update(
      JSON.stringify([
        message.seq,
        message.topic,
        message.body,
        message.fault,
        message.expected,
        message.groupId,
      ]),
    );
  }
  return hash.digest('hex');
}

function plan(seed: number, events: number): PlannedMessage[] {
  return [...planTraffic(topics, { events, seed })];
}

describe('planTraffic', () => {
  it('is deterministic: the same seed gives the same plan, another seed another', () => {
    expect(planHash(7, 3_000)).toBe(planHash(7, 3_000));
    expect(planHash(7, 3_000)).not.toBe(planHash(8, 3_000));
  });

  it('yields every event exactly once, in seq order', () => {
    const messages = plan(1, 5_000);
    expect(messages.map((message) => message.seq)).toEqual(
      Array.from({ length: 5_000 }, (_, index) => index),
    );
  });

  it('injects every fault within tolerance of its rate', () => {
    const events = 40_000;
    const counts = new Map<string, number>();
    for (const message of plan(3, events))
      counts.set(message.fault, (counts.get(message.fault) ?? 0) + 1);
    for (const [fault, rate] of Object.entries(DEFAULT_FAULT_RATES)) {
      const observed = (counts.get(fault) ?? 0) / events;
      // Derived faults fall back to NONE when no base is available yet, so allow a small deficit.
      expect({ fault, ok: Math.abs(observed - rate) < rate * 0.25 }).toEqual({ fault, ok: true });
    }
  });

  it('keeps every fault within tolerance of its rate when restricted to a few topics, as inject --topics does', () => {
    const events = 20_000;
    const selected = topics.slice(0, 2);
    const counts = new Map<string, number>();
    for (const message of planTraffic(selected, { events, seed: 3 }))
      counts.set(message.fault, (counts.get(message.fault) ?? 0) + 1);
    for (const [fault, rate] of Object.entries(DEFAULT_FAULT_RATES)) {
      const observed = (counts.get(fault) ?? 0) / events;
      expect({ fault, ok: Math.abs(observed - rate) < rate * 0.25 }).toEqual({ fault, ok: true });
    }
  });

  it('makes bodies that match the fault they claim', () => {
    for (const message of plan(5, 6_000)) {
      const parsed = (() => {
        try {
          return JSON.parse(message.body) as unknown;
        } catch {
          return undefined;
        }
      })();
      switch (message.fault) {
        case Fault.MALFORMED_JSON:
          expect(parsed).toBeUndefined();
          break;
        case Fault.NOT_AN_OBJECT:
          expect(
            parsed !== undefined &&
              (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)),
          ).toBe(true);
          break;
        case Fault.OVERSIZED:
          expect(message.body.length).toBeGreaterThan(65_536);
          break;
        case Fault.DEAD_LETTER:
          expect(message.body).toContain(DEAD_LETTER_MARKER);
          break;
        case Fault.UNKNOWN_TOPIC:
          expect(message.topic).toBe('UNKNOWN');
          break;
        default:
          expect(typeof parsed).toBe('object');
      }
    }
  });

  it('re-sends a key only after its base, with the expected winner per keep policy', () => {
    const messages = plan(11, 6_000);
    const bySeq = new Map(messages.map((message) => [message.seq, message]));
    const derived = messages.filter((message) => message.baseSeq !== undefined);
    expect(derived.length).toBeGreaterThan(100);
    for (const message of derived) {
      const base = bySeq.get(message.baseSeq as number) as PlannedMessage;
      expect(base.seq).toBeLessThan(message.seq);
      expect(base.topic).toBe(message.topic);
      expect(base.key).toBe(message.key);
      const keepLast = topics.find((topic) => topic.topic === message.topic)?.dedup.keep === 'last';
      const survivors = [base, message].filter((candidate) => candidate.expected === 'CURATED');
      expect(survivors).toHaveLength(1);
      if (message.fault === Fault.CORRECTION && keepLast) expect(survivors[0]).toBe(message);
      else expect(survivors[0]).toBe(base);
    }
  });

  it('gives FIFO messages a group and a unique deduplication id', () => {
    const fifo = plan(2, 4_000).filter((message) => message.fifo);
    expect(fifo.length).toBeGreaterThan(0);
    expect(fifo.every((message) => message.groupId && message.dedupId)).toBe(true);
    expect(new Set(fifo.map((message) => message.dedupId)).size).toBe(fifo.length);
  });
});
