import type { StreamAssignment } from './assignStreams';

/** The assignment file is wrong (a usage error for the CLI). */
export class StreamAssignmentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StreamAssignmentError';
  }
}

/**
 * Parses a stream assignment document `{ "streams": N, "topics": { "<topic>": <index> } }`:
 * N ≥ 1 and every index an integer in [0, N). Refuses rather than repairs.
 *
 * @example
 * parseStreamAssignment('{"streams":2,"topics":{"alarms":1}}', 'prod.streams.json');
 */
export function parseStreamAssignment(text: string, source: string): StreamAssignment {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new StreamAssignmentError(`${source}: not JSON (${(error as Error).message})`);
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document))
    throw new StreamAssignmentError(`${source}: expected an object with "streams" and "topics"`);
  const { streams, topics } = document as { streams?: unknown; topics?: unknown };
  if (typeof streams !== 'number' || !Number.isInteger(streams) || streams < 1)
    throw new StreamAssignmentError(`${source}: "streams" must be an integer ≥ 1`);
  if (typeof topics !== 'object' || topics === null || Array.isArray(topics))
    throw new StreamAssignmentError(
      `${source}: "topics" must be an object of topic → stream index`,
    );
  for (const [topic, index] of Object.entries(topics))
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= streams)
      throw new StreamAssignmentError(
        `${source}: topic ${topic} has stream ${JSON.stringify(index)}, expected an integer in [0, ${streams})`,
      );
  return { streams, topics: topics as Record<string, number> };
}

/** The document Terraform and the next `lean-ops capacity` read: stable order, one topic per line. */
export function formatStreamAssignment(assignment: StreamAssignment): string {
  return `${JSON.stringify({ streams: assignment.streams, topics: assignment.topics }, null, 2)}\n`;
}
