import { join } from 'node:path';
import { lambdaEnvironment, shardedName } from '../../../lambdas/common/naming';
import { LocalLambda } from '../emulation/LocalLambda';
import { AlarmEvaluator, errorRateSampleFromEmf } from './alarmEvaluator';
import { LambdaPool } from './lambdaPool';
import type { RunContext } from './runContext';

/**
 * Concurrent processor containers, over all streams' processors. Once the backlog is gone the run
 * is bound by latency, not CPU: the last retries of poison messages trickle in a few per batch,
 * and each such invocation spends its put attempts on them; more containers in flight shorten
 * that tail.
 */
const PROCESSOR_CONTAINERS = 4;
/** Each stream's processor keeps at least this many warm containers. */
const MIN_CONTAINERS_PER_PROCESSOR = 2;
/**
 * Concurrent pollers on the standard DLQ, as Lambda scales a standard queue's mapping: with 3 %
 * poison a million-event run dead-letters ~30,000 messages, which one poller archives at ~11/s.
 */
export const STANDARD_DLQ_POLLERS = 3;

export interface PipelineLambdas {
  /** One processor per Firehose stream, by stream index, each writing to its own stream. */
  processors: LambdaPool[];
  transform: LambdaPool;
  archiver: LambdaPool;
  breaker: LocalLambda;
  /** CloudWatch's part, played locally: each topic's error-rate alarm over the processor's EMF. */
  alarms: AlarmEvaluator;
  stop(): Promise<void>;
}

/**
 * The real Lambda bundles in local containers, each with the environment Terraform gives it
 * (lambdaEnvironment) plus the local settings; the processor sends Firehose calls to the fault
 * proxy at `firehoseUrl`.
 */
export async function startPipelineLambdas(
  context: RunContext,
  options: { firehoseUrl: string; maxRecordBytes?: number },
): Promise<PipelineLambdas> {
  const { env, names, logs, streams } = context;
  const alarms = new AlarmEvaluator({ windowMs: 6_000, threshold: 0.5, minimumReceived: 50 });
  const containersPerProcessor = Math.max(
    MIN_CONTAINERS_PER_PROCESSOR,
    Math.ceil(PROCESSOR_CONTAINERS / streams.streams),
  );
  const processors = Array.from(
    { length: streams.streams },
    (_, stream) =>
      new LambdaPool(
        {
          name: 'sqs-processor',
          env: {
            ...env,
            AWS_ENDPOINT_URL_FIREHOSE: options.firehoseUrl,
            ...lambdaEnvironment('sqs-processor', names),
            // what modules/compute sets on stream k's processor
            FIREHOSE_STREAM_NAME: names.firehoseStreamOf(stream),
            MAX_RECORD_BYTES: String(options.maxRecordBytes ?? 65_536),
            SAFETY_MARGIN_MS: '1000',
            // Marked records fail on every attempt; three keep each such batch short locally.
            MAX_PUT_ATTEMPTS: '3',
          },
          timeoutMs: 10_000,
          logFile: join(logs, `${shardedName('sqs-processor', stream)}.log`),
          onLogLine: (line) => {
            const sample = errorRateSampleFromEmf(line);
            if (sample) alarms.record(sample.topic, sample.received, sample.retried, Date.now());
          },
        },
        containersPerProcessor,
      ),
  );
  const transform = new LambdaPool(
    {
      name: 'firehose-transform',
      env: { ...env, ...lambdaEnvironment('firehose-transform', names) },
      logFile: join(logs, 'firehose-transform.log'),
    },
    2,
  );
  const archiver = new LambdaPool(
    {
      name: 'dlq-archiver',
      env: { ...env, ...lambdaEnvironment('dlq-archiver', names) },
      logFile: join(logs, 'dlq-archiver.log'),
    },
    STANDARD_DLQ_POLLERS + 1,
  );
  const breaker = new LocalLambda({
    name: 'circuit-breaker',
    env: {
      ...env,
      ...lambdaEnvironment('circuit-breaker', names),
      PROCESSOR_STREAMS: String(streams.streams),
      COOLDOWN_SECONDS: '4',
      // Local time runs fast (retries every second): a poison-only tail may trip a breaker, and
      // long cool-downs would only stretch the run.
      MAX_COOLDOWN_SECONDS: '8',
    },
    logFile: join(logs, 'circuit-breaker.log'),
  });
  const containers = [...processors, transform, archiver, breaker];
  const stop = async () => {
    await Promise.all(containers.map((container) => container.stop()));
  };
  try {
    await Promise.all(processors.map((processor) => processor.start()));
  } catch (error) {
    await stop();
    throw error;
  }
  return { processors, transform, archiver, breaker, alarms, stop };
}
