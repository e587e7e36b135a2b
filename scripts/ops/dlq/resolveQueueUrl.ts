import { GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';

/**
 * The URL of a topic queue by name, or why there is none (a missing queue is a per-topic outcome
 * of a replay, not an error of the run). Never throws.
 */
export async function resolveQueueUrl(
  sqs: SQSClient,
  queueName: string,
): Promise<{ ok: true; url: string } | { ok: false; reason: string }> {
  try {
    const response = await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
    if (response.QueueUrl) return { ok: true, url: response.QueueUrl };
    return { ok: false, reason: `GetQueueUrl ${queueName} returned no URL` };
  } catch (error) {
    return {
      ok: false,
      reason: `queue ${queueName}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
    };
  }
}
