// Measures one thing in a clean process and reports it over IPC (the handlers' logs and EMF
// metrics go to this process's stdout, which the parent discards).
import { createHash, createHmac } from 'node:crypto';
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
  const cpuBefore = process.cpuUsage();
  await run(RECORD_COUNT);
  const cpu = process.cpuUsage(cpuBefore);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return {
    records: RECORD_COUNT,
    seconds,
    perSecond: RECORD_COUNT / seconds,
    cpuSeconds,
    perCpuSecond: RECORD_COUNT / cpuSeconds,
  };
}

/** SigV4's hash for @smithy/signature-v4 from node:crypto (what the SDK uses in Node). */
class NodeSha256 {
  constructor(secret) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', secret);
  }
  update(data) {
    this.hash.update(data);
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
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
  // The work no processor can avoid, without network or SDK: per record the envelope (parse to
  // classify, sha256 of the payload, the envelope's JSON line), per batch the PutRecordBatch body
  // (base64 of every record in one JSON document) and its SigV4 signature.
  async irreducible() {
    const { SignatureV4 } = await import('@smithy/signature-v4');
    const signer = new SignatureV4({
      service: 'firehose',
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' },
      sha256: NodeSha256,
    });
    return measure(async (count) => {
      for (let start = 0; start < count; start += BATCH) {
        const data = [];
        for (let index = start; index < Math.min(count, start + BATCH); index++) {
          const body = bodies[index];
          JSON.parse(body);
          const envelope = {
            topic: 'engine-temperature',
            message_id: `m-${index}`,
            payload: body,
            payload_sha256: createHash('sha256').update(body).digest('hex'),
            sent_at: 1_764_000_000_000_000,
            ingested_at: 1_764_000_001_000_000,
            receive_count: 1,
            source_arn:
              'arn:aws:sqs:us-east-1:000000000000:lean-ops-bench-topic-engine-temperature',
            message_group_id: null,
            sequence_number: null,
            error: null,
          };
          data.push(Buffer.from(`${JSON.stringify(envelope)}\n`));
        }
        const requestBody = JSON.stringify({
          DeliveryStreamName: 'lean-ops-bench-raw',
          Records: data.map((record) => ({ Data: record.toString('base64') })),
        });
        await signer.sign({
          method: 'POST',
          protocol: 'https:',
          hostname: 'firehose.us-east-1.amazonaws.com',
          path: '/',
          headers: {
            host: 'firehose.us-east-1.amazonaws.com',
            'content-type': 'application/x-amz-json-1.1',
            'x-amz-target': 'Firehose_20150804.PutRecordBatch',
          },
          body: requestBody,
        });
      }
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
