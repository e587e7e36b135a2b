// Measures one thing in a clean process and reports it over IPC (the handlers' logs and EMF
// metrics go to this process's stdout, which the parent discards).
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';

const [what, bundle] = process.argv.slice(2);
const RECORD_COUNT = Number(process.env.BENCH_RECORDS ?? 50_000);
const PAYLOAD_BYTES = 1024;
const BATCH = Number(process.env.BENCH_BATCH ?? 500);

function payload(index) {
  const base = {
    device_id: `veh-${index % 100}`,
    reading_id: index,
    measured_at: new Date(1_764_000_000_000 + index * 1000).toISOString(),
  };
  const text = JSON.stringify({ ...base, pad: '' });
  return JSON.stringify({ ...base, pad: 'p'.repeat(Math.max(0, PAYLOAD_BYTES - text.length)) });
}

const bodies = Array.from({ length: RECORD_COUNT }, (_, index) => payload(index));

function sqsRecord(body, index) {
  return {
    messageId: `m-${index}`,
    receiptHandle: `rh-${index}`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1764000000000',
      SenderId: 'x',
      ApproximateFirstReceiveTimestamp: '1764000000000',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:lean-ops-bench-topic-engine-temperature',
    awsRegion: 'us-east-1',
  };
}

const context = {
  getRemainingTimeInMillis: () => 60_000,
  functionName: 'bench',
  awsRequestId: 'bench',
};

async function measure(run) {
  await run(Math.min(2_000, RECORD_COUNT)); // warm-up: JIT and first connections
  const started = process.hrtime.bigint();
  await run(RECORD_COUNT);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { records: RECORD_COUNT, seconds, perSecond: RECORD_COUNT / seconds };
}

const benches = {
  async rawLimit() {
    return measure(async (count) => {
      let sink = 0;
      for (let index = 0; index < count; index++) {
        const parsed = JSON.parse(bodies[index]);
        const line = JSON.stringify({ payload: bodies[index], device: parsed.device_id });
        sink += Buffer.from(line).toString('base64').length;
      }
      if (sink === 0) throw new Error('unreachable');
    });
  },
  async processor() {
    const { handler } = await import(pathToFileURL(bundle).href);
    return measure(async (count) => {
      for (let start = 0; start < count; start += BATCH) {
        const records = bodies
          .slice(start, Math.min(count, start + BATCH))
          .map((body, offset) => sqsRecord(body, start + offset));
        const result = await handler({ Records: records }, context);
        if (result.batchItemFailures.length > 0)
          throw new Error('unexpected failures in benchmark');
      }
    });
  },
  async transform() {
    const { handler } = await import(pathToFileURL(bundle).href);
    const lines = bodies.map((body, index) =>
      Buffer.from(
        `${JSON.stringify({ topic: 'engine-temperature', message_id: `m-${index}`, payload: body, payload_sha256: createHash('sha256').update(body).digest('hex'), sent_at: 1_764_064_800_000_000, ingested_at: 1_764_064_801_000_000, receive_count: 1, source_arn: 'arn:aws:sqs:us-east-1:0:q', message_group_id: null, sequence_number: null, error: null })}\n`,
      ).toString('base64'),
    );
    return measure(async (count) => {
      for (let start = 0; start < count; start += 1_000) {
        const records = lines.slice(start, Math.min(count, start + 1_000)).map((data, offset) => ({
          recordId: String(start + offset),
          approximateArrivalTimestamp: 0,
          data,
        }));
        const result = await handler(
          { invocationId: 'i', deliveryStreamArn: 'a', region: 'us-east-1', records },
          context,
        );
        if (result.records.length !== records.length) throw new Error('transform lost records');
      }
    });
  },
};

process.send(await benches[what]());
process.exit(0);
