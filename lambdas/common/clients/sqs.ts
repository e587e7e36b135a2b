import { SQSClient } from '@aws-sdk/client-sqs';
import { cachedClient, clientOptions } from './clientCache';

/** The container-wide SQSClient; honours AWS_ENDPOINT_URL like every SDK client. */
export function sqsClient(): SQSClient {
  return cachedClient('sqs', () => new SQSClient(clientOptions()));
}
