import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { checkSentCounts } from './checkSentCounts';
import { attachBacklog, attachSentChecks } from './mergeAudit';
import { readBacklog } from './readBacklog';
import { readSentCounts } from './readSentCounts';
import type { AuditReport } from './types';

export interface QueueEvidenceSource {
  sqs: SQSClient;
  cloudWatch: CloudWatchClient;
  /** topic → its queue name */
  topicQueues: Record<string, string>;
  deadLetterQueues: readonly string[];
  fifoTopics: ReadonlySet<string>;
}

/**
 * What the queues say beside the tables, read after the audit runs: their backlog now, and SQS's
 * own count of sends per topic and hour checked against the cells (skipped when SQS reported no
 * sends at all, e.g. an endpoint that publishes no metrics).
 */
export async function addQueueEvidence(
  report: AuditReport,
  source: QueueEvidenceSource,
): Promise<AuditReport> {
  const withBacklog = attachBacklog(
    report,
    await readBacklog(source.sqs, source.topicQueues, source.deadLetterQueues),
  );
  const sent = await readSentCounts(source.cloudWatch, source.topicQueues, report.from, report.to);
  if (!Object.values(sent).some((hours) => Object.keys(hours).length)) return withBacklog;
  return attachSentChecks(
    withBacklog,
    checkSentCounts(withBacklog, sent, withBacklog.replays, source.fifoTopics),
  );
}
