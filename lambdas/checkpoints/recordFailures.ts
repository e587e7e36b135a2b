import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { FAILURES_LAYER, type FailureStage, failureAttributes } from '../common/checkpoints';
import { mapWithConcurrency } from '../common/mapWithConcurrency';

/** Errors are stored for the summary and the operator, not as logs: the first characters only. */
export const MAX_STORED_ERROR_CHARS = 500;
const WRITE_CONCURRENCY = 8;

/**
 * Counts one more consecutive failure of `stage` for each topic in its `failures` item (the
 * attributes of failureAttributes; the Glue jobs write the same ones). One UpdateItem per topic:
 * the count is incremented atomically, so a job and the orchestrator recording the same topic
 * never lose a count.
 */
export async function recordFailures(
  client: DynamoDBDocumentClient,
  table: string,
  topics: readonly string[],
  stage: FailureStage,
  error: string,
  at: Date,
): Promise<void> {
  const names = failureAttributes(stage);
  await mapWithConcurrency(topics, WRITE_CONCURRENCY, async (topic) => {
    await client.send(
      new UpdateCommand({
        TableName: table,
        Key: { topic, layer: FAILURES_LAYER },
        UpdateExpression:
          'SET #count = if_not_exists(#count, :zero) + :one, #at = :at, #error = :error',
        ExpressionAttributeNames: {
          '#count': names.count,
          '#at': names.failedAt,
          '#error': names.error,
        },
        ExpressionAttributeValues: {
          ':zero': 0,
          ':one': 1,
          ':at': at.toISOString(),
          ':error': error.slice(0, MAX_STORED_ERROR_CHARS),
        },
      }),
    );
  });
}
