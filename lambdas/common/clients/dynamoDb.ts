import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { cachedClient, clientOptions } from './clientCache';

/** The container-wide DynamoDBClient; honours AWS_ENDPOINT_URL like every SDK client. */
export function dynamoDbClient(): DynamoDBClient {
  return cachedClient('dynamoDb', () => new DynamoDBClient(clientOptions()));
}

/** The container-wide document client (undefined attributes dropped on write). */
export function documentClient(): DynamoDBDocumentClient {
  return cachedClient(
    'documentClient',
    () =>
      DynamoDBDocumentClient.from(dynamoDbClient(), {
        marshallOptions: { removeUndefinedValues: true },
      }),
    // it shares the DynamoDBClient's middleware stack, which is annotated already
    { annotate: false },
  );
}
