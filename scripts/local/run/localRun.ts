import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateQueueCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { loadRegistry, type TopicSchema } from '../../../lambdas/common/registry';
import { DEAD_LETTER_MARKER } from '../../inject/faults';
import { planTraffic } from '../../inject/planTraffic';
import { publishTraffic } from '../../inject/publish';
import { localClients } from '../clients';
import { FaultProxy } from '../emulation/faultProxy';
import { FirehoseDelivery } from '../emulation/firehoseDelivery';
import { LocalLambda } from '../emulation/LocalLambda';
import { SqsEventSource } from '../emulation/sqsEventSource';
import { startEndpoint } from '../endpointProcess';
import { queueArn, resourceNames } from '../names';
import {
  FIREHOSE_LOCAL_PREFIX,
  provisionBuckets,
  provisionFirehose,
  provisionQueues,
} from '../provision';
import { repoRoot } from '../repoRoot';
import {
  type LedgerLine,
  type Observation,
  reconcileIngestion,
} from '../report/ingestionReconcile';
import { listNdjson, readJsonLines } from '../report/readLines';
import { drainQueues } from './drainQueues';
import { formatIngestionTable } from './formatIngestionTable';
import { LambdaPool } from './lambdaPool';

export interface LocalRunOptions {
  events: number;
  seed: number;
  outDir?: string;
  /** Processor record limit locally: ElasticMQ enforces SQS's classic 256 KiB message limit. */
  maxRecordBytes?: number;
  throttleRate?: number;
  recordFailureRate?: number;
  log: (line: string) => void;
}

export interface LocalRunResult {
  outDir: string;
  ok: boolean;
  mismatches: number;
}

/** Messages of topics outside the prefix go to this queue, which the processor also consumes. */
const STRAY_QUEUE_SUFFIX = '-unregistered-feed';

/**
 * `make run`: the pipeline end to end on this machine. Starts the local endpoint, provisions
 * from the topic registry, publishes generated traffic with injected faults, drives the real
 * Lambda bundles through the ESM-like pollers and the Firehose-like delivery, and reconciles
 * what landed against the generator's ledger, message by message.
 */
