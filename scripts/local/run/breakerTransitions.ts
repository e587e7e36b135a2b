import { appendFileSync } from 'node:fs';
import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';

/**
 * Appends to `file` (NDJSON) every breaker state that changed since the last call, as the
 * report's breaker chart reads them; `states` carries what was seen last (CLOSED when never).
 */
export async function recordBreakerTransitions(
  documentClient: DynamoDBDocumentClient,
  table: string,
  states: Map<string, string>,
  file: string,
): Promise<void> {
  const response = await documentClient.send(new ScanCommand({ TableName: table }));
  for (const item of response.Items ?? []) {
    const topic = String(item.topic);
    const state = String(item.state);
    const previous = states.get(topic) ?? 'CLOSED';
    if (previous !== state) {
      states.set(topic, state);
      appendFileSync(
        file,
        `${JSON.stringify({ at: new Date().toISOString(), topic, from: previous, to: state, reason: item.reason ?? '' })}\n`,
      );
    }
  }
}
