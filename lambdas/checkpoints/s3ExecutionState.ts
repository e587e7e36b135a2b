import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ExecutionState } from './executionState';

/** ExecutionState in S3 (the bucket's default encryption applies; objects are small JSON). */
export function s3ExecutionState(s3: S3Client, bucket: string): ExecutionState {
  return {
    async put(key, value) {
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: JSON.stringify(value),
          ContentType: 'application/json',
        }),
      );
    },
    async get<T>(key: string): Promise<T> {
      const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const text = await response.Body?.transformToString('utf8');
      if (text === undefined) throw new Error(`s3://${bucket}/${key} has no body`);
      return JSON.parse(text) as T;
    },
  };
}
