import type { FirehoseTransformationEvent, FirehoseTransformationResult } from 'aws-lambda';
import type { TransformConfig } from './config';
import { routeEnvelope } from './routeEnvelope';

export interface RejectedRecord {
  recordId: string;
  reason: string;
}

/**
 * Returns every record exactly once with its data unchanged (the same base64 text; re-encoded only
 * when an earlier processor's shape was upgraded) and
 * `metadata.otfMetadata` routing it to its Iceberg table; a record that cannot be routed is
 * `ProcessingFailed`, so Firehose writes it to its S3 error output. Never `Dropped`.
 */
export function transformRecords(
  event: FirehoseTransformationEvent,
  config: TransformConfig,
): { result: FirehoseTransformationResult; rejected: RejectedRecord[] } {
  const rejected: RejectedRecord[] = [];
  const records = event.records.map((record) => {
    const route = routeEnvelope(
      Buffer.from(record.data, 'base64').toString('utf8'),
      config.rawErrorsTable,
    );
    if (!route.ok) {
      rejected.push({ recordId: record.recordId, reason: route.reason });
      return { recordId: record.recordId, result: 'ProcessingFailed' as const, data: record.data };
    }
    return {
      recordId: record.recordId,
      result: 'Ok' as const,
      data:
        route.upgraded === undefined
          ? record.data
          : Buffer.from(route.upgraded, 'utf8').toString('base64'),
      metadata: {
        otfMetadata: {
          destinationDatabaseName: config.rawDatabaseName,
          destinationTableName: route.table,
          operation: 'insert',
        },
      },
    };
  });
  return { result: { records } as FirehoseTransformationResult, rejected };
}
