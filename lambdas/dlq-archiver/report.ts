import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { ArchiveBatchOutcome } from './archiveBatch';

/**
 * One log line per archived and per failed message, and per topic the count of new dead letters
 * (`DeadLettersArchived`) and of archive failures (`DeadLetterArchiveFailures`, no topic: a
 * message that failed may not have a readable topic).
 */
export function reportArchive(
  outcome: ArchiveBatchOutcome,
  logger: Logger,
  metrics: Metrics,
): void {
  const perTopic = new Map<string, number>();
  for (const message of outcome.archived) {
    logger.info(message.firstDelivery ? 'ARCHIVED' : 'ALREADY_ARCHIVED', { ...message });
    if (message.firstDelivery) perTopic.set(message.topic, (perTopic.get(message.topic) ?? 0) + 1);
  }
  for (const [messageId, reason] of outcome.failed) {
    logger.error('ARCHIVE_FAILED; the message stays on the DLQ', { messageId, reason });
  }
  for (const [topic, count] of perTopic) {
    metrics.addDimension('topic', topic);
    metrics.addMetric('DeadLettersArchived', MetricUnit.Count, count);
    metrics.publishStoredMetrics();
  }
  if (outcome.failed.size > 0) {
    metrics.addMetric('DeadLetterArchiveFailures', MetricUnit.Count, outcome.failed.size);
    metrics.publishStoredMetrics();
  }
}
