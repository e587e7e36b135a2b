import { createHash } from 'node:crypto';
import type { MessageAttributeValue, SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs';
import { ORIGINAL_MESSAGE_ID_ATTRIBUTE } from '../../../lambdas/common/envelope';
import type { ArchiveDocument } from '../../../lambdas/dlq-archiver/types';
import type { ReplayableItem } from './types';

/** SQS allows at most 10 message attributes per message. */
const MAX_MESSAGE_ATTRIBUTES = 10;

/**
 * Attributes the replay adds: the original message id (sqs-processor writes it as the RAW
 * `message_id`, so the copy keeps its identity for dedup and the accountability report) and the
 * replay id, to trace a copy back to its run.
 */
export const REPLAY_ATTRIBUTES = {
  originalMessageId: ORIGINAL_MESSAGE_ID_ATTRIBUTE,
  replayId: 'lean_ops_replay_id',
} as const;

const OWN_ATTRIBUTES = new Set<string>(Object.values(REPLAY_ATTRIBUTES));

/** The producer's attributes; ours from an earlier replay are set afresh, never copied. */
function copyAttributes(document: ArchiveDocument): Record<string, MessageAttributeValue> {
  const copied: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(document.message_attributes ?? {})) {
    if (OWN_ATTRIBUTES.has(name)) continue;
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

/** The id of the first delivery: a dead letter that was itself a replay keeps pointing at it. */
export function originalMessageId(item: ReplayableItem): string {
  return item.original_message_id ?? item.message_id;
}

/**
 * The SendMessageBatch entry that puts one archived message back on its topic queue: the body
 * verbatim, the producer's message attributes, and (room permitting) the original message id and
 * the replay id. FIFO entries keep their message group and get a deduplication id derived from the
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
  // The producer's attributes are data and always go; ours only while SQS's limit leaves room,
  // the original id first. A copy without it lands in RAW under its new SQS message id.
  if (Object.keys(attributes).length < MAX_MESSAGE_ATTRIBUTES) {
    attributes[REPLAY_ATTRIBUTES.originalMessageId] = {
      DataType: 'String',
      StringValue: originalMessageId(item),
    };
  }
  if (Object.keys(attributes).length < MAX_MESSAGE_ATTRIBUTES) {
    attributes[REPLAY_ATTRIBUTES.replayId] = { DataType: 'String', StringValue: options.replayId };
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
