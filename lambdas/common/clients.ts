import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { FirehoseClient } from '@aws-sdk/client-firehose';
import { GlueClient } from '@aws-sdk/client-glue';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * The only module of lambdas/common that imports the AWS SDK. Each client is created once per
 * container (on first use, so a Lambda pays only for the clients it touches) and reused across
 * invocations. The SDK itself reads `AWS_ENDPOINT_URL` / `AWS_ENDPOINT_URL_<SERVICE>`, so the
 * same code talks to AWS or to the local endpoint; S3 additionally needs path-style addressing
 * there, because local endpoints have no per-bucket DNS names.
 */
interface Clients {
  cloudWatch: CloudWatchClient;
  dynamoDb: DynamoDBClient;
  documentClient: DynamoDBDocumentClient;
  firehose: FirehoseClient;
  glue: GlueClient;
  lambda: LambdaClient;
  s3: S3Client;
  sfn: SFNClient;
  sqs: SQSClient;
}

const cache: Partial<Clients> = {};

function usesLocalEndpoint(): boolean {
  return Boolean(process.env.AWS_ENDPOINT_URL || process.env.AWS_ENDPOINT_URL_S3);
}

const factories: { [K in keyof Clients]: () => Clients[K] } = {
  cloudWatch: () => new CloudWatchClient({}),
  dynamoDb: () => new DynamoDBClient({}),
  documentClient: () =>
    DynamoDBDocumentClient.from(getClient('dynamoDb'), {
      marshallOptions: { removeUndefinedValues: true },
    }),
  firehose: () => new FirehoseClient({}),
  glue: () => new GlueClient({}),
  lambda: () => new LambdaClient({}),
  s3: () => new S3Client({ forcePathStyle: usesLocalEndpoint() }),
  sfn: () => new SFNClient({}),
  sqs: () => new SQSClient({}),
};

/**
 * Returns the container-wide client for a service, creating it on first use.
 *
 * @example
 * const firehose = getClient('firehose');
 */
export function getClient<K extends keyof Clients>(name: K): Clients[K] {
  const existing = cache[name];
  if (existing !== undefined) return existing as Clients[K];
  const created = factories[name]();
  cache[name] = created;
  return created;
}

/** Tests replace a client (e.g. one wired to aws-sdk-client-mock) or reset them all. */
export function setClientForTests<K extends keyof Clients>(
  name: K,
  client: Clients[K] | undefined,
): void {
  if (client === undefined) delete cache[name];
  else cache[name] = client;
}
