import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { resourceNames } from '../../../lambdas/common/naming';
import { DEAD_LETTER_MARKER } from '../../ops/inject/faults';
import { loadRegistry } from '../../ops/registry';
import { repoRoot } from '../../ops/repoRoot';
import { localClients } from '../clients';
import { DeliveryFaults } from '../emulation/deliveryFaults';
import { FaultProxy } from '../emulation/faultProxy';
import { DirectoryFirehoseBuffer } from '../emulation/firehoseBuffer';
import { SqsSentMetrics } from '../emulation/sqsSentMetrics';
import { startEndpoint } from '../endpointProcess';
import { LOCAL_ACCOUNT, LOCAL_DEPLOYMENT_NAME } from '../localDeployment';
import { auditLocalRun } from './auditStage';
import { QueuesStalledError } from './drainQueues';
import { Ingestion, type RunProgress } from './ingestStage';
import { localStreamAssignment } from './localStreams';
import { orchestrate } from './orchestrateStage';
import { type PipelineLambdas, startPipelineLambdas } from './pipelineLambdas';
import { provisionRawTables, provisionRun } from './provisionStage';
import { startPublishing } from './publishStage';
import { replayDeadLettersOfRun, replayUndeliveredOfRun } from './replayStage';
import { checkoutCommit, runAccountabilityReport } from './reportStage';
import { linkLatest, prepareOutDir, type RunContext, stageRecorder } from './runContext';

/** `make run` exercises sharded streams: two, each with its own processor (issue 20). */
export const DEFAULT_LOCAL_STREAMS = 2;

export interface LocalRunOptions {
  events: number;
  seed: number;
  outDir?: string;
  /** Processor record limit locally: ElasticMQ enforces SQS's classic 256 KiB message limit. */
  maxRecordBytes?: number;
  throttleRate?: number;
  recordFailureRate?: number;
  /** Share of routed records whose Iceberg delivery fails during the first ingestion (0.01). */
  deliveryFailureRate?: number;
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
  /** Firehose streams, each with its own processor; topics dealt round-robin (default 2). */
  streams?: number;
  log: (line: string) => void;
}

export interface LocalRunResult {
  outDir: string;
  ok: boolean;
}

/**
 * `make run`: the pipeline end to end on this machine, in stages (each a module of this folder):
 * provision from the topic registry on the local endpoint; publish generated traffic with
 * injected faults while the real Lambda bundles ingest it through the ESM-like pollers and the
 * Firehose-like delivery into RAW Iceberg; orchestrate (the master ASL definition with the real
 * Glue jobs); replay what was dead-lettered, ingest and orchestrate again; and report: reconcile
 * what the tables hold against the generator's ledger, message by message.
 */
