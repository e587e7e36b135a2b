import { FIFO_QUEUE_SUFFIX, queuePrefixFor } from './queues';
import { databaseNamesFor } from './tables';

/** The Lambda functions of a deployment, by key: the function is `<name>-<key>` (docs/naming.md). */
export const LAMBDA_KEYS = [
  'sqs-processor',
  'firehose-transform',
  'dlq-archiver',
  'circuit-breaker',
  'checkpoints',
] as const;
export type LambdaKey = (typeof LAMBDA_KEYS)[number];

/**
 * The prefix of every per-topic error-rate alarm `<name>-topic-error-rate-<topic>`: it starts
 * with the queue prefix, so the breaker tells our alarms from any other.
 *
 * @example
 * errorRateAlarmPrefixFor('lean-ops-dev-topic-'); // 'lean-ops-dev-topic-error-rate-'
 */
export function errorRateAlarmPrefixFor(queueNamePrefix: string): string {
  return `${queueNamePrefix}error-rate-`;
}

/** Key prefixes of the archive bucket: one per kind of object that left the pipeline's hands. */
export const ARCHIVE_PREFIXES = {
  /** Dead letters archived by the dlq-archiver: `dlq/topic=<topic>/dt=<day>/<message id>.json`. */
  deadLetters: 'dlq/',
  /** Envelopes above Firehose's record limit: `oversized/topic=<topic>/dt=<day>/<id>.json`. */
  oversized: 'oversized/',
  /** Firehose's error output: records it could not deliver after retries. Never expires. */
  firehoseErrors: 'firehose-errors/',
  /** Error records `lean-ops replay-firehose-errors` sent back to the stream, same key after it. */
  firehoseErrorsReplayed: 'firehose-errors-replayed/',
} as const;

/**
 * The name of stream `stream`'s copy of a per-stream resource (the Firehose stream, its
 * processor): stream 0 keeps the unsharded name, so a deployment that grows past one stream
 * renames nothing it already has (docs/naming.md, "Sharded streams").
 *
 * @example
 * shardedName('lean-ops-dev-raw', 0); // 'lean-ops-dev-raw'
 * shardedName('lean-ops-dev-raw', 3); // 'lean-ops-dev-raw-3'
 */
export function shardedName(base: string, stream: number): string {
  if (!Number.isInteger(stream) || stream < 0)
    throw new RangeError(`stream index must be an integer >= 0, got ${stream}`);
  return stream === 0 ? base : `${base}-${stream}`;
}

/** The names of streams 0..count-1's copies of `base` (every stream's processor, say). */
export function shardedNames(base: string, count: number): string[] {
  return Array.from({ length: count }, (_, stream) => shardedName(base, stream));
}

/** The deployment name `<project>-<env>` every resource name starts with. */
export function deploymentNameFor(project: string, environment: string): string {
  return `${project}-${environment}`;
}

/**
 * The resource names of one deployment `<name>` that do not depend on the account: everything
 * but the buckets (docs/naming.md; Terraform computes the same names in HCL).
 *
 * @example
 * deploymentNames('lean-ops-dev').firehoseStream; // 'lean-ops-dev-raw'
 */
export function deploymentNames(name: string) {
  const databases = databaseNamesFor(name);
  const queueNamePrefix = queuePrefixFor(name);
  const firehoseStream = `${name}-raw`;
  return {
    queueNamePrefix,
    dlqStandard: `${name}-dlq`,
    dlqFifo: `${name}-dlq${FIFO_QUEUE_SUFFIX}`,
    firehoseStream,
    /**
     * A queue outside the topic prefix that generated traffic uses for UNKNOWN_TOPIC messages: the
     * processor drops what arrives from it as an unknown topic.
     */
    unregisteredFeedQueue: `${firehoseStream}-unregistered-feed`,
    rawDatabase: databases.raw,
    standardizedDatabase: databases.standardized,
    curatedDatabase: databases.curated,
    checkpointTable: `${name}-checkpoints`,
    locksTable: `${name}-locks`,
    dlqIndexTable: `${name}-dlq-index`,
    breakerTable: `${name}-breaker`,
    schemaRegistryTable: `${name}-schema-registry`,
    processorFunction: `${name}-sqs-processor`,
    /** Stream `stream`'s Firehose stream and its processor (stream 0: the two names above). */
    firehoseStreamOf: (stream: number) => shardedName(firehoseStream, stream),
    processorFunctionOf: (stream: number) => shardedName(`${name}-sqs-processor`, stream),
    function: (lambda: LambdaKey) => `${name}-${lambda}`,
    glueJob: (job: 'standardize' | 'curate' | 'maintain' | 'audit') => `${name}-${job}`,
    stateMachine: (machine: 'orchestrator' | 'rebuilder') => `${name}-${machine}`,
    queueName: (topic: string, fifo: boolean) =>
      `${queueNamePrefix}${topic}${fifo ? FIFO_QUEUE_SUFFIX : ''}`,
    errorRateAlarm: (topic: string) => `${errorRateAlarmPrefixFor(queueNamePrefix)}${topic}`,
  };
}

export type DeploymentNames = ReturnType<typeof deploymentNames>;

/**
 * Every resource name of one deployment `<name>` in account `account`: S3 bucket names are
 * global, so they carry the account.
 *
 * @example
 * resourceNames('lean-ops-dev', '123456789012').archiveBucket; // 'lean-ops-dev-archive-123456789012'
 */
export function resourceNames(name: string, account: string) {
  return {
    ...deploymentNames(name),
    lakeBucket: `${name}-lake-${account}`,
    archiveBucket: `${name}-archive-${account}`,
    artifactsBucket: `${name}-artifacts-${account}`,
  };
}

export type ResourceNames = ReturnType<typeof resourceNames>;
