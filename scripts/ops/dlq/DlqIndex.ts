import {
  type DynamoDBDocumentClient,
  GetCommand,
  type NativeAttributeValue,
  paginateQuery,
  paginateScan,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { DlqStatus } from '../../../lambdas/dlq-archiver/constants';
import type { ReplayableItem, ReplaySelection } from './types';

function errorName(error: unknown): string {
  return typeof error === 'object' && error !== null && 'name' in error
    ? String((error as { name: unknown }).name)
    : '';
}

/** Outcome of a conditional claim: ours, or the item as it was when the condition failed. */
export type ClaimResult =
  | { claimed: true }
  | { claimed: false; current: ReplayableItem | undefined };

/**
 * The dlq-index table as the replay uses it (docs/naming.md). Reads are Query per topic (a key
 * range when --since/--until are given) or a Scan without --topic; every state change is a
 * conditional update, so two replays at once, or the same replay run twice, never send an item
 * twice: claim (ARCHIVED and unclaimed) → send → mark REPLAYED (only by the claim's owner).
 *
 * @example
 * const index = new DlqIndex(documentClient, 'lean-ops-dev-dlq-index');
 * const items = await index.read({ topics: ['gps-position'], messageIds: [], force: false });
 */
export class DlqIndex {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  /** Items that may match the selection (the caller filters precisely). */
  async read(selection: ReplaySelection): Promise<ReplayableItem[]> {
    const filters: string[] = [];
    const values: Record<string, NativeAttributeValue> = {};
    const names: Record<string, string> = {};
    if (!selection.force) {
      filters.push('#status = :archived');
      names['#status'] = 'status';
      values[':archived'] = DlqStatus.ARCHIVED;
    }
    if (selection.errorCode !== undefined) {
      filters.push('error_code = :code');
      values[':code'] = selection.errorCode;
    }
    const filterExpression = filters.length > 0 ? filters.join(' AND ') : undefined;
    if (selection.topics.length === 0) {
      return collectItems(
        paginateScan(
          { client: this.client },
          {
            TableName: this.tableName,
            FilterExpression: filterExpression,
            ExpressionAttributeNames: Object.keys(names).length > 0 ? names : undefined,
            ExpressionAttributeValues: Object.keys(values).length > 0 ? values : undefined,
          },
        ),
      );
    }
    const items: ReplayableItem[] = [];
    for (const topic of selection.topics) {
      const keyValues: Record<string, NativeAttributeValue> = { ...values, ':topic': topic };
      let keyCondition = 'topic = :topic';
      if (selection.since !== undefined && selection.until !== undefined) {
        keyCondition += ' AND sk BETWEEN :since AND :until';
        Object.assign(keyValues, { ':since': selection.since, ':until': selection.until });
      } else if (selection.since !== undefined) {
        keyCondition += ' AND sk >= :since';
        keyValues[':since'] = selection.since;
      } else if (selection.until !== undefined) {
        keyCondition += ' AND sk < :until';
        keyValues[':until'] = selection.until;
      }
      items.push(
        ...(await collectItems(
          paginateQuery(
            { client: this.client },
            {
              TableName: this.tableName,
              KeyConditionExpression: keyCondition,
              FilterExpression: filterExpression,
              ExpressionAttributeNames: Object.keys(names).length > 0 ? names : undefined,
              ExpressionAttributeValues: keyValues,
            },
          ),
        )),
      );
    }
    return items;
  }

  /**
   * Takes the item for replay `claimId`. Without `force` only an ARCHIVED, unclaimed item; with
   * `force` also a REPLAYED one or one whose claim is older than `staleBefore`, never one a live
   * run holds.
   */
  async claim(
    item: ReplayableItem,
    claimId: string,
    now: Date,
    options: { force: boolean; staleBefore: Date },
  ): Promise<ClaimResult> {
    const condition = options.force
      ? 'attribute_exists(sk) AND (attribute_not_exists(claim_id) OR claimed_at < :staleBefore)'
      : 'attribute_exists(sk) AND #status = :archived AND attribute_not_exists(claim_id)';
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { topic: item.topic, sk: item.sk },
          UpdateExpression: 'SET claim_id = :claim, claimed_at = :now',
          ConditionExpression: condition,
          ...(options.force ? {} : { ExpressionAttributeNames: { '#status': 'status' } }),
          ExpressionAttributeValues: {
            ':claim': claimId,
            ':now': now.toISOString(),
            ...(options.force
              ? { ':staleBefore': options.staleBefore.toISOString() }
              : { ':archived': DlqStatus.ARCHIVED }),
          },
        }),
      );
      return { claimed: true };
    } catch (error) {
      if (errorName(error) !== 'ConditionalCheckFailedException') throw error;
      const current = await this.client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { topic: item.topic, sk: item.sk },
          ConsistentRead: true,
        }),
      );
      return { claimed: false, current: current.Item as ReplayableItem | undefined };
    }
  }

  /** Marks a claimed item REPLAYED and releases the claim; false if the claim was lost. */
  async markReplayed(
    item: ReplayableItem,
    claimId: string,
    now: Date,
    replayMessageId: string,
  ): Promise<boolean> {
    return this.conditional(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { topic: item.topic, sk: item.sk },
        UpdateExpression:
          'SET #status = :replayed, replay_id = :claim, replayed_at = :now, replay_message_id = :mid, replay_count = if_not_exists(replay_count, :zero) + :one REMOVE claim_id, claimed_at',
        ConditionExpression: 'claim_id = :claim',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':replayed': DlqStatus.REPLAYED,
          ':claim': claimId,
          ':now': now.toISOString(),
          ':mid': replayMessageId,
          ':zero': 0,
          ':one': 1,
        },
      }),
    );
  }

  /** Gives a claimed item back (its send failed), so the next run picks it up again. */
  async release(item: ReplayableItem, claimId: string): Promise<boolean> {
    return this.conditional(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { topic: item.topic, sk: item.sk },
        UpdateExpression: 'REMOVE claim_id, claimed_at',
        ConditionExpression: 'claim_id = :claim',
        ExpressionAttributeValues: { ':claim': claimId },
      }),
    );
  }

  private async conditional(command: UpdateCommand): Promise<boolean> {
    try {
      await this.client.send(command);
      return true;
    } catch (error) {
      if (errorName(error) === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }
}

/** Every item of a Scan or Query paginator (the SDK follows LastEvaluatedKey). */
async function collectItems(
  pages: AsyncIterable<{ Items?: Record<string, NativeAttributeValue>[] }>,
): Promise<ReplayableItem[]> {
  const items: ReplayableItem[] = [];
  for await (const page of pages) items.push(...((page.Items ?? []) as ReplayableItem[]));
  return items;
}
