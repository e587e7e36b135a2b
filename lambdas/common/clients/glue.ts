import { GlueClient } from '@aws-sdk/client-glue';
import { cachedClient, clientOptions } from './clientCache';

/** The container-wide GlueClient; honours AWS_ENDPOINT_URL like every SDK client. */
export function glueClient(): GlueClient {
  return cachedClient('glue', () => new GlueClient(clientOptions()));
}
