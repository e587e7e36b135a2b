import type { BreakerStore } from './BreakerStore';
import { BreakerState, MAX_WRITE_ATTEMPTS } from './constants';
import { decideTransition, mappingFor } from './decideTransition';
import { BreakerContentionError } from './errors';
import type { EnsureOutcome, TopicMappings } from './TopicMappings';
import type { BreakerEvent, BreakerPolicy, BreakerRecord } from './types';

export interface BreakerDependencies {
  store: Pick<BreakerStore, 'get' | 'list' | 'write'>;
  mappings: Pick<TopicMappings, 'ensure'>;
  policy: BreakerPolicy;
  now?: () => Date;
  /** The invocation's remaining time (Lambda context); a tick stops starting topics near the end. */
  remainingMs?: () => number;
}

/** What one event did to one topic. */
export interface BreakerOutcome {
  topic: string;
  before: BreakerState;
  after: BreakerState;
  changed: boolean;
  reason: string;
  /** What happened to the topic's event source mapping; `skipped` for a topic without an item. */
  mapping: EnsureOutcome | 'skipped';
  record: BreakerRecord | undefined;
}

/**
 * Applies one event to one topic's breaker: read the item, decide with the pure state machine,
 * write the transition conditionally on the version read (re-reading and re-deciding when another
 * writer won), then bring the topic's mapping to the state the breaker requires. The mapping is
 * set after the write, and on every later event or tick, so a failed mapping update is repaired
 * rather than left behind. The Lambda and the operators' CLI both go through here.
 *
 * @example
 * await applyBreakerEvent('gps-position', { kind: 'MANUAL_OPEN', by: 'alice' }, deps);
 */
export async function applyBreakerEvent(
  topic: string,
  event: BreakerEvent,
  deps: BreakerDependencies,
): Promise<BreakerOutcome> {
  for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
    const current = await deps.store.get(topic);
    const decision = decideTransition(
      current,
      topic,
      event,
      deps.now?.() ?? new Date(),
      deps.policy,
    );
    if (
      decision.next !== undefined &&
      !(await deps.store.write(decision.next, current?.version ?? 0))
    )
      continue;
    const record = decision.next ?? current;
    // A topic that never tripped has no item: its mapping is not the breaker's business.
    // A transition that flips the mapping updates it whatever the (up to a minute old) listing says.
    const before = mappingFor(current?.state ?? BreakerState.CLOSED);
    const flips = decision.next !== undefined && decision.mapping !== before;
    const mapping =
      record === undefined ? 'skipped' : await deps.mappings.ensure(topic, decision.mapping, flips);
    return {
      topic,
      before: current?.state ?? BreakerState.CLOSED,
      after: record?.state ?? BreakerState.CLOSED,
      changed: decision.next !== undefined,
      reason: decision.reason,
      mapping,
      record,
    };
  }
  throw new BreakerContentionError(topic, MAX_WRITE_ATTEMPTS);
}
