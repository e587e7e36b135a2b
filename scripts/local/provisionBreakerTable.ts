import {
  CreateTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';

/**
 * Creates the breaker table as the Terraform module does (docs/naming.md): key `topic` (hash),
 * on-demand. For the local run and integration tests; idempotent.
 */
export async function provisionBreakerTable(
  dynamoDb: DynamoDBClient,
  tableName: string,
): Promise<void> {
  try {
    await dynamoDb.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'topic', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'topic', KeyType: 'HASH' }],
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
}
