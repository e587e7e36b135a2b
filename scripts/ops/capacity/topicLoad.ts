/**
 * What one topic asks of its Firehose stream and of Lambda, from a traffic assumption and the
 * topic's tier (its event source mapping settings). Pure: every assumption is an input.
 */
export interface TopicTraffic {
  topic: string;
  /** Expected events per second at the busy hour. */
  eventsPerSecond: number;
  /** Bytes per record as Firehose counts them: the RAW envelope after the transform. */
  bytesPerEvent: number;
  /** The topic's tier: batch size, batching window and MaximumConcurrency of its mapping. */
  batchSize: number;
  batchingWindowSeconds: number;
  maxConcurrency: number;
}

export interface ProcessorTiming {
  /** Milliseconds of one invocation that do not depend on its size (Firehose round trip, SDK). */
  fixedMillisPerInvocation: number;
  /** Milliseconds per record (parse, envelope, hash, request body). */
  millisPerRecord: number;
}

/**
 * The processor measured ~35,000 records/s on one core (docs/benchmarks.md, ~0.03 ms a record):
 * 0.05 ms leaves room; 200 ms per request is a cautious PutRecordBatch round trip.
 */
export const DEFAULT_PROCESSOR_TIMING: ProcessorTiming = {
  fixedMillisPerInvocation: 200,
  millisPerRecord: 0.05,
};

/** PutRecordBatch: at most 500 records per request (Firehose API reference). */
export const RECORDS_PER_PUT_RECORD_BATCH = 500;

export interface StreamLoad {
  bytesPerSecond: number;
  recordsPerSecond: number;
  requestsPerSecond: number;
}

export interface TopicLoad extends StreamLoad {
  topic: string;
  /** Records per invocation the mapping hands the processor at this rate. */
  recordsPerInvocation: number;
  /** Concurrent processor instances this rate keeps busy (Little's law), rounded up. */
  concurrencyNeeded: number;
  /** The tier's ceiling (the mapping's MaximumConcurrency). */
  maxConcurrency: number;
}

/**
 * A mapping invokes with what arrived within its batching window (at least one record, at most
 * the batch size; a window of 0 counts as 1 s of arrivals: a long poll's wait); each invocation
 * sends ceil(records / 500) PutRecordBatch requests.
 *
 * @example
 * topicLoad({ topic: 'a', eventsPerSecond: 100, bytesPerEvent: 1400, batchSize: 1000,
 *   batchingWindowSeconds: 10, maxConcurrency: 2 }).requestsPerSecond; // 0.2
 */
export function topicLoad(
  traffic: TopicTraffic,
  timing: ProcessorTiming = DEFAULT_PROCESSOR_TIMING,
): TopicLoad {
  const rate = traffic.eventsPerSecond;
  if (rate <= 0)
    return {
      topic: traffic.topic,
      bytesPerSecond: 0,
      recordsPerSecond: 0,
      requestsPerSecond: 0,
      recordsPerInvocation: 0,
      concurrencyNeeded: 0,
      maxConcurrency: traffic.maxConcurrency,
    };
  const window = Math.max(traffic.batchingWindowSeconds, 1);
  const recordsPerInvocation = Math.min(traffic.batchSize, Math.max(1, rate * window));
  const invocationsPerSecond = rate / recordsPerInvocation;
  const requestsPerInvocation = Math.ceil(recordsPerInvocation / RECORDS_PER_PUT_RECORD_BATCH);
  const secondsPerInvocation =
    (timing.fixedMillisPerInvocation * requestsPerInvocation +
      timing.millisPerRecord * recordsPerInvocation) /
    1000;
  return {
    topic: traffic.topic,
    bytesPerSecond: rate * traffic.bytesPerEvent,
    recordsPerSecond: rate,
    requestsPerSecond: invocationsPerSecond * requestsPerInvocation,
    recordsPerInvocation,
    concurrencyNeeded: Math.ceil(invocationsPerSecond * secondsPerInvocation),
    maxConcurrency: traffic.maxConcurrency,
  };
}

export function addLoads(a: StreamLoad, b: StreamLoad): StreamLoad {
  return {
    bytesPerSecond: a.bytesPerSecond + b.bytesPerSecond,
    recordsPerSecond: a.recordsPerSecond + b.recordsPerSecond,
    requestsPerSecond: a.requestsPerSecond + b.requestsPerSecond,
  };
}

export const NO_LOAD: StreamLoad = { bytesPerSecond: 0, recordsPerSecond: 0, requestsPerSecond: 0 };
