import type { StreamAssignment } from '../../ops/capacity/assignStreams';

/**
 * The local run's topic → Firehose stream assignment: topics dealt round-robin in registry order,
 * so the active topics (the first N of the registry) are spread over every stream. A deployment
 * takes its assignment from `lean-ops capacity --write` (a traffic model the local run has no
 * use for); what the run exercises is the same document shape and what Terraform builds from it:
 * a stream and a processor per entry.
 *
 * @example
 * localStreamAssignment(['a', 'b', 'c'], 2); // { streams: 2, topics: { a: 0, b: 1, c: 0 } }
 */
export function localStreamAssignment(
  topics: readonly string[],
  streams: number,
): StreamAssignment {
  if (!Number.isInteger(streams) || streams < 1)
    throw new RangeError(`streams must be an integer >= 1, got ${streams}`);
  return {
    streams,
    topics: Object.fromEntries(topics.map((topic, index) => [topic, index % streams])),
  };
}

/** The topics of each stream, by stream index. */
export function topicsByStream(assignment: StreamAssignment): string[][] {
  const byStream: string[][] = Array.from({ length: assignment.streams }, () => []);
  for (const [topic, stream] of Object.entries(assignment.topics)) byStream[stream]?.push(topic);
  return byStream;
}
