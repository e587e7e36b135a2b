import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { cachedClient, clientOptions } from './clientCache';

/** The container-wide CloudWatchClient; honours AWS_ENDPOINT_URL like every SDK client. */
export function cloudWatchClient(): CloudWatchClient {
  return cachedClient('cloudWatch', () => new CloudWatchClient(clientOptions()));
}
