import { SFNClient } from '@aws-sdk/client-sfn';
import { cachedClient, clientOptions } from './clientCache';

/** The container-wide SFNClient; honours AWS_ENDPOINT_URL like every SDK client. */
export function sfnClient(): SFNClient {
  return cachedClient('sfn', () => new SFNClient(clientOptions()));
}
