import { compareAndSetCheckpoint } from '../common/checkpoints';
import { documentClient } from '../common/clients/dynamoDb';
import { glueClient } from '../common/clients/glue';
import { s3Client } from '../common/clients/s3';
import { createLogger, createMetrics } from '../common/observability';
import { loadCheckpointsConfig } from './config';
import { METRICS_SERVICE } from './constants';
import { handleRequest } from './handleRequest';
import { listRegisteredTopics } from './listRegisteredTopics';
import { parseRequest } from './parseRequest';
import { readLatestDataCommit, readTableHistory, readTableSnapshot } from './readTableSnapshot';
import { readTopicProgress } from './readTopicProgress';
import { recordFailures } from './recordFailures';
import { reportFreshness } from './reportFreshness';
import { reportSummary } from './reportSummary';
import { s3ExecutionState } from './s3ExecutionState';

// Cold start: a missing or malformed variable fails the init, naming the variable.
const config = loadCheckpointsConfig();
const logger = createLogger(METRICS_SERVICE);
const metrics = createMetrics(METRICS_SERVICE);

/**
 * Step Functions task (and the freshness schedule's target): see types.ts for the actions; errors
 * propagate to the state's Retry/Catch.
 */
export const handler = async (event: unknown) => {
  const request = parseRequest(event);
  const dynamo = documentClient();
  return handleRequest(request, config, {
    now: () => new Date(),
    listTopics: () => listRegisteredTopics(dynamo, config.registryTable),
    readSnapshot: (database, table) =>
      readTableSnapshot({ glue: glueClient(), s3: s3Client() }, database, table),
    readLatestData: (database, table) =>
      readLatestDataCommit({ glue: glueClient(), s3: s3Client() }, database, table),
    readHistory: (database, table) =>
      readTableHistory({ glue: glueClient(), s3: s3Client() }, database, table),
    readProgress: (topics) => readTopicProgress(dynamo, config.checkpointTable, topics),
    compareAndSet: (cas) =>
      compareAndSetCheckpoint(dynamo, { ...cas, table: config.checkpointTable }),
    onTopicError: (topic, error) =>
      logger.warn('topic progress unreadable', { topic, error: error as Error }),
    recordFailures: (topics, stage, error, at) =>
      recordFailures(dynamo, config.checkpointTable, topics, stage, error, at),
    publishFreshness: (report, lags) => reportFreshness(report, lags, metrics, logger),
    publishSummary: (summary) => reportSummary(summary, metrics, logger),
    state: s3ExecutionState(s3Client(), config.stateBucket),
  });
};
