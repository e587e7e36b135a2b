import {
  CreateTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';

/**
 * Creates an on-demand DynamoDB table keyed by string attributes — the first the hash key, a
 * second the range key — unless it exists: how the local run and the integration tests provision
 * what Terraform's state module creates (key layouts in docs/naming.md).
 */
export async function createTableIfAbsent(
  dynamoDb: DynamoDBClient,
  tableName: string,
  keys: readonly [string] | readonly [string, string],
): Promise<void> {
  try {
    await dynamoDb.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: keys.map((key) => ({ AttributeName: key, AttributeType: 'S' })),
        KeySchema: keys.map((key, index) => ({
          AttributeName: key,
          KeyType: index === 0 ? 'HASH' : 'RANGE',
        })),
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
}

/** The breaker table: key `topic`. */
export function provisionBreakerTable(dynamoDb: DynamoDBClient, tableName: string): Promise<void> {
  return createTableIfAbsent(dynamoDb, tableName, ['topic']);
}

/** The dlq-index table: key `topic` + `sk`. */
export function provisionDlqIndexTable(dynamoDb: DynamoDBClient, tableName: string): Promise<void> {
  return createTableIfAbsent(dynamoDb, tableName, ['topic', 'sk']);
}
