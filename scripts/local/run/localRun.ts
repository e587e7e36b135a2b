import { spawn } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import {
  lambdaEnvironment,
  resourceNames,
  tableNameForTopic,
} from '../../../lambdas/common/naming';
import { listDeadLetters } from '../../ops/dlq/listDeadLetters';
import { registeredTopics } from '../../ops/dlq/registeredTopics';
import { replayDeadLetters } from '../../ops/dlq/replayDeadLetters';
import { DEAD_LETTER_MARKER } from '../../ops/inject/faults';
import { planTraffic } from '../../ops/inject/planTraffic';
import { publishTraffic } from '../../ops/inject/publish';
import { loadRegistry, type TopicSchema } from '../../ops/registry';
import { repoRoot } from '../../ops/repoRoot';
import { localClients } from '../clients';
import { archiveDeadLetters } from '../emulation/archiveDeadLetters';
import { MappingStates, provisionLocalMappings } from '../emulation/eventSourceMappings';
import { FaultProxy } from '../emulation/faultProxy';
import { DirectoryFirehoseBuffer } from '../emulation/firehoseBuffer';
import { FirehoseDelivery } from '../emulation/firehoseDelivery';
import { LocalLambda } from '../emulation/LocalLambda';
import { SqsEventSource } from '../emulation/sqsEventSource';
import { startEndpoint } from '../endpointProcess';
import { LOCAL_ACCOUNT, LOCAL_DEPLOYMENT_NAME, queueArn } from '../localDeployment';
import {
  FIREHOSE_LOCAL_PREFIX,
  provisionBuckets,
  provisionFirehose,
  provisionQueues,
} from '../provision';
import { provisionBreakerTable } from '../provisionBreakerTable';
import { provisionDlqIndexTable } from '../provisionDlqIndexTable';
import { readJsonLines } from '../report/readLines';
import { runLocalOrchestrator } from '../stepfunctions';
import { abbreviateLists } from './abbreviate';
import { AlarmEvaluator, alarmNotificationEvent, errorRateSampleFromEmf } from './alarmEvaluator';
import { drainQueues } from './drainQueues';
import { LambdaPool } from './lambdaPool';
import { every } from './periodic';
import { ensureRawTables, flushSpoolToIceberg } from './rawWriter';

export interface LocalRunOptions {
  events: number;
  seed: number;
  outDir?: string;
  /** Processor record limit locally: ElasticMQ enforces SQS's classic 256 KiB message limit. */
  maxRecordBytes?: number;
  throttleRate?: number;
  recordFailureRate?: number;
  /** Topic whose Firehose delivery fails entirely for `outageSeconds` (trips its breaker). */
  outageTopic?: string;
  outageSeconds?: number;
  /** Replay the dead letters and run the orchestrator again (the default). */
  replay?: boolean;
  /** Topic registry folder (default schemas/topics; `make soak` uses a generated one). */
  registryDir?: string;
  /** Topics packed into one Glue run by the orchestrator. */
  topicsPerGlueRun?: number;
  /**
   * Traffic goes to the first N topics of the registry only; the others stay idle (provisioned,
   * polled, skipped by the orchestrator), as most of a 750-topic fleet is at any moment.
   */
  activeTopics?: number;
  log: (line: string) => void;
}

export interface LocalRunResult {
  outDir: string;
  ok: boolean;
}

/**
 * Concurrent processor containers and queue polls. Once the backlog is gone the run is bound by
 * latency, not CPU: the last retries of poison messages trickle in a few per batch, and each
 * such invocation spends its put attempts on them; more containers in flight shorten that tail.
 */
const PROCESSOR_CONTAINERS = 4;
const POLL_PARALLELISM = 8;
/**
 * Concurrent pollers on the standard DLQ, as Lambda scales a standard queue's mapping: with 3 %
 * poison a million-event run dead-letters ~30,000 messages, which one poller archives at ~11/s.
 */
const STANDARD_DLQ_POLLERS = 3;
const MAX_BACKLOG = 50_000;

/**
 * `make run`: the pipeline end to end on this machine. Starts the local endpoint, provisions from
 * the topic registry, publishes generated traffic with injected faults, drives the real Lambda
 * bundles (processor, transform, DLQ archiver, circuit breaker) through the ESM-like pollers and
 * the Firehose-like delivery into RAW Iceberg, runs the master orchestrator definition with the
 * real Glue jobs, replays what was dead-lettered, runs the orchestrator again, and reconciles
 * what the tables hold against the generator's ledger, message by message.
 */