export async function localRun(options: LocalRunOptions): Promise<LocalRunResult> {
  const startedAt = new Date();
  const root = repoRoot();
  // the registry first: a run refused for it leaves no output folder behind
  const registryDir = options.registryDir ?? join(root, 'schemas', 'topics');
  const registry = loadRegistry(registryDir);
  if (registry.findings.some((finding) => finding.severity === 'error')) {
    throw new Error(`${registryDir} has lint errors: run \`npx lean-ops lint-schemas\``);
  }
  if (registry.topics.length === 0) throw new Error(`${registryDir}: no topics to run`);
  const topics = registry.topics;
  const outDir = prepareOutDir(root, options.outDir);
  const { stage, elapsed } = stageRecorder(outDir, options.log);

  stage('starting the local endpoint (ElasticMQ + moto)');
  const endpoint = await startEndpoint();
  const env: Record<string, string> = { ...endpoint.state.env, POWERTOOLS_LOG_LEVEL: 'WARN' };
  const clients = localClients(env);
  // SQS's own NumberOfMessagesSent, which the audit checks its cells against (ElasticMQ has none).
  const sentMetrics = new SqsSentMetrics();
  sentMetrics.attach(clients.sqs);
  const context: RunContext = {
    root,
    outDir,
    logs: join(outDir, 'logs'),
    warehouse: join(outDir, 'warehouse'),
    spoolDir: join(outDir, 'raw-spool'),
    registryDir,
    topics,
    env,
    deploymentName: LOCAL_DEPLOYMENT_NAME,
    names: resourceNames(LOCAL_DEPLOYMENT_NAME, LOCAL_ACCOUNT),
    streams: localStreamAssignment(
      topics.map((topic) => topic.topic),
      options.streams ?? DEFAULT_LOCAL_STREAMS,
    ),
    clients,
    documentClient: DynamoDBDocumentClient.from(clients.dynamoDb, {
      marshallOptions: { removeUndefinedValues: true },
    }),
    stage,
    log: options.log,
    elapsed,
  };
  const outageTopic =
    options.outageTopic ??
    (topics.some((topic) => topic.topic === 'gps-position')
      ? 'gps-position'
      : (topics[0]?.topic ?? ''));
  const outageSeconds = options.outageSeconds ?? 8;
  const firehoseBuffers = Array.from(
    { length: context.streams.streams },
    (_, stream) => new DirectoryFirehoseBuffer(join(outDir, 'firehose-buffer', String(stream))),
  );
  const proxy = new FaultProxy({
    target: env.AWS_ENDPOINT_URL as string,
    throttleRate: options.throttleRate ?? 0.03,
    recordFailureRate: options.recordFailureRate ?? 0.03,
    alwaysFailMarker: DEAD_LETTER_MARKER,
    outage: { topic: outageTopic, seconds: outageSeconds },
    seed: options.seed,
    firehose: {
      buffers: new Map(
        firehoseBuffers.map((buffer, stream) => [context.names.firehoseStreamOf(stream), buffer]),
      ),
    },
  });
  let lambdas: PipelineLambdas | undefined;
  try {
    const provisioned = await provisionRun(context);
    const firehoseUrl = await proxy.start();
    await provisionRawTables(context);
    lambdas = await startPipelineLambdas(context, {
      firehoseUrl,
      ...(options.maxRecordBytes !== undefined ? { maxRecordBytes: options.maxRecordBytes } : {}),
    });
    const progress: RunProgress = { published: 0, consumed: 0 };
    // Iceberg delivery failures during the first ingestion only: the replay below must land them.
    const deliveryFaults = new DeliveryFaults(options.deliveryFailureRate ?? 0.01, options.seed);
    const ingestion = new Ingestion(
      context,
      provisioned,
      lambdas,
      firehoseBuffers,
      progress,
      (data) => deliveryFaults.decide(data),
    );

    const publication = startPublishing(context, provisioned, progress, {
      events: options.events,
      seed: options.seed,
      ...(options.activeTopics !== undefined ? { activeTopics: options.activeTopics } : {}),
    });
    await ingestion.run(
      `ingesting: pollers → sqs-processor → Firehose (${context.streams.streams} stream(s); fault proxy; ${outageTopic} down for ${outageSeconds} s) → transform → RAW Iceberg`,
      publication.publishing,
    );
    const published = await publication.done;
    deliveryFaults.stop();
    stage(`fault proxy so far: ${JSON.stringify(proxy.counts)}`);

    const topicsPerGlueRun = options.topicsPerGlueRun ?? 5;
    await orchestrate(
      context,
      'master orchestrator (ASL) → checkpoints → standardize + curate on local Spark',
      topicsPerGlueRun,
    );
    const replayed = { deadLetters: 0, undelivered: 0 };
    if (options.replay ?? true) {
      replayed.undelivered = await replayUndeliveredOfRun(context, firehoseUrl);
      replayed.deadLetters = await replayDeadLettersOfRun(context, publication.ledgerPath);
      if (replayed.deadLetters + replayed.undelivered > 0) {
        await ingestion.run('ingesting the replayed messages');
        await orchestrate(context, 'master orchestrator again', topicsPerGlueRun);
      }
    }

    stage(
      'accountability report: ledger vs RAW, raw_errors, curated, curated_errors and the DLQ index',
    );
    const code = await runAccountabilityReport(
      context,
      publication.ledgerPath,
      ingestion.transitionsFile,
      {
        seed: options.seed,
        events: options.events,
        published,
        topics: context.topics.length,
        streams: context.streams.streams,
        started_at: startedAt.toISOString(),
        commit: checkoutCommit(root),
        replayed_dead_letters: replayed.deadLetters,
        replayed_undelivered: replayed.undelivered,
      },
    );
    linkLatest(root, outDir);
    stage(
      `${code === 0 ? 'RECONCILED' : 'NOT RECONCILED'}: ${published} published; report in ${join(outDir, 'accountability.html')}`,
    );
    stage(
      'audit (lean-ops audit: the deployment alone, no ledger) and its agreement with the report',
    );
    await sentMetrics.publish(clients.cloudWatch);
    const audit = await auditLocalRun(context, startedAt);
    for (const d of audit.disagreements.slice(0, 20))
      options.log(`AUDIT DISAGREES ${d.topic} ${d.state}: ledger ${d.ledger}, audit ${d.audit}`);
    const agrees = audit.disagreements.length === 0 && audit.report.ok;
    stage(
      `${agrees ? 'AUDIT AGREES' : 'AUDIT DISAGREES'}: ${audit.report.cellVerdicts.RECONCILED} reconciled, ${audit.report.cellVerdicts.PENDING} pending, ${audit.report.cellVerdicts.BROKEN} broken cells, ${audit.report.unaudited.length} topics unaudited; ${join(outDir, 'audit', 'audit.html')}`,
    );
    return { outDir, ok: code === 0 && agrees };
  } catch (error) {
    if (!(error instanceof QueuesStalledError)) throw error;
    // A stalled run ends by itself, naming what is stuck, and keeps everything it produced.
    writeFileSync(
      join(outDir, 'stalled.json'),
      `${JSON.stringify({ idleMs: error.idleMs, backlog: error.backlog }, null, 1)}\n`,
    );
    stage(`STALLED: ${error.message} (stalled.json, logs/)`);
    return { outDir, ok: false };
  } finally {
    await lambdas?.stop();
    await proxy.stop();
    await endpoint.stop();
  }
}
