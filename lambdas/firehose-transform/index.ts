import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { FirehoseTransformationEvent, FirehoseTransformationResult } from 'aws-lambda';
import { createLogger, createMetrics } from '../common/observability';
import { loadTransformConfig } from './config';
import { transformRecords } from './transformRecords';

// Cold start: a missing or malformed variable fails the init, naming the variable.
const config = loadTransformConfig();
const logger = createLogger('firehose-transform');
const metrics = createMetrics('firehose-transform');

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
  metrics.addMetric('TransformProcessingFailed', MetricUnit.Count, rejected.length);
  metrics.publishStoredMetrics();
  return result;
};
