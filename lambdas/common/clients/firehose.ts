import { FirehoseClient } from '@aws-sdk/client-firehose';
import { cachedClient, clientOptions } from './clientCache';

/** The container-wide FirehoseClient; honours AWS_ENDPOINT_URL like every SDK client. */
export function firehoseClient(): FirehoseClient {
  return cachedClient('firehose', () => new FirehoseClient(clientOptions()));
}
