import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  FRESHNESS_LAG_METRIC,
  FRESHNESS_UNMEASURED_METRIC,
  TABLE_METADATA_BYTES_MAX_METRIC,
  TABLE_SNAPSHOTS_MAX_METRIC,
} from './constants';
import { type FreshnessReport, isWaiting, type TopicLag } from './freshness';

/**
 * Publishes one freshness measurement as EMF (docs/naming.md, Metrics):
 * - per topic with data waiting, `CuratedFreshnessLagSeconds` with dimension `topic` (a topic with
 *   nothing waiting publishes no per-topic point, so the per-topic metrics cost what the topics
 *   with traffic cost, not the whole registry);
 * - once, without a topic dimension, `CuratedFreshnessLagSeconds` = the fleet-wide maximum (what
 *   the alarm reads) and `CuratedFreshnessUnmeasuredTopics`, with the stalest topic as a property
 *   for Logs Insights; and the fleet's `TableSnapshotsMax` / `TableMetadataBytesMax` (the
 *   maintenance alarm), with the largest table as a property.
 * Powertools adds the `service` dimension to every metric.
 */
export function reportFreshness(
  report: FreshnessReport,
  lags: readonly TopicLag[],
  metrics: Metrics,
  logger: Logger,
): void {
  for (const lag of lags) {
    if (!isWaiting(lag)) continue;
    metrics.addDimension('topic', lag.topic);
    metrics.addMetric(FRESHNESS_LAG_METRIC, MetricUnit.Seconds, lag.lagSeconds);
    metrics.publishStoredMetrics();
  }
  const stalest = report.stalest[0];
  if (stalest !== undefined) metrics.addMetadata('stalestTopic', stalest.topic);
  metrics.addMetric(FRESHNESS_LAG_METRIC, MetricUnit.Seconds, report.maxLagSeconds);
  metrics.addMetric(FRESHNESS_UNMEASURED_METRIC, MetricUnit.Count, report.unmeasured);
  const health = report.tableHealth;
  if (health.largest !== undefined) {
    metrics.addMetadata('largestTable', `${health.largest.layer}/${health.largest.topic}`);
  }
  metrics.addMetric(TABLE_SNAPSHOTS_MAX_METRIC, MetricUnit.Count, health.maxSnapshots);
  metrics.addMetric(TABLE_METADATA_BYTES_MAX_METRIC, MetricUnit.Bytes, health.maxMetadataBytes);
  metrics.publishStoredMetrics();
  logger.info('FRESHNESS', {
    maxLagSeconds: report.maxLagSeconds,
    waiting: report.waiting,
    measured: report.measured,
    unmeasured: report.unmeasured,
    stalest: report.stalest,
    unmeasuredTopics: report.unmeasuredTopics,
    tableHealth: report.tableHealth,
  });
}
