import type { S3Client } from '@aws-sdk/client-s3';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ArchiveWriteError } from './errors';
import type { ArchiveEntry } from './types';

export interface ArchiveStores {
  s3: S3Client;
  documentClient: DynamoDBDocumentClient;
  bucket: string;
  indexTable: string;
}

/** Whether this write was the first for the message or found it already stored. */
export interface StoreOutcome {
  objectCreated: boolean;
  itemCreated: boolean;
}

function errorName(error: unknown): string {
  return typeof error === 'object' && error !== null && 'name' in error
    ? String((error as { name: unknown }).name)
    : '';
}

/**
 * Stores one entry idempotently: the S3 object with `If-None-Match: *` and then the index item
 * with `attribute_not_exists(sk)`, so a message delivered twice keeps its first object and item
 * (and an item already REPLAYED is never reset to ARCHIVED). The object is written first: an
 * index item always points at an object that exists. Throws ArchiveWriteError on any other
 * failure, so the caller reports that one message and SQS keeps it.
 */
export async function storeArchiveEntry(
  stores: ArchiveStores,
  entry: ArchiveEntry,
): Promise<StoreOutcome> {
  const messageId = entry.document.message_id;
  let objectCreated = true;
  try {
    await stores.s3.send(
      new PutObjectCommand({
        Bucket: stores.bucket,
        Key: entry.key,
        Body: JSON.stringify(entry.document),
        ContentType: 'application/json',
        IfNoneMatch: '*',
      }),
    );
  } catch (error) {
    if (errorName(error) !== 'PreconditionFailed')
      throw new ArchiveWriteError(messageId, 'archive-object', { cause: error });
    objectCreated = false;
  }
  let itemCreated = true;
  try {
    await stores.documentClient.send(
      new PutCommand({
        TableName: stores.indexTable,
        Item: entry.indexItem,
        ConditionExpression: 'attribute_not_exists(sk)',
      }),
    );
  } catch (error) {
    if (errorName(error) !== 'ConditionalCheckFailedException')
      throw new ArchiveWriteError(messageId, 'index-item', { cause: error });
    itemCreated = false;
  }
  return { objectCreated, itemCreated };
}
