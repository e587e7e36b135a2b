import { join } from 'node:path';
import { ARCHIVE_PREFIXES } from '../../../lambdas/common/naming';
import { archiveDeadLetters } from '../emulation/archiveDeadLetters';
import { MappingStates } from '../emulation/eventSourceMappings';
import type { DirectoryFirehoseBuffer } from '../emulation/firehoseBuffer';
import { FirehoseDelivery, type FirehoseDeliveryOptions } from '../emulation/firehoseDelivery';
import { ERROR_OUTPUT_TYPES } from '../emulation/firehoseErrorOutput';
import { RedriveRaceRepair } from '../emulation/redriveRace';
import { SqsEventSource } from '../emulation/sqsEventSource';
import { queueArn } from '../localDeployment';
import { FIREHOSE_LOCAL_PREFIX } from '../provision';
import { alarmNotificationEvent } from './alarmEvaluator';
import { recordBreakerTransitions } from './breakerTransitions';
import { drainQueues } from './drainQueues';
import { every } from './periodic';
import { type PipelineLambdas, STANDARD_DLQ_POLLERS } from './pipelineLambdas';
import type { ProvisionedRun } from './provisionStage';
import { flushSpoolToIceberg, publishDeliveryFailures } from './rawWriter';
import type { RunContext } from './runContext';

/** Concurrent queue polls. */
const POLL_PARALLELISM = 8;

/** Messages published and taken off the queues for good, shared with the publisher's backpressure. */
export interface RunProgress {
  published: number;
  /** Deleted by the processor or archived from a DLQ. */
  consumed: number;
}

/**
 * What AWS runs between the queues and RAW, played locally: event source mappings polling every
 * topic queue, the stray queue and the DLQ pair; Firehose delivery through the transform into the
 * RAW spool; CloudWatch alarms and the EventBridge tick driving the breaker.
 */
export class Ingestion {
  readonly transitionsFile: string;
  /** Firehose's delivery, one per stream, each from its stream's buffer. */
  private readonly deliveries: FirehoseDelivery[];
  private readonly sources: { topic: string; source: SqsEventSource; queueUrl: string }[];
  private readonly breakerStates = new Map<string, string>();
  private lastBreakerTick = 0;
  private readonly redriveRepair: RedriveRaceRepair;

