import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { seededRandom } from '../../ops/registry/seededRandom';
import { putRecordBatchViolation } from './putRecordBatchLimits';

export interface FaultProxyOptions {
  /** The real endpoint (moto) every request is forwarded to. */
  target: string;
  /** Probability that a whole PutRecordBatch call is answered ServiceUnavailableException. */
  throttleRate?: number;
  /** Probability that one record of a forwarded call fails (it heals on a later attempt). */
  recordFailureRate?: number;
  /** Records whose data contains this text fail on every attempt. */
  alwaysFailMarker?: string;
  /**
   * A downstream outage for one topic: all of its records fail for `seconds` from the first call
   * that carries one of them (so the outage hits traffic whenever the topic's poller gets to it).
   */
  outage?: { topic: string; seconds: number };
  seed?: number;
  /**
   * Play Firehose for these streams (stream name → its buffer): accepted records go to the named
   * stream's buffer and the proxy answers the call itself, instead of forwarding to moto. Calls
   * naming another stream still go to moto (which refuses a stream it does not have).
   */
  firehose?: { buffers: ReadonlyMap<string, { write(records: Buffer[]): void }> };
}

export interface FaultCounts {
  calls: number;
  throttledCalls: number;
  failedRecords: number;
  /** Calls refused whole for breaking PutRecordBatch's documented limits. */
  refusedCalls: number;
  markedRecords: number;
  outageRecords: number;
}

const PUT_RECORD_BATCH = 'Firehose_20150804.PutRecordBatch';

/**
 * A small fault-injecting proxy on 127.0.0.1 between the processor and the local endpoint:
 * moto's Firehose never fails a record (LOCAL-EMULATOR.md), so whole-call throttling and
 * per-record failures of PutRecordBatch are injected here, answering as Firehose does. Every
 * other request passes through untouched. The Lambdas only see a different AWS_ENDPOINT_URL.
 */
export class FaultProxy {
  private server: Server | undefined;
  readonly counts: FaultCounts = {
    calls: 0,
    throttledCalls: 0,
    failedRecords: 0,
    refusedCalls: 0,
    markedRecords: 0,
    outageRecords: 0,
  };
  private readonly random: () => number;
  private outageStartedAt: number | undefined;

  constructor(private readonly options: FaultProxyOptions) {
    this.random = seededRandom(options.seed ?? 7).next;
  }

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error) => {
        response.writeHead(502, { 'content-type': 'text/plain' });
        response.end(String(error));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    let body: Buffer = Buffer.concat(chunks);
    const isPutRecordBatch = request.headers['x-amz-target'] === PUT_RECORD_BATCH;
    let failedIndexes: number[] = [];
    let kept: unknown[] = [];
    if (isPutRecordBatch) {
      this.counts.calls++;
      if (this.random() < (this.options.throttleRate ?? 0)) {
        this.counts.throttledCalls++;
        const error = {
          __type: 'ServiceUnavailableException',
          message: 'Slow down. (injected by the local fault proxy)',
        };
        response.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify(error));
        return;
      }
      const input = JSON.parse(body.toString('utf8')) as {
        DeliveryStreamName: string;
        Records: { Data: string }[];
      };
      const violation = putRecordBatchViolation(input.Records ?? []);
      if (violation !== undefined) {
        this.counts.refusedCalls++;
        response.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify({ __type: 'InvalidArgumentException', message: violation }));
        return;
      }
      const outage = this.options.outage;
      const outageNeedle = outage ? Buffer.from(`"topic":"${outage.topic}"`) : undefined;
      input.Records.forEach((record, index) => {
        const data = Buffer.from(record.Data, 'base64');
        if (
          outage !== undefined &&
          outageNeedle !== undefined &&
          data.subarray(0, 200).includes(outageNeedle) &&
          this.outageActive(outage.seconds)
        ) {
          this.counts.outageRecords++;
          failedIndexes.push(index);
          return;
        }
        const marked =
          this.options.alwaysFailMarker !== undefined &&
          data.includes(this.options.alwaysFailMarker);
        if (marked) this.counts.markedRecords++;
        if (marked || this.random() < (this.options.recordFailureRate ?? 0))
          failedIndexes.push(index);
      });
      this.counts.failedRecords += failedIndexes.length;
      const failed = new Set(failedIndexes);
      kept = input.Records.filter((_, index) => !failed.has(index));
      const buffer = this.options.firehose?.buffers.get(input.DeliveryStreamName);
      if (buffer !== undefined) {
        const accepted = input.Records.filter((_, index) => !failed.has(index));
        if (accepted.length > 0)
          buffer.write(accepted.map((record) => Buffer.from(record.Data, 'base64')));
        const ids = accepted.map((_, index) => ({
          RecordId: `local-${this.counts.calls}-${index}`,
        }));
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify(this.answer(input.Records.length, failed, ids)));
        return;
      }
      if (kept.length === 0) {
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify(this.answer(input.Records.length, failed, [])));
        return;
      }
      body = Buffer.from(JSON.stringify({ ...input, Records: kept }));
    }
    const upstream = await fetch(new URL(request.url ?? '/', this.options.target), {
      method: request.method ?? 'GET',
      headers: forwardHeaders(request, body.length),
      ...(body.length > 0 || !['GET', 'HEAD'].includes(request.method ?? 'GET') ? { body } : {}),
    });
    const upstreamBody = Buffer.from(await upstream.arrayBuffer());
    if (!isPutRecordBatch || failedIndexes.length === 0 || upstream.status !== 200) {
      const headers = Object.fromEntries(
        [...upstream.headers.entries()].filter(
          ([name]) =>
            !['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(
              name,
            ),
        ),
      );
      response.writeHead(upstream.status, headers);
      response.end(upstreamBody);
      return;
    }
    const forwarded = (
      JSON.parse(upstreamBody.toString('utf8')) as { RequestResponses: { RecordId?: string }[] }
    ).RequestResponses;
    response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
    response.end(
      JSON.stringify(
        this.answer(kept.length + failedIndexes.length, new Set(failedIndexes), forwarded),
      ),
    );
    failedIndexes = [];
  }

  /** Whether the outage is on now; the first record of its topic starts it. */
  private outageActive(seconds: number): boolean {
    this.outageStartedAt ??= Date.now();
    return Date.now() < this.outageStartedAt + seconds * 1_000;
  }

  /** A PutRecordBatch response: forwarded records' answers in order, failures where injected. */
  private answer(total: number, failed: Set<number>, forwarded: { RecordId?: string }[]) {
    const responses: Record<string, string>[] = [];
    let next = 0;
    for (let index = 0; index < total; index++) {
      if (failed.has(index)) {
        responses.push({
          ErrorCode: 'ServiceUnavailableException',
          ErrorMessage: 'injected record failure',
        });
      } else {
        responses.push({ RecordId: forwarded[next++]?.RecordId ?? `local-${index}` });
      }
    }
    return { FailedPutCount: failed.size, Encrypted: false, RequestResponses: responses };
  }
}

function forwardHeaders(request: IncomingMessage, length: number): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (
      value === undefined ||
      ['host', 'content-length', 'connection', 'transfer-encoding'].includes(name)
    )
      continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  headers['content-length'] = String(length);
  return headers;
}
