import { LambdaClient } from '@aws-sdk/client-lambda';
import { cachedClient, clientOptions } from './clientCache';

/** The container-wide LambdaClient; honours AWS_ENDPOINT_URL like every SDK client. */
export function lambdaClient(): LambdaClient {
  return cachedClient('lambda', () => new LambdaClient(clientOptions()));
}
