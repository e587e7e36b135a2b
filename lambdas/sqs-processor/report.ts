import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { excerpt } from '../common/observability';
import { HELD_BEHIND_GROUP_FAILURE } from './fifoGroupFailures';
import { countOutcomes } from './outcomeCounts';
import type { BatchOutcome } from './processBatch';

/**
 * Logs one line per DROP and per RETRY (topic, message id, reason, a payload excerpt) and emits
 * the per-topic counts: received, forwarded, dropped (also by code), retried, held back.
 */
export function reportOutcome(outcome: BatchOutcome, logger: Logger, metrics: Metrics): void {
  for (const record of outcome.prepared) {
    const retryReason = outcome.retried.get(record.messageId);
    if (retryReason !== undefined) {
      const fields = { topic: record.topic, messageId: record.messageId, reason: retryReason };
      // A held-back record is the consequence of another record's RETRY line, not a fault of its own.
      if (retryReason === HELD_BEHIND_GROUP_FAILURE) logger.info('RETRY', fields);
      else logger.warn('RETRY', fields);
      continue;
    }
    const error = record.envelope.error;
    if (error !== null) {
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
  for (const [topic, counts] of countOutcomes(outcome)) {
    metrics.addDimension('topic', topic);
    metrics.addMetric('RecordsReceived', MetricUnit.Count, counts.received);
    metrics.addMetric('RecordsForwarded', MetricUnit.Count, counts.forwarded);
    metrics.addMetric('RecordsDropped', MetricUnit.Count, counts.dropped);
    metrics.addMetric('RecordsRetried', MetricUnit.Count, counts.retried);
    metrics.addMetric('RecordsHeldBack', MetricUnit.Count, counts.heldBack);
    metrics.publishStoredMetrics();
    for (const [code, count] of counts.droppedByCode) {
      metrics.addDimensions({ topic, code });
      metrics.addMetric('RecordsDroppedByCode', MetricUnit.Count, count);
      metrics.publishStoredMetrics();
    }
  }
}
