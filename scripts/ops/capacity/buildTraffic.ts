import type { TopicTraffic } from './topicLoad';

/** The traffic assumption is inconsistent (a usage error for the CLI). */
export class TrafficAssumptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrafficAssumptionError';
  }
}

export interface FleetAssumption {
  /** Events per second of the whole fleet at the busy hour. */
  eventsPerSecond: number;
  bytesPerEvent: number;
  /** The default tier's mapping settings. */
  batchSize: number;
  batchingWindowSeconds: number;
  maxConcurrency: number;
}

/** Per-topic departures from the fleet assumption (a `--traffic` file). */
export type TopicOverrides = Record<string, Partial<Omit<TopicTraffic, 'topic'>>>;

/**
 * One traffic line per topic: an override's figures where given, the default tier otherwise, and
 * the fleet's events per second less the overridden topics' shared evenly by the others.
 *
 * @example
 * buildTraffic(['a', 'b'], { eventsPerSecond: 10, bytesPerEvent: 1400, batchSize: 1000,
 *   batchingWindowSeconds: 10, maxConcurrency: 2 }, { a: { eventsPerSecond: 8 } });
 * // a: 8 events/s, b: 2 events/s
 */
export function buildTraffic(
  topics: string[],
  fleet: FleetAssumption,
  overrides: TopicOverrides = {},
): TopicTraffic[] {
  const known = new Set(topics);
  const unknown = Object.keys(overrides).filter((topic) => !known.has(topic));
  if (unknown.length > 0)
    throw new TrafficAssumptionError(
      `traffic for topics not in the registry: ${unknown.sort().join(', ')}`,
    );
  const pinned = topics.filter((topic) => overrides[topic]?.eventsPerSecond !== undefined);
  const pinnedRate = pinned.reduce(
    (sum, topic) => sum + (overrides[topic]?.eventsPerSecond ?? 0),
    0,
  );
  if (pinnedRate > fleet.eventsPerSecond + 1e-9)
    throw new TrafficAssumptionError(
      `the topics given a rate send ${pinnedRate} events/s, more than the fleet's ${fleet.eventsPerSecond}`,
    );
  const others = topics.length - pinned.length;
  const shared = others > 0 ? (fleet.eventsPerSecond - pinnedRate) / others : 0;
  return topics.map((topic) => {
    const override = overrides[topic] ?? {};
    const traffic: TopicTraffic = {
      topic,
      eventsPerSecond: override.eventsPerSecond ?? shared,
      bytesPerEvent: override.bytesPerEvent ?? fleet.bytesPerEvent,
      batchSize: override.batchSize ?? fleet.batchSize,
      batchingWindowSeconds: override.batchingWindowSeconds ?? fleet.batchingWindowSeconds,
      maxConcurrency: override.maxConcurrency ?? fleet.maxConcurrency,
    };
    for (const [key, value] of Object.entries(traffic))
      if (key !== 'topic' && !(typeof value === 'number' && Number.isFinite(value) && value >= 0))
        throw new TrafficAssumptionError(
          `topic ${topic}: ${key} must be a number ≥ 0, got ${JSON.stringify(value)}`,
        );
    return traffic;
  });
}
