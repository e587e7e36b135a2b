import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { FirehoseClient } from '@aws-sdk/client-firehose';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';

/** SDK clients of the harness itself (set-up, assertions, reports), pointed at the local endpoint. */
export function localClients(env: Record<string, string>) {
  const common = {
    region: env.AWS_REGION ?? 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  };
  return {
    sqs: new SQSClient({ ...common, endpoint: env.AWS_ENDPOINT_URL_SQS }),
    s3: new S3Client({ ...common, endpoint: env.AWS_ENDPOINT_URL, forcePathStyle: true }),
    firehose: new FirehoseClient({ ...common, endpoint: env.AWS_ENDPOINT_URL }),
    dynamoDb: new DynamoDBClient({ ...common, endpoint: env.AWS_ENDPOINT_URL }),
    lambda: new LambdaClient({ ...common, endpoint: env.AWS_ENDPOINT_URL }),
    cloudWatch: new CloudWatchClient({ ...common, endpoint: env.AWS_ENDPOINT_URL }),
  };
}

export type LocalClients = ReturnType<typeof localClients>;
