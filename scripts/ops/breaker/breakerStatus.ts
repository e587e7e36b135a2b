import type { BreakerStore } from '../../../lambdas/circuit-breaker/BreakerStore';
import type { TopicMappings } from '../../../lambdas/circuit-breaker/TopicMappings';
import type { BreakerRecord } from '../../../lambdas/circuit-breaker/types';

/** One topic's breaker next to the actual state of its event source mapping. */
export interface TopicBreakerStatus {
  topic: string;
  state: string;
  /** Whether its mapping is in the state its breaker requires; false is worth a look. */
  consistent: boolean;
  mappingStates: string[];
  record: BreakerRecord | undefined;
}

/** The `breaker status` document; `version` is the JSON output format version. */
export interface BreakerStatusReport {
  version: 1;
  ok: boolean;
  topics: TopicBreakerStatus[];
}

function consistentWith(state: string, mappingStates: string[]): boolean {
  if (mappingStates.length === 0) return false;
  const wanted = state === 'OPEN' ? ['Disabled', 'Disabling'] : ['Enabled', 'Enabling'];
  return mappingStates.every((mappingState) => wanted.includes(mappingState));
}

/**
 * Reads breakers (one topic, or every topic that ever tripped) and the processor's mappings, and
 * flags any topic whose mapping disagrees with its breaker (the scheduled tick repairs those; a
 * topic without a mapping cannot be stopped at all). `ok` is false when any is inconsistent.
 *
 * @example
 * const report = await breakerStatus(store, mappings, 'gps-position');
 */
export async function breakerStatus(
  store: BreakerStore,
  mappings: TopicMappings,
  topic?: string,
): Promise<BreakerStatusReport> {
  const records =
    topic === undefined
      ? await store.list()
      : [await store.get(topic)].filter((record) => record !== undefined);
  const topics: TopicBreakerStatus[] = [];
  const wanted = topic === undefined ? records.map((record) => record.topic) : [topic];
  for (const name of wanted) {
    const record = records.find((candidate) => candidate.topic === name);
    const state = record?.state ?? 'CLOSED';
    const mappingStates = (await mappings.forTopic(name)).map((mapping) => mapping.state);
    topics.push({
      topic: name,
      state,
      consistent: consistentWith(state, mappingStates),
      mappingStates,
      record,
    });
  }
  return { version: 1, ok: topics.every((entry) => entry.consistent), topics };
}
