/** Where the ingestion path put a message (before the batch layer decides CURATED/DUPLICATE/CDE). */
export type IngestionLocation = 'RAW' | 'RAW_ERRORS' | 'DLQ';

export interface LedgerLine {
  message_id: string;
  topic: string;
  fault: string;
  expected: string;
}

export interface TopicIngestionCounts {
  published: number;
  forwarded: number;
  dropped: number;
  droppedByCode: Record<string, number>;
  /** Messages that needed more than one receive before they left their queue. */
  retried: number;
  deadLettered: number;
}

export interface IngestionMismatch {
  messageId: string;
  topic: string;
  fault: string;
  expected: string;
  found: IngestionLocation[];
}

export interface Observation {
  location: IngestionLocation;
  code?: string;
  receiveCount?: number;
}

/** The ingestion location a terminal state implies. */
export function expectedLocation(expected: string): IngestionLocation {
  if (expected === 'DROPPED') return 'RAW_ERRORS';
  if (expected === 'DEAD_LETTERED') return 'DLQ';
  return 'RAW';
}

/**
 * Compares every ledger line with what the RAW tables, raw_errors and the DLQ hold for its
 * message id: each message must be in exactly the location its expected terminal state implies
 * (RAW may hold a message more than once — at-least-once delivery, deduplicated later — but never
 * in two different locations). Counts come from the data, never from the pipeline's own counters.
 */
export function reconcileIngestion(
  ledger: Iterable<LedgerLine>,
  observed: ReadonlyMap<string, Observation[]>,
): {
  perTopic: Map<string, TopicIngestionCounts>;
  mismatches: IngestionMismatch[];
  unexpected: string[];
} {
  const perTopic = new Map<string, TopicIngestionCounts>();
  const mismatches: IngestionMismatch[] = [];
  const seen = new Set<string>();
  for (const line of ledger) {
    seen.add(line.message_id);
    let counts = perTopic.get(line.topic);
    if (!counts) {
      counts = {
        published: 0,
        forwarded: 0,
        dropped: 0,
        droppedByCode: {},
        retried: 0,
        deadLettered: 0,
      };
      perTopic.set(line.topic, counts);
    }
    counts.published++;
    const observations = observed.get(line.message_id) ?? [];
    const locations = [...new Set(observations.map((observation) => observation.location))];
    if (observations.some((observation) => (observation.receiveCount ?? 1) > 1)) counts.retried++;
    const want = expectedLocation(line.expected);
    if (locations.length !== 1 || locations[0] !== want) {
      mismatches.push({
        messageId: line.message_id,
        topic: line.topic,
        fault: line.fault,
        expected: line.expected,
        found: locations,
      });
      continue;
    }
    if (want === 'RAW') counts.forwarded++;
    if (want === 'DLQ') counts.deadLettered++;
    if (want === 'RAW_ERRORS') {
      counts.dropped++;
      const code = observations[0]?.code ?? 'UNKNOWN';
      counts.droppedByCode[code] = (counts.droppedByCode[code] ?? 0) + 1;
    }
  }
  const unexpected = [...observed.keys()].filter((messageId) => !seen.has(messageId));
  return { perTopic, mismatches, unexpected };
}
