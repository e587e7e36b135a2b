import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { excerpt } from '../common/observability';
import type { BatchOutcome } from './processBatch';

/**
 * Logs one line per DROP and per RETRY (topic, message id, reason, a payload excerpt) and emits
 * the per-topic counts: received, forwarded, dropped (also by code), retried.
 */
export function reportOutcome(outcome: BatchOutcome, logger: Logger, metrics: Metrics): void {
  const perTopic = new Map<
    string,
    {
      received: number;
      forwarded: number;
      dropped: number;
      retried: number;
      byCode: Map<string, number>;
    }
  >();
  for (const record of outcome.prepared) {
    let counts = perTopic.get(record.topic);
    if (counts === undefined) {
      counts = { received: 0, forwarded: 0, dropped: 0, retried: 0, byCode: new Map() };
      perTopic.set(record.topic, counts);
    }
    counts.received++;
    const retryReason = outcome.retried.get(record.messageId);
    if (retryReason !== undefined) {
      counts.retried++;
      logger.warn('RETRY', {
        topic: record.topic,
        messageId: record.messageId,
        reason: retryReason,
      });
      continue;
    }
    counts.forwarded++;
    const error = record.envelope.error;
    if (error !== undefined) {
      counts.dropped++;
      counts.byCode.set(error.code, (counts.byCode.get(error.code) ?? 0) + 1);
      logger.warn('DROP', {
        topic: record.topic,
        messageId: record.messageId,
        code: error.code,
        reason: error.reason,
        payloadExcerpt: excerpt(
          record.oversized ? '(oversized, see archive)' : record.envelope.payload,
        ),
      });
    }
  }
  for (const [topic, counts] of perTopic) {
    metrics.addDimension('topic', topic);
    metrics.addMetric('RecordsReceived', MetricUnit.Count, counts.received);
    metrics.addMetric('RecordsForwarded', MetricUnit.Count, counts.forwarded);
    metrics.addMetric('RecordsDropped', MetricUnit.Count, counts.dropped);
    metrics.addMetric('RecordsRetried', MetricUnit.Count, counts.retried);
    metrics.publishStoredMetrics();
    for (const [code, count] of counts.byCode) {
      metrics.addDimensions({ topic, code });
      metrics.addMetric('RecordsDroppedByCode', MetricUnit.Count, count);
      metrics.publishStoredMetrics();
    }
  }
}
