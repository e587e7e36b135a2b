import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { FirehoseClient } from '@aws-sdk/client-firehose';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { EndpointState } from '../../scripts/local/endpointProcess';
import { repoRoot } from '../../scripts/local/repoRoot';

/** The environment that routes SDK clients (and Lambda containers) to the shared endpoint. */
export function endpointEnv(): Record<string, string> {
  const state = JSON.parse(readFileSync(join(repoRoot(), '.run', 'integration-endpoint.json'), 'utf8')) as EndpointState;
  return state.env;
}

/** SDK clients for test set-up and assertions, pointed at the local endpoint explicitly. */
export function localClients() {
  const env = endpointEnv();
  const common = {
    region: env.AWS_REGION ?? 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  };
  return {
    sqs: new SQSClient({ ...common, endpoint: env.AWS_ENDPOINT_URL_SQS }),
    s3: new S3Client({ ...common, endpoint: env.AWS_ENDPOINT_URL, forcePathStyle: true }),
    firehose: new FirehoseClient({ ...common, endpoint: env.AWS_ENDPOINT_URL }),
    dynamoDb: new DynamoDBClient({ ...common, endpoint: env.AWS_ENDPOINT_URL }),
  };
}

/** A name unique to one test, so tests sharing the endpoint never see each other's resources. */
export function uniqueName(label: string): string {
  return `it-${label}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
}
