import type { ResourceNames } from '../local/names';

/**
 * The queue UNKNOWN_TOPIC messages go to: outside the topic prefix, so the processor drops them
 * as an unknown topic. The same convention as `lean-ops local run` (scripts/local/run/localRun.ts).
 */
export const strayQueueName = (names: ResourceNames): string =>
  `${names.firehoseStream}-unregistered-feed`;

/** Version of the JSON summary `lean-ops inject --json` prints. */
export const INJECT_SUMMARY_VERSION = 1;
