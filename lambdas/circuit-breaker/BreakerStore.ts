import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateScan,
} from '@aws-sdk/lib-dynamodb';
import type { BreakerRecord } from './types';

function errorName(error: unknown): string {
  return typeof error === 'object' && error !== null && 'name' in error
    ? String((error as { name: unknown }).name)
    : '';
}

/**
 * The breaker table (docs/naming.md): one item per topic that ever tripped. Every write is
 * conditional on the version the writer read, so two deliveries of one notification, or the
 * Lambda and an operator at the same moment, can never both apply a transition.
 *
 * @example
 * const store = new BreakerStore(documentClient(), 'lean-ops-dev-breaker');
 * const current = await store.get('gps-position');
 */
export class BreakerStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  /** The topic's item (strongly consistent: the read a conditional write builds on). */
  async get(topic: string): Promise<BreakerRecord | undefined> {
    const response = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { topic }, ConsistentRead: true }),
    );
    return response.Item as BreakerRecord | undefined;
  }

  /** Every topic's item (a few hundred at most: only topics that ever tripped have one). */
  async list(): Promise<BreakerRecord[]> {
    const records: BreakerRecord[] = [];
    const pages = paginateScan(
      { client: this.client },
      { TableName: this.tableName, ConsistentRead: true },
    );
    for await (const page of pages) records.push(...((page.Items ?? []) as BreakerRecord[]));
    return records.sort((a, b) => a.topic.localeCompare(b.topic));
  }

  /**
   * Writes `next` if the stored version is still `expectedVersion` (0: no item yet). Returns
   * false when another writer got there first; the caller re-reads and decides again.
   */
  async write(next: BreakerRecord, expectedVersion: number): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: next,
          ...(expectedVersion === 0
            ? { ConditionExpression: 'attribute_not_exists(topic)' }
            : {
                ConditionExpression: '#version = :expected',
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':expected': expectedVersion },
              }),
        }),
      );
      return true;
    } catch (error) {
      if (errorName(error) === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }
}