export async function localRun(options: LocalRunOptions): Promise<LocalRunResult> {
  const root = repoRoot();
  const stamp = new Date()
    .toISOString()
    .replaceAll(':', '')
    .replace(/\.\d+Z$/, 'Z');
  const outDir = options.outDir ?? join(root, '.run', 'local', stamp);
  // A previous run's spool or warehouse would leak into this run's tables and report.
  if (existsSync(outDir) && readdirSync(outDir).length > 0)
    throw new Error(`output folder ${outDir} is not empty`);
  mkdirSync(join(outDir, 'logs'), { recursive: true });
  linkLatest(root, outDir);
  const log = options.log;
  const started = Date.now();
  const stages: { at_s: number; stage: string }[] = [];
  const stage = (name: string) => {
    const at = (Date.now() - started) / 1000;
    stages.push({ at_s: at, stage: name });
    writeFileSync(join(outDir, 'stages.json'), `${JSON.stringify(stages, null, 1)}\n`);
    log(`[${at.toFixed(1).padStart(6)} s] ${name}`);
  };

  const registryDir = options.registryDir ?? join(root, 'schemas', 'topics');
  const registry = loadRegistry(registryDir);
  if (registry.findings.some((finding) => finding.severity === 'error')) {
    throw new Error('schemas/topics has lint errors: run `npx lean-ops lint-schemas`');
  }
  const topics: TopicSchema[] = registry.topics;

  stage('starting the local endpoint (ElasticMQ + moto)');
  const endpoint = await startEndpoint();
  const env: Record<string, string> = { ...endpoint.state.env, POWERTOOLS_LOG_LEVEL: 'WARN' };
  const clients = localClients(env);
  const motoSqs = new SQSClient({
    region: 'us-east-1',
    endpoint: env.AWS_ENDPOINT_URL,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const documentClient = DynamoDBDocumentClient.from(clients.dynamoDb, {
    marshallOptions: { removeUndefinedValues: true },
  });
  const names = resourceNames(LOCAL_DEPLOYMENT_NAME, LOCAL_ACCOUNT);
  const outageTopic =
    options.outageTopic ??
    (topics.some((topic) => topic.topic === 'gps-position')
      ? 'gps-position'
      : (topics[0]?.topic ?? ''));
  const firehoseBuffer = new DirectoryFirehoseBuffer(join(outDir, 'firehose-buffer'));
  const proxy = new FaultProxy({
    target: env.AWS_ENDPOINT_URL as string,
    throttleRate: options.throttleRate ?? 0.03,
    recordFailureRate: options.recordFailureRate ?? 0.03,
    alwaysFailMarker: DEAD_LETTER_MARKER,
    outage: { topic: outageTopic, seconds: options.outageSeconds ?? 8 },
    seed: options.seed,
    firehose: { streamName: names.firehoseStream, buffer: firehoseBuffer },
  });
  const containers: { stop(): Promise<void> }[] = [];
  const logs = join(outDir, 'logs');
  const warehouse = join(outDir, 'warehouse');
  const spoolDir = join(outDir, 'raw-spool');
  try {
    stage(
      `provisioning ${topics.length} topics: queues + DLQ pair, buckets, Firehose, DynamoDB tables, event source mappings`,
    );
    const queues = await provisionQueues(
      clients.sqs,
      names,
      topics.map((topic) => ({ topic: topic.topic, fifo: topic.queue === 'fifo' })),
      { visibilityTimeoutSeconds: 30 },
    );
    const strayName = names.unregisteredFeedQueue;
    const strayUrl =
      (await clients.sqs.send(new CreateQueueCommand({ QueueName: strayName }))).QueueUrl ?? '';
    await provisionBuckets(clients.s3, [names.archiveBucket, names.lakeBucket]);
    await provisionFirehose(clients.firehose, names);
    await provisionDlqIndexTable(clients.dynamoDb, names.dlqIndexTable);
    await provisionBreakerTable(clients.dynamoDb, names.breakerTable);
    const mappingUuids = await provisionLocalMappings({
      lambda: clients.lambda,
      motoSqs,
      motoEndpoint: env.AWS_ENDPOINT_URL as string,
      functionName: names.function('sqs-processor'),
      queueNames: topics.map((topic) => names.queueName(topic.topic, topic.queue === 'fifo')),
    });
    const proxyUrl = await proxy.start();
    const rawTables = await ensureRawTables(
      names.rawDatabase,
      topics.map((topic) => tableNameForTopic(topic)),
      warehouse,
      env,
      join(outDir, 'raw-tables.txt'),
    );
    stage(`RAW tables: ${rawTables.created} created, ${rawTables.existing} already there`);

    // CloudWatch's part, played locally: the topic error-rate alarm over the processor's EMF metrics.
    const alarms = new AlarmEvaluator({ windowMs: 6_000, threshold: 0.5, minimumReceived: 50 });
    const processor = new LambdaPool(
      {
        name: 'sqs-processor',
        env: {
          ...env,
          AWS_ENDPOINT_URL_FIREHOSE: proxyUrl,
          ...lambdaEnvironment('sqs-processor', names),
          MAX_RECORD_BYTES: String(options.maxRecordBytes ?? 65_536),
          SAFETY_MARGIN_MS: '1000',
          // Marked records fail on every attempt; three keep each such batch short locally.
          MAX_PUT_ATTEMPTS: '3',
        },
        timeoutMs: 10_000,
        logFile: join(logs, 'sqs-processor.log'),
        onLogLine: (line) => {
          const sample = errorRateSampleFromEmf(line);
          if (sample) alarms.record(sample.topic, sample.received, sample.retried, Date.now());
        },
      },
      PROCESSOR_CONTAINERS,
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
        env: {
          ...env,
          ...lambdaEnvironment('dlq-archiver', names),
        },
        logFile: join(logs, 'dlq-archiver.log'),
      },
      STANDARD_DLQ_POLLERS + 1,
    );
    const breaker = new LocalLambda({
      name: 'circuit-breaker',
      env: {
        ...env,
        ...lambdaEnvironment('circuit-breaker', names),
        COOLDOWN_SECONDS: '4',
        // Local time runs fast (retries every second): a poison-only tail may trip a breaker, and
        // long cool-downs would only stretch the run.
        MAX_COOLDOWN_SECONDS: '8',
      },
      logFile: join(logs, 'circuit-breaker.log'),
    });
    containers.push(processor, transform, archiver, breaker);
    await processor.start();

    const delivery = new FirehoseDelivery({
      s3: clients.s3,
      bucket: names.archiveBucket,
      prefix: FIREHOSE_LOCAL_PREFIX,
      transform,
      spoolDir,
      source: firehoseBuffer,
      concurrency: 2,
    });
    const transitions = join(outDir, 'breaker-transitions.ndjson');
    const breakerStates = new Map<string, string>();
    const mappingStates = new MappingStates(clients.lambda, names.function('sqs-processor'));
    const topicSources = topics.map((topic) => {
      const queue = queues.topics.get(topic.topic);
      const uuid = mappingUuids.get(names.queueName(topic.topic, topic.queue === 'fifo'));
      if (!queue || !uuid) throw new Error(`no queue or mapping for ${topic.topic}`);
      const source = new SqsEventSource({
        sqs: clients.sqs,
        queueUrl: queue.url,
        queueArn: queue.arn,
        lambda: processor,
        batchSize: queue.fifo ? 10 : 100,
        retryDelaySeconds: 1,
        isEnabled: mappingStates.probe(uuid),
      });
      return { topic: topic.topic, source, queueUrl: queue.url };
    });
    const strayQueue = {
      topic: 'UNKNOWN',
      source: new SqsEventSource({
        sqs: clients.sqs,
        queueUrl: strayUrl,
        queueArn: queueArn(strayName),
        lambda: processor,
        batchSize: 100,
      }),
      queueUrl: strayUrl,
    };
    // The archiver's event source mappings consume the DLQ pair while the topics drain, as in AWS;
    // a message it fails stays on its DLQ (invisible for 30 s), never deleted unarchived.
    // FIFO DLQ ordering allows only one poller; the standard DLQ gets several.
    const dlqSources = [
      ...Array.from({ length: STANDARD_DLQ_POLLERS }, () => ({
        url: queues.dlqStandardUrl,
        name: names.dlqStandard,
      })),
      { url: queues.dlqFifoUrl, name: names.dlqFifo },
    ].map((dlq) => ({
      topic: 'DLQ',
      queueUrl: dlq.url,
      source: new SqsEventSource({
        sqs: clients.sqs,
        queueUrl: dlq.url,
        queueArn: queueArn(dlq.name),
        lambda: archiver,
        batchSize: 10,
        retryDelaySeconds: 30,
      }),
    }));
    let lastBreakerTick = 0;
    let publishedSoFar = 0;
    /** Messages taken off the queues for good: deleted by the processor or archived from a DLQ. */
    let consumedSoFar = 0;
    // CloudWatch evaluates the alarms and EventBridge ticks the breaker on their own clocks, not
    // between poll rounds (a round of deep queues can outlast the alarm window).
    const controlPlane = async () => {
      const now = Date.now();
      for (const change of alarms.evaluate(now)) {
        await breaker.invoke(
          alarmNotificationEvent(names.errorRateAlarm(change.topic), change, new Date(now)),
        );
      }
      if (now - lastBreakerTick > 1_000) {
        lastBreakerTick = now;
        await breaker.invoke({
          source: 'aws.events',
          'detail-type': 'Scheduled Event',
          time: new Date(now).toISOString(),
        });
        await recordBreakerTransitions(
          documentClient,
          names.breakerTable,
          breakerStates,
          transitions,
        );
      }
    };
    const ingest = async (label: string, busy?: () => boolean) => {
      stage(label);
      let lastReport = Date.now();
      const deadLetters = { received: 0, archived: 0 };
      delivery.start();
      const control = every(500, controlPlane);
      const stats = await drainQueues(clients.sqs, [...topicSources, strayQueue, ...dlqSources], {
        parallelism: POLL_PARALLELISM,
        ...(busy ? { busy } : {}),
        onPoll: (entry, result) => {
          if (entry.topic !== 'DLQ') return;
          deadLetters.received += result.received;
          deadLetters.archived += result.succeeded;
        },
        onRound: (current) => {
          consumedSoFar = current.received - current.failed;
          if (Date.now() - lastReport > 10_000) {
            lastReport = Date.now();
            log(
              `[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s]   ${publishedSoFar} published, ${current.received - deadLetters.received} records received, ${current.failed} handed back for retry, ${deadLetters.archived} dead letters archived`,
            );
          }
        },
      });
      await control.stop();
      await delivery.stop();
      // Anything dead-lettered by the last receives, after the archiver's pollers went quiet.
      const dead = await archiveDeadLetters({
        sqs: clients.sqs,
        archiver,
        dlqStandard: { url: queues.dlqStandardUrl, name: names.dlqStandard },
        dlqFifo: { url: queues.dlqFifoUrl, name: names.dlqFifo },
      });
      const landed = await flushSpoolToIceberg(spoolDir, warehouse, env);
      const rows = Object.values(landed.tables).reduce((sum, table) => sum + table.rows, 0);
      stage(
        `quiet: ${stats.received - deadLetters.received} records received (${stats.failed} retried), ${rows} RAW rows committed to Iceberg, ${deadLetters.archived + dead.archived} dead letters archived`,
      );
    };

    const ledgerPath = join(outDir, 'ledger.ndjson');
    const active = topics.slice(0, options.activeTopics ?? topics.length);
    stage(
      `publishing ${options.events} generated events over ${active.length} of ${topics.length} topics (seed ${options.seed}, every fault at 3 %) → ledger.ndjson, while the pipeline ingests`,
    );
    let publishing = true;
    const publication = publishTraffic(
      planTraffic(active, { events: options.events, seed: options.seed }),
      {
        sqs: clients.sqs,
        queueUrl: (message) =>
          message.topic === 'UNKNOWN'
            ? strayUrl
            : (queues.topics.get(message.topic)?.url ?? strayUrl),
        ledgerPath,
        onProgress: (count) => {
          publishedSoFar = count;
        },
        // Keep at most MAX_BACKLOG messages waiting in the queues (ElasticMQ holds them in its heap).
        backpressure: async () => {
          while (publishedSoFar - consumedSoFar > MAX_BACKLOG)
            await new Promise((resolve) => setTimeout(resolve, 100));
        },
      },
    ).finally(() => {
      publishing = false;
    });
    await ingest(
      `ingesting: pollers → sqs-processor → Firehose (fault proxy; ${outageTopic} down for ${options.outageSeconds ?? 8} s) → transform → RAW Iceberg`,
      () => publishing,
    );
    const published = await publication;
    stage(`fault proxy so far: ${JSON.stringify(proxy.counts)}`);

    const topicNames = topics.map((topic) => topic.topic);
    const orchestrate = async (label: string) => {
      stage(label);
      const execution = await runLocalOrchestrator({
        env,
        names,
        warehouse,
        topics: topicNames,
        schemasDir: registryDir,
        topicsPerGlueRun: options.topicsPerGlueRun ?? 5,
        onGlueLog: (line) => appendFileSync(join(logs, 'glue.log'), `${line}\n`),
      });
      stage(
        `orchestrator ${execution.status}: ${JSON.stringify(abbreviateLists(execution.status === 'SUCCEEDED' ? execution.output : execution.error))}`,
      );
    };
    await orchestrate(
      'master orchestrator (ASL) → checkpoints → standardize + curate on local Spark',
    );

    if (options.replay ?? true) {
      // The operator's call, played by the harness: messages the fault proxy fails on every
      // attempt are known poison and stay archived; everything else dead-lettered (FIFO messages
      // held behind a poison message of their group) is replayed.
      stage("choosing the replayable dead letters: the DLQ index against the ledger's poison");
      const poison = new Set<string>();
      for await (const entry of readJsonLines<{ message_id: string; fault: string }>(ledgerPath)) {
        if (entry.fault === 'DEAD_LETTER') poison.add(entry.message_id);
      }
      const replayable = (await listDeadLetters(documentClient, names.dlqIndexTable))
        .filter(
          (item) =>
            item.status === 'ARCHIVED' && !poison.has(item.original_message_id ?? item.message_id),
        )
        .map((item) => item.message_id);
      stage(
        `replaying ${replayable.length} dead letters to their topic queues (${poison.size} known poison stay archived)`,
      );
      if (replayable.length > 0) {
        const replay = await replayDeadLetters(
          {
            topics: [],
            messageIds: replayable,
            force: false,
            dryRun: false,
            indexTable: names.dlqIndexTable,
            archiveBucket: names.archiveBucket,
            queueNamePrefix: names.queueNamePrefix,
            registered: registeredTopics(registryDir),
            registryDir,
          },
          { sqs: clients.sqs, s3: clients.s3, documentClient },
        );
        stage(
          `replay ${replay.replay_id}: ${replay.sent} sent, ${replay.not_replayed} not replayed`,
        );
        await ingest('ingesting the replayed messages');
        await orchestrate('master orchestrator again');
      }
    }

    stage(
      'accountability report: ledger vs RAW, raw_errors, curated, curated_errors and the DLQ index',
    );
    const code = await runReport(
      root,
      env,
      ledgerPath,
      registryDir,
      warehouse,
      outDir,
      transitions,
      log,
    );
    stage(
      `${code === 0 ? 'RECONCILED' : 'NOT RECONCILED'}: ${published} published; report in ${join(outDir, 'accountability.html')}`,
    );
    return { outDir, ok: code === 0 };
  } finally {
    await Promise.all(containers.map((container) => container.stop()));
    await proxy.stop();
    await endpoint.stop();
  }
}

async function recordBreakerTransitions(
  documentClient: DynamoDBDocumentClient,
  table: string,
  states: Map<string, string>,
  file: string,
): Promise<void> {
  const response = await documentClient.send(new ScanCommand({ TableName: table }));
  for (const item of response.Items ?? []) {
    const topic = String(item.topic);
    const state = String(item.state);
    const previous = states.get(topic) ?? 'CLOSED';
    if (previous !== state) {
      states.set(topic, state);
      appendFileSync(
        file,
        `${JSON.stringify({ at: new Date().toISOString(), topic, from: previous, to: state, reason: item.reason ?? '' })}\n`,
      );
    }
  }
}

function runReport(
  root: string,
  env: Record<string, string>,
  ledger: string,
  registry: string,
  warehouse: string,
  outDir: string,
  transitions: string,
  log: (line: string) => void,
): Promise<number> {
  const child = spawn(
    join(root, '.venv', 'bin', 'python'),
    [
      join(root, 'scripts', 'local', 'report', 'accountability.py'),
      '--ledger',
      ledger,
      '--registry',
      registry,
      '--warehouse',
      warehouse,
      '--name',
      'lean-ops-local',
      '--out',
      outDir,
      '--breaker-transitions',
      transitions,
    ],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  child.stdout.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').trimEnd().split('\n')) log(line);
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 2)));
}

function linkLatest(root: string, outDir: string): void {
  const latest = join(root, '.run', 'local', 'latest');
  rmSync(latest, { force: true });
  try {
    symlinkSync(resolve(outDir), latest);
  } catch {
    // Only a convenience for humans.
  }
}
