// Every name rule of docs/naming.md, the one TypeScript home: topics, queues, tables and columns,
// the resources of a deployment and each Lambda's environment. Pure; no AWS imports.
export { lambdaEnvironment, requiredEnvironmentOf } from './lambdaEnvironment';
export {
  FIFO_QUEUE_SUFFIX,
  isFifoQueue,
  MAX_QUEUE_NAME_LENGTH,
  type QueueKind,
  type QueueTopic,
  queueNameForTopic,
  queuePrefixFor,
  topicFromQueueArn,
} from './queues';
export {
  ARCHIVE_PREFIXES,
  type DeploymentNames,
  deploymentNameFor,
  deploymentNames,
  errorRateAlarmPrefixFor,
  LAMBDA_KEYS,
  type LambdaKey,
  type ResourceNames,
  resourceNames,
  shardedName,
  shardedNames,
} from './resources';
export {
  CURATED_ERRORS_TABLE,
  columnNameForField,
  databaseNamesFor,
  isReservedColumn,
  RAW_ERRORS_TABLE,
  RESERVED_COLUMN_PREFIX,
  RESERVED_TABLE_NAMES,
  tableNameForTopic,
} from './tables';
export { TOPIC_NAME_PATTERN } from './topics';
