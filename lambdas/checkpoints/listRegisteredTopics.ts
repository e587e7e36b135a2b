import { type DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';
import { TOPIC_NAME_PATTERN } from '../common/naming';
import { RETIRED_STATUS } from './constants';

/**
 * The topics of the registry (schema-registry table, key `topic`), except retired ones. One
 * paginated Scan of small projected items: ~750 topics fit in one page.
 */
export async function listRegisteredTopics(
  client: DynamoDBDocumentClient,
  table: string,
): Promise<string[]> {
  const topics: string[] = [];
  const pages = paginateScan(
    { client },
    {
      TableName: table,
      ProjectionExpression: 'topic, #status',
      ExpressionAttributeNames: { '#status': 'status' },
    },
  );
  for await (const response of pages) {
    for (const item of response.Items ?? []) {
      if (
        typeof item.topic === 'string' &&
        TOPIC_NAME_PATTERN.test(item.topic) &&
        item.status !== RETIRED_STATUS
      ) {
        topics.push(item.topic);
      }
    }
  }
  return topics;
}
