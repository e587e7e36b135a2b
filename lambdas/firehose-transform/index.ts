import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { FirehoseTransformationEvent, FirehoseTransformationResult } from 'aws-lambda';
import { createLogger, createMetrics } from '../common/observability';
import { loadTransformConfig } from './config';
import { METRICS_SERVICE, PROCESSING_FAILED_METRIC } from './constants';
import { transformRecords } from './transformRecords';

// Cold start: a missing or malformed variable fails the init, naming the variable.
const config = loadTransformConfig();
const logger = createLogger(METRICS_SERVICE);
const metrics = createMetrics(METRICS_SERVICE);

export const handler = async (
  event: FirehoseTransformationEvent,
): Promise<FirehoseTransformationResult> => {
  const { result, rejected } = transformRecords(event, config);
  for (const { recordId, reason } of rejected) {
    logger.error('ProcessingFailed: record sent to the Firehose error output', {
      recordId,
      reason,
    });
  }
  metrics.addMetric('TransformRecords', MetricUnit.Count, event.records.length);
  metrics.addMetric(PROCESSING_FAILED_METRIC, MetricUnit.Count, rejected.length);
  metrics.publishStoredMetrics();
  return result;
};
