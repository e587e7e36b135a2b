import { createHash } from 'node:crypto';
import type { MessageAttributeValue, SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs';
import type { ArchiveDocument } from '../../lambdas/dlq-archiver/types';
import type { ReplayableItem } from './types';

/** SQS allows at most 10 message attributes per message. */
const MAX_MESSAGE_ATTRIBUTES = 10;

/** Attributes the replay adds, so a replayed copy can be traced back to its archive item. */
export const REPLAY_ATTRIBUTES = {
  replayId: 'lean_ops_replay_id',
  replayOf: 'lean_ops_replay_of',
} as const;

function copyAttributes(document: ArchiveDocument): Record<string, MessageAttributeValue> {
  const copied: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(document.message_attributes ?? {})) {
    if (value.stringValue !== undefined)
      copied[name] = { DataType: value.dataType, StringValue: value.stringValue };
    else if (value.binaryValue !== undefined)
      copied[name] = {
        DataType: value.dataType,
        BinaryValue: Buffer.from(value.binaryValue, 'base64'),
      };
  }
  return copied;
}

/**
 * The SendMessageBatch entry that puts one archived message back on its topic queue: the body
 * verbatim, the producer's message attributes, and (room permitting) the replay id and original
 * message id. FIFO entries keep their message group and get a deduplication id derived from the
 * original message id and its replay count: a resend after a crash within SQS's 5-minute window
 * is dropped by SQS, while a deliberate `--force` replay (count + 1) is not. Pure.
 *
 * @example
 * buildReplayEntry('0', item, document, { fifo: true, replayId: 'r-1' });
 */
export function buildReplayEntry(
  id: string,
  item: ReplayableItem,
  document: ArchiveDocument,
  options: { fifo: boolean; replayId: string },
): SendMessageBatchRequestEntry {
  const attributes = copyAttributes(document);
  if (Object.keys(attributes).length <= MAX_MESSAGE_ATTRIBUTES - 2) {
    attributes[REPLAY_ATTRIBUTES.replayId] = { DataType: 'String', StringValue: options.replayId };
    attributes[REPLAY_ATTRIBUTES.replayOf] = { DataType: 'String', StringValue: item.message_id };
  }
  const entry: SendMessageBatchRequestEntry = {
    Id: id,
    MessageBody: document.body,
    ...(Object.keys(attributes).length > 0 ? { MessageAttributes: attributes } : {}),
  };
  if (options.fifo) {
    entry.MessageGroupId =
      item.message_group_id ?? document.attributes?.MessageGroupId ?? item.topic;
    entry.MessageDeduplicationId = createHash('sha256')
      .update(`${item.message_id}#${item.replay_count ?? 0}`)
      .digest('hex')
      .slice(0, 64);
  }
  return entry;
}
