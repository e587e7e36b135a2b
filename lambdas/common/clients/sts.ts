import { STSClient } from '@aws-sdk/client-sts';
import { cachedClient, clientOptions } from './clientCache';

/** The process-wide STSClient (the CLI asks it which account its credentials belong to). */
export function stsClient(): STSClient {
  return cachedClient('sts', () => new STSClient(clientOptions()));
}