  constructor(
    private readonly context: RunContext,
    private readonly provisioned: ProvisionedRun,
    private readonly lambdas: PipelineLambdas,
    firehoseBuffers: DirectoryFirehoseBuffer[],
    private readonly progress: RunProgress,
    failDelivery?: FirehoseDeliveryOptions['failDelivery'],
  ) {
    const { clients, names, topics } = context;
    this.redriveRepair = new RedriveRaceRepair(clients.sqs);
    this.transitionsFile = join(context.outDir, 'breaker-transitions.ndjson');
    this.deliveries = firehoseBuffers.map(
      (buffer) =>
        new FirehoseDelivery({
          s3: clients.s3,
          bucket: names.archiveBucket,
          prefix: FIREHOSE_LOCAL_PREFIX,
          transform: lambdas.transform,
          spoolDir: context.spoolDir,
          source: buffer,
          concurrency: 2,
          ...(failDelivery ? { failDelivery } : {}),
        }),
    );
    const { queues, strayUrl, mappingUuids } = provisioned;
    // Each stream's processor has its own mappings, listed by function as Lambda does.
    const mappingStates = lambdas.processors.map(
      (_, stream) => new MappingStates(clients.lambda, names.processorFunctionOf(stream)),
    );
    const topicSources = topics.map((topic) => {
      const queue = queues.topics.get(topic.topic);
      const uuid = mappingUuids.get(names.queueName(topic.topic, topic.queue === 'fifo'));
      const stream = context.streams.topics[topic.topic] ?? 0;
      const processor = lambdas.processors[stream];
      const states = mappingStates[stream];
      if (!queue || !uuid || !processor || !states)
        throw new Error(`no queue, mapping or processor for ${topic.topic} (stream ${stream})`);
      const source = new SqsEventSource({
        sqs: clients.sqs,
        queueUrl: queue.url,
        queueArn: queue.arn,
        lambda: processor,
        batchSize: queue.fifo ? 10 : 100,
        retryDelaySeconds: 1,
        isEnabled: states.probe(uuid),
      });
      return { topic: topic.topic, source, queueUrl: queue.url };
    });
    const [streamZeroProcessor] = lambdas.processors;
    if (streamZeroProcessor === undefined) throw new Error('no processor to run');
    const strayQueue = {
      topic: 'UNKNOWN',
      source: new SqsEventSource({
        sqs: clients.sqs,
        queueUrl: strayUrl,
        queueArn: queueArn(names.unregisteredFeedQueue),
        // a queue outside the topic prefix: any processor drops it as UNKNOWN_TOPIC
        lambda: streamZeroProcessor,
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
        lambda: lambdas.archiver,
        batchSize: 10,
        retryDelaySeconds: 30,
        afterReceive: (messages) => this.redriveRepair.afterDeadLettersReceived(messages),
      }),
    }));
    this.sources = [...topicSources, strayQueue, ...dlqSources];
  }

  /**
   * Polls every queue until all are quiet (and `busy` says nothing more is coming), then archives
   * what the last receives dead-lettered and commits the RAW spool to Iceberg.
   */
  async run(label: string, busy?: () => boolean): Promise<void> {
    const { context, progress } = this;
    context.stage(label);
    let lastReport = Date.now();
    const deadLetters = { received: 0, archived: 0 };
    for (const delivery of this.deliveries) delivery.start();
    const control = every(500, () => this.controlPlane());
    // A stalled drain throws: the control plane's timer and Firehose's delivery loop must stop
    // with it, or they keep the process alive after the run has reported STALLED.
    const stats = await drainQueues(context.clients.sqs, this.sources, {
      parallelism: POLL_PARALLELISM,
      ...(busy ? { busy } : {}),
      onPoll: (entry, result) => {
        if (entry.topic !== 'DLQ') return;
        deadLetters.received += result.received;
        deadLetters.archived += result.succeeded;
      },
      onRound: (current) => {
        progress.consumed = current.received - current.failed;
        if (Date.now() - lastReport > 10_000) {
          lastReport = Date.now();
          context.log(
            `[${context.elapsed()} s]   ${progress.published} published, ${current.received - deadLetters.received} records received, ${current.failed} handed back for retry, ${deadLetters.archived} dead letters archived`,
          );
        }
      },
    }).finally(async () => {
      await control.stop();
      await Promise.all(this.deliveries.map((delivery) => delivery.stop()));
    });
    // Anything dead-lettered by the last receives, after the archiver's pollers went quiet.
    const { queues } = this.provisioned;
    const dead = await archiveDeadLetters({
      sqs: context.clients.sqs,
      archiver: this.lambdas.archiver,
      dlqStandard: { url: queues.dlqStandardUrl, name: context.names.dlqStandard },
      dlqFifo: { url: queues.dlqFifoUrl, name: context.names.dlqFifo },
      redriveRepair: this.redriveRepair,
    });
    const landed = await flushSpoolToIceberg(context.spoolDir, context.warehouse, context.env);
    const rows = Object.values(landed.tables).reduce((sum, table) => sum + table.rows, 0);
    const undelivered = await publishDeliveryFailures(
      context.spoolDir,
      context.clients.s3,
      context.names.archiveBucket,
    );
    if (undelivered > 0) {
      context.stage(
        `${undelivered} records failed Iceberg delivery → s3://${context.names.archiveBucket}/${ARCHIVE_PREFIXES.firehoseErrors}${ERROR_OUTPUT_TYPES.icebergFailed}/`,
      );
    }
    const repaired = this.redriveRepair.repaired;
    context.stage(
      `quiet: ${stats.received - deadLetters.received} records received (${stats.failed} retried), ${rows} RAW rows committed to Iceberg, ${deadLetters.archived + dead.archived} dead letters archived${repaired > 0 ? ` (${repaired} stranded by ElasticMQ's redrive race removed from their source queue)` : ''}`,
    );
  }

  // CloudWatch evaluates the alarms and EventBridge ticks the breaker on their own clocks, not
  // between poll rounds (a round of deep queues can outlast the alarm window).
  private async controlPlane(): Promise<void> {
    const { breaker, alarms } = this.lambdas;
    const { names, documentClient } = this.context;
    const now = Date.now();
    for (const change of alarms.evaluate(now)) {
      await breaker.invoke(
        alarmNotificationEvent(names.errorRateAlarm(change.topic), change, new Date(now)),
      );
    }
    if (now - this.lastBreakerTick > 1_000) {
      this.lastBreakerTick = now;
      await breaker.invoke({
        source: 'aws.events',
        'detail-type': 'Scheduled Event',
        time: new Date(now).toISOString(),
      });
      await recordBreakerTransitions(
        documentClient,
        names.breakerTable,
        this.breakerStates,
        this.transitionsFile,
      );
    }
  }
}
