import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { firehoseClient } from '../common/clients/firehose';
import { createLogger, createMetrics } from '../common/observability';
import { loadProcessorConfig } from './config';
import { processBatch } from './processBatch';
import { reportOutcome } from './report';

// Cold start: a missing or malformed variable fails the init, naming the variable.
const config = loadProcessorConfig();
const logger = createLogger('sqs-processor');
const metrics = createMetrics('sqs-processor');

export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  try {
    const outcome = await processBatch(event, config, {
      firehose: firehoseClient(),
      // the S3 client (oversized records only) is loaded on first use, not at cold start
      s3: async () => (await import('../common/clients/s3')).s3Client(),
      remainingTimeMs: () => context.getRemainingTimeInMillis(),
    });
    reportOutcome(outcome, logger, metrics);
    return { batchItemFailures: outcome.batchItemFailures };
  } catch (error) {
    // A bug must not turn into a thrown handler (which retries the whole batch blindly and hides
    // the cause): report every record as failed, so SQS retries each and none is lost.
    logger.error('batch failed unexpectedly; every record will be retried', {
      error: error as Error,
    });
    return {
      batchItemFailures: event.Records.map((record) => ({ itemIdentifier: record.messageId })),
    };
  }
};