export async function localRun(options: LocalRunOptions): Promise<LocalRunResult> {
  const root = repoRoot();
  const stamp = new Date()
    .toISOString()
    .replaceAll(':', '')
    .replace(/\.\d+Z$/, 'Z');
  const outDir = options.outDir ?? join(root, '.run', 'local', stamp);
  mkdirSync(outDir, { recursive: true });
  linkLatest(root, outDir);
  const log = options.log;
  const started = Date.now();
  const stage = (name: string) =>
    log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${name}`);

  const registry = loadRegistry(join(root, 'schemas', 'topics'));
  const errors = registry.findings.filter((finding) => finding.severity === 'error');
  if (errors.length > 0)
    throw new Error(
      `schemas/topics has ${errors.length} lint errors: run \`npx lean-ops lint-schemas\``,
    );
  const topics: TopicSchema[] = registry.topics;

  stage('starting the local endpoint (ElasticMQ + moto)');
  const endpoint = await startEndpoint();
  const env = endpoint.state.env;
  const clients = localClients(env);
  const names = resourceNames('lean-ops-local');
  const proxy = new FaultProxy({
    target: env.AWS_ENDPOINT_URL as string,
    throttleRate: options.throttleRate ?? 0.03,
    recordFailureRate: options.recordFailureRate ?? 0.03,
    alwaysFailMarker: DEAD_LETTER_MARKER,
    seed: options.seed,
  });
  const lambdas: { stop(): Promise<void> }[] = [];
  try {
    stage(
      `provisioning ${topics.length} topic queues, the DLQ pair, buckets and the Firehose stream`,
    );
    const queues = await provisionQueues(
      clients.sqs,
      names,
      topics.map((topic) => ({ topic: topic.topic, fifo: topic.queue === 'fifo' })),
    );
    const strayName = `${names.firehoseStream}${STRAY_QUEUE_SUFFIX}`;
    const strayUrl =
      (await clients.sqs.send(new CreateQueueCommand({ QueueName: strayName }))).QueueUrl ?? '';
    await provisionBuckets(clients.s3, [names.archiveBucket, names.lakeBucket]);
    await provisionFirehose(clients.firehose, names);
    const proxyUrl = await proxy.start();

    const logs = join(outDir, 'logs');
    const processor = new LambdaPool(
      {
        name: 'sqs-processor',
        env: {
          ...env,
          AWS_ENDPOINT_URL_FIREHOSE: proxyUrl,
          FIREHOSE_STREAM_NAME: names.firehoseStream,
          QUEUE_NAME_PREFIX: names.queueNamePrefix,
          ERROR_BUCKET: names.archiveBucket,
          MAX_RECORD_BYTES: String(options.maxRecordBytes ?? 65_536),
          SAFETY_MARGIN_MS: '1000',
          // Marked records fail on every attempt; three keep each such batch short locally.
          MAX_PUT_ATTEMPTS: '3',
        },
        timeoutMs: 5_000,
        logFile: join(logs, 'sqs-processor.log'),
      },
      2,
    );
    const transform = new LocalLambda({
      name: 'firehose-transform',
      env: { ...env, RAW_DATABASE_NAME: names.rawDatabase },
      logFile: join(logs, 'firehose-transform.log'),
    });
    lambdas.push(processor, transform);
    await processor.start();

    const ledgerPath = join(outDir, 'ledger.ndjson');
    stage(`publishing ${options.events} generated events (seed ${options.seed}) → ${ledgerPath}`);
    const published = await publishTraffic(
      planTraffic(topics, { events: options.events, seed: options.seed }),
      {
        sqs: clients.sqs,
        queueUrl: (message) =>
          message.topic === 'UNKNOWN'
            ? strayUrl
            : (queues.topics.get(message.topic)?.url ?? strayUrl),
        ledgerPath,
      },
    );

    const spoolDir = join(outDir, 'warehouse', 'raw-spool');
    const delivery = new FirehoseDelivery({
      s3: clients.s3,
      bucket: names.archiveBucket,
      prefix: FIREHOSE_LOCAL_PREFIX,
      transform,
      spoolDir,
    });
    const sources = [
      ...[...queues.topics.values()].map((queue) => ({
        source: new SqsEventSource({
          sqs: clients.sqs,
          queueUrl: queue.url,
          queueArn: queue.arn,
          lambda: processor,
          batchSize: queue.fifo ? 10 : 100,
          retryDelaySeconds: 0,
        }),
        queueUrl: queue.url,
      })),
      {
        source: new SqsEventSource({
          sqs: clients.sqs,
          queueUrl: strayUrl,
          queueArn: queueArn(strayName),
          lambda: processor,
          batchSize: 100,
        }),
        queueUrl: strayUrl,
      },
    ];
    stage(
      `draining ${sources.length} queues through sqs-processor → Firehose (fault proxy) → firehose-transform`,
    );
    let lastReport = Date.now();
    const drained = await drainQueues(clients.sqs, sources, {
      between: async () => {
        await delivery.deliverPending();
      },
      onRound: (stats) => {
        if (Date.now() - lastReport > 5_000) {
          lastReport = Date.now();
          log(`         ${stats.received} receives, ${stats.failed} retried so far`);
        }
      },
    });
    await delivery.deliverPending();
    stage(
      `quiet: ${drained.invocations} processor invocations, ${drained.failed} record retries; fault proxy: ${JSON.stringify(proxy.counts)}`,
    );

    stage('reading RAW, raw_errors and the DLQ pair back, and reconciling with the ledger');
    const observed = new Map<string, Observation[]>();
    const note = (id: string, observation: Observation) => {
      const list = observed.get(id) ?? [];
      list.push(observation);
      observed.set(id, list);
    };
    for (const file of listNdjson(spoolDir)) {
      const table = file.split('/').at(-2);
      for await (const envelope of readJsonLines<{
        message_id: string;
        receive_count?: number;
        error?: { code: string };
      }>(join(spoolDir, file))) {
        note(envelope.message_id, {
          location: table === 'raw_errors' ? 'RAW_ERRORS' : 'RAW',
          ...(envelope.error ? { code: envelope.error.code } : {}),
          ...(envelope.receive_count !== undefined ? { receiveCount: envelope.receive_count } : {}),
        });
      }
    }
    for (const url of [queues.dlqStandardUrl, queues.dlqFifoUrl]) {
      for (;;) {
        const response = await clients.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: url,
            MaxNumberOfMessages: 10,
            VisibilityTimeout: 600,
          }),
        );
        const messages = response.Messages ?? [];
        if (messages.length === 0) break;
        for (const message of messages) note(message.MessageId ?? '', { location: 'DLQ' });
      }
    }
    const ledger: LedgerLine[] = [];
    for await (const line of readJsonLines<LedgerLine>(ledgerPath)) ledger.push(line);
    const result = reconcileIngestion(ledger, observed);
    const table = formatIngestionTable(result.perTopic);
    log(`\n${table}`);
    writeFileSync(
      join(outDir, 'ingestion-report.json'),
      JSON.stringify(
        {
          published,
          perTopic: Object.fromEntries(result.perTopic),
          mismatches: result.mismatches,
          unexpected: result.unexpected,
        },
        null,
        2,
      ),
    );
    writeFileSync(join(outDir, 'ingestion-report.txt'), table);
    for (const mismatch of result.mismatches.slice(0, 50)) {
      log(
        `MISMATCH ${mismatch.messageId} topic=${mismatch.topic} fault=${mismatch.fault} expected=${mismatch.expected} found=${mismatch.found.join('+') || 'nowhere'}`,
      );
    }
    const ok =
      result.mismatches.length === 0 &&
      result.unexpected.length === 0 &&
      published === ledger.length;
    stage(
      ok
        ? `reconciled: all ${published} published messages accounted for`
        : `NOT reconciled: ${result.mismatches.length} mismatches, ${result.unexpected.length} unexpected ids`,
    );
    return { outDir, ok, mismatches: result.mismatches.length + result.unexpected.length };
  } finally {
    await Promise.all(lambdas.map((lambda) => lambda.stop()));
    await proxy.stop();
    await endpoint.stop();
  }
}

function linkLatest(root: string, outDir: string): void {
  const latest = join(root, '.run', 'local', 'latest');
  rmSync(latest, { force: true });
  try {
    symlinkSync(outDir, latest);
  } catch {
    // Only a convenience for humans.
  }
}
