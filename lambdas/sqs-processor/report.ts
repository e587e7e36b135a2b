import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { excerpt } from '../common/observability';
import { HELD_BEHIND_GROUP_FAILURE } from './fifoGroupFailures';
import { countOutcomes } from './outcomeCounts';
import type { BatchOutcome } from './processBatch';

/**
 * Logs one line per DROP and per RETRY (topic, message id, reason, a payload excerpt) and emits
 * the counts: per topic received and retried (the error-rate alarm's), fleet-wide forwarded,
 * dropped (also by code) and held back.
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
  // Per topic only what its error-rate alarm reads (received, retried); the rest fleet-wide: a
  // custom metric per topic costs $0.30 a month, and a topic's drops are in raw_errors and the
  // DROP log lines above (docs/naming.md, Metrics).
  const fleet = { forwarded: 0, dropped: 0, heldBack: 0, droppedByCode: new Map<string, number>() };
  for (const [topic, counts] of countOutcomes(outcome)) {
    metrics.addDimension('topic', topic);
    metrics.addMetric('RecordsReceived', MetricUnit.Count, counts.received);
    metrics.addMetric('RecordsRetried', MetricUnit.Count, counts.retried);
    metrics.publishStoredMetrics();
    fleet.forwarded += counts.forwarded;
    fleet.dropped += counts.dropped;
    fleet.heldBack += counts.heldBack;
    for (const [code, count] of counts.droppedByCode)
      fleet.droppedByCode.set(code, (fleet.droppedByCode.get(code) ?? 0) + count);
  }
  if (outcome.prepared.length === 0) return;
  metrics.addMetric('RecordsForwarded', MetricUnit.Count, fleet.forwarded);
  metrics.addMetric('RecordsDropped', MetricUnit.Count, fleet.dropped);
  metrics.addMetric('RecordsHeldBack', MetricUnit.Count, fleet.heldBack);
  metrics.publishStoredMetrics();
  for (const [code, count] of fleet.droppedByCode) {
    metrics.addDimension('code', code);
    metrics.addMetric('RecordsDroppedByCode', MetricUnit.Count, count);
    metrics.publishStoredMetrics();
  }
}
