import { type DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { ResourceNames } from '../../../lambdas/common/naming';
import { createTableIfAbsent } from '../provisionTables';

/**
 * The DynamoDB tables the state machines and the checkpoints Lambda use (docs/naming.md), as the
 * state module creates them: checkpoints (topic + layer), locks (lock_name), schema-registry (topic).
 */
export async function provisionOrchestrationTables(
  client: DynamoDBClient,
  names: ResourceNames,
): Promise<void> {
  await createTableIfAbsent(client, names.checkpointTable, ['topic', 'layer']);
  await createTableIfAbsent(client, names.locksTable, ['lock_name']);
  await createTableIfAbsent(client, names.schemaRegistryTable, ['topic']);
}

/** Registers topics as ACTIVE in the schema-registry table (what the schema deployer does on merge). */
export async function registerTopics(
  client: DynamoDBClient,
  names: ResourceNames,
  topics: readonly { topic: string; version?: number }[],
): Promise<void> {
  const now = new Date().toISOString();
  for (let start = 0; start < topics.length; start += 25) {
    await Promise.all(
      topics.slice(start, start + 25).map(({ topic, version }) =>
        client.send(
          new PutItemCommand({
            TableName: names.schemaRegistryTable,
            Item: {
              topic: { S: topic },
              version: { N: String(version ?? 1) },
              status: { S: 'ACTIVE' },
              deployed_by: { S: 'local' },
              deployed_at: { S: now },
            },
          }),
        ),
      ),
    );
  }
}
