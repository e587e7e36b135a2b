import { S3Client } from '@aws-sdk/client-s3';
import { cachedClient, clientOptions, usesLocalEndpoint } from './clientCache';

/** The container-wide S3Client; honours AWS_ENDPOINT_URL like every SDK client. */
export function s3Client(): S3Client {
  return cachedClient(
    's3',
    () => new S3Client({ ...clientOptions(), forcePathStyle: usesLocalEndpoint() }),
  );
}
