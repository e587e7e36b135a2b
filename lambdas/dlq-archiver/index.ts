import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { documentClient } from '../common/clients/dynamoDb';
import { s3Client } from '../common/clients/s3';
import { createLogger, createMetrics } from '../common/observability';
import { archiveBatch } from './archiveBatch';
import { loadArchiverConfig } from './config';
import { reportArchive } from './report';

// Cold start: a missing or malformed variable fails the init, naming the variable.
const config = loadArchiverConfig();
const logger = createLogger('dlq-archiver');
const metrics = createMetrics('dlq-archiver');

export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  try {
    const outcome = await archiveBatch(event, {
      s3: s3Client(),
      documentClient: documentClient(),
      bucket: config.archiveBucket,
      indexTable: config.indexTable,
      queueNamePrefix: config.queueNamePrefix,
      archiveExpirationDays: config.archiveExpirationDays,
    });
    reportArchive(outcome, logger, metrics);
    return outcome.response;
  } catch (error) {
    // Never let a bug delete what was not archived: report every message failed, SQS keeps them.
    logger.error('batch failed unexpectedly; every message stays on the DLQ', {
      error: error as Error,
    });
    return {
      batchItemFailures: event.Records.map((record) => ({ itemIdentifier: record.messageId })),
    };
  }
};
