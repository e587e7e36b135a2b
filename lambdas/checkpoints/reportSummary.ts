import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { BACKING_OFF_TOPICS_METRIC, QUARANTINED_TOPICS_METRIC } from './constants';
import type { ExecutionSummary } from './types';

/**
 * Publishes an orchestrator execution's isolation figures as EMF, without a topic dimension (one
 * point per execution whatever the registry's size), with the quarantined topics' names as a
 * property for Logs Insights.
 */
export function reportSummary(summary: ExecutionSummary, metrics: Metrics, logger: Logger): void {
  if (summary.quarantinedTopics.length > 0) {
    metrics.addMetadata('quarantinedTopics', summary.quarantinedTopics.slice(0, 50).join(','));
  }
  metrics.addMetric(QUARANTINED_TOPICS_METRIC, MetricUnit.Count, summary.quarantined);
  metrics.addMetric(BACKING_OFF_TOPICS_METRIC, MetricUnit.Count, summary.backingOff);
  metrics.publishStoredMetrics();
  logger.info('EXECUTION_SUMMARY', { ...summary });
}
