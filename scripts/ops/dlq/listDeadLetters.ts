import { type DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';
import type { ReplayableItem } from './types';

/**
 * Every item of the dlq-index (the DEAD_LETTERED terminal state of docs/architecture.md §1), for
 * reports and reconciliation: `original_message_id ?? message_id` is the id the producer's
 * ledger knows. A full scan: meant for the local run and audits, not for hot paths.
 *
 * @example
 * const deadLetters = await listDeadLetters(documentClient, names.dlqIndexTable);
 * const ids = new Set(deadLetters.map((item) => item.original_message_id ?? item.message_id));
 */
export async function listDeadLetters(
  client: DynamoDBDocumentClient,
  tableName: string,
): Promise<ReplayableItem[]> {
  const items: ReplayableItem[] = [];
  const pages = paginateScan({ client }, { TableName: tableName, ConsistentRead: true });
  for await (const page of pages) items.push(...((page.Items ?? []) as ReplayableItem[]));
  return items.sort((a, b) => a.topic.localeCompare(b.topic) || a.sk.localeCompare(b.sk));
}
