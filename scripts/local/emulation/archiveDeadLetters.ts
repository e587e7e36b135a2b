import type { SQSClient } from '@aws-sdk/client-sqs';
import { queueArn } from '../localDeployment';
import { RedriveRaceRepair } from './redriveRace';
import { type Invocable, SqsEventSource } from './sqsEventSource';

export interface ArchiveDeadLettersOptions {
  sqs: SQSClient;
  /** The centralized DLQ pair (ProvisionedQueues.dlqStandardUrl / dlqFifoUrl). */
  dlqStandard: { url: string; name: string };
  dlqFifo: { url: string; name: string };
  /** The dlq-archiver function (a LocalLambda of the built bundle). */
  archiver: Invocable;
  /** Stop after this many empty polls in a row per queue. */
  idlePolls?: number;
  /** Completes ElasticMQ's half-done redrives (a fresh one when absent). */
  redriveRepair?: RedriveRaceRepair;
}

export interface ArchiveDeadLettersResult {
  archived: number;
  /** Messages the archiver reported failed: they stay on the DLQ (never deleted unarchived). */
  failed: number;
  invocationErrors: string[];
}

/**
 * Drains the DLQ pair through the dlq-archiver, as its two event source mappings do in AWS, for
 * `make run` and the integration tests. Returns how many messages were archived and how many the
 * archiver reported failed.
 *
 * @example
 * const result = await archiveDeadLetters({ sqs, archiver, dlqStandard: { url: queues.dlqStandardUrl, name: names.dlqStandard },
 *   dlqFifo: { url: queues.dlqFifoUrl, name: names.dlqFifo } });
 */
export async function archiveDeadLetters(
  options: ArchiveDeadLettersOptions,
): Promise<ArchiveDeadLettersResult> {
  const result: ArchiveDeadLettersResult = { archived: 0, failed: 0, invocationErrors: [] };
  const repair = options.redriveRepair ?? new RedriveRaceRepair(options.sqs);
  for (const dlq of [options.dlqStandard, options.dlqFifo]) {
    const source = new SqsEventSource({
      sqs: options.sqs,
      queueUrl: dlq.url,
      queueArn: queueArn(dlq.name),
      lambda: options.archiver,
      batchSize: 10,
      // Failed messages stay invisible for a while, so one drain does not spin on them.
      retryDelaySeconds: 30,
      afterReceive: (messages) => repair.afterDeadLettersReceived(messages),
    });
    for (let idle = 0; idle < (options.idlePolls ?? 2); ) {
      const poll = await source.pollOnce();
      result.archived += poll.succeeded;
      result.failed += poll.failed;
      if (poll.invocationError !== undefined) result.invocationErrors.push(poll.invocationError);
      idle = poll.received === 0 || poll.succeeded === 0 ? idle + 1 : 0;
    }
  }
  return result;
}
