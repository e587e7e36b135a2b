import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { cachedClient } from './clientCache';

/** The container-wide DynamoDBClient; honours AWS_ENDPOINT_URL like every SDK client. */
export function dynamoDbClient(): DynamoDBClient {
  return cachedClient('dynamoDb', () => new DynamoDBClient({}));
}

/** The container-wide document client (undefined attributes dropped on write). */
export function documentClient(): DynamoDBDocumentClient {
  return cachedClient('documentClient', () =>
    DynamoDBDocumentClient.from(dynamoDbClient(), {
      marshallOptions: { removeUndefinedValues: true },
    }),
  );
}
