import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { checkpointItem, snapshotFromItem } from './checkpointItem';
import { decideCheckpointWrite } from './decideCheckpointWrite';
import { BackwardsCheckpointError, StaleCheckpointError } from './errors';
import { type CheckpointLayer, CheckpointWriteOutcome, type SnapshotRef } from './types';

export interface CompareAndSetRequest {
  table: string;
  topic: string;
  layer: CheckpointLayer;
  /** The checkpoint the writer read before its work (undefined: there was none). */
  expected: SnapshotRef | undefined;
  /** The checkpoint after the writer's commit. */
  proposed: SnapshotRef;
  /** Who writes (a Glue job run id, a state machine execution): stored for the audit trail. */
  runId: string;
  now?: Date;
}

/**
 * Moves a checkpoint forward with one conditional write: it succeeds only if the stored item is
 * exactly what the writer read, so of two writers that read the same checkpoint exactly one wins.
 * The proposal must be after what was read (never backwards). Writing what is already stored is
 * a no-op, so Step Functions or Glue retries are harmless.
 *
 * @throws BackwardsCheckpointError before any write when the proposal is not after `expected`.
 * @throws StaleCheckpointError when another writer moved the checkpoint first.
 *
 * @example
 * await compareAndSetCheckpoint(documentClient(), {
 *   table: 'lean-ops-dev-checkpoints', topic: 'engine-temperature', layer: 'standardized',
 *   expected: { snapshotId: '5', sequenceNumber: 2 }, proposed: { snapshotId: '9', sequenceNumber: 4 },
 *   runId: 'jr_123',
 * }); // → 'written'
 */
export async function compareAndSetCheckpoint(
  client: DynamoDBDocumentClient,
  request: CompareAndSetRequest,
): Promise<CheckpointWriteOutcome> {
  const { topic, layer, expected, proposed } = request;
  const precheck = decideCheckpointWrite({ stored: expected, expected, proposed });
  if (precheck === CheckpointWriteOutcome.BACKWARDS) {
    throw new BackwardsCheckpointError(topic, layer, expected, proposed);
  }
  if (precheck === CheckpointWriteOutcome.UNCHANGED) return precheck;

  const condition =
    expected === undefined
      ? { ConditionExpression: 'attribute_not_exists(sequence_number)' }
      : {
          ConditionExpression:
            'sequence_number = :expectedSequence AND snapshot_id = :expectedSnapshot',
          ExpressionAttributeValues: {
            ':expectedSequence': expected.sequenceNumber,
            ':expectedSnapshot': expected.snapshotId,
          },
        };
  try {
    await client.send(
      new PutCommand({
        TableName: request.table,
        Item: checkpointItem(topic, layer, proposed, request.runId, request.now ?? new Date()),
        ...condition,
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return CheckpointWriteOutcome.WRITTEN;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    // The document client leaves `Item` in wire format on this error: read the two attributes.
    const stored = snapshotFromItem(unmarshallCheckpoint(error.Item));
    const outcome = decideCheckpointWrite({ stored, expected, proposed });
    if (outcome === CheckpointWriteOutcome.UNCHANGED) return outcome;
    throw new StaleCheckpointError(topic, layer, expected, stored);
  }
}

function unmarshallCheckpoint(
  item: ConditionalCheckFailedException['Item'],
): Record<string, unknown> | undefined {
  if (item === undefined) return undefined;
  const snapshotId = item.snapshot_id?.S;
  const sequence = item.sequence_number?.N;
  return {
    snapshot_id: snapshotId,
    sequence_number: sequence === undefined ? undefined : Number(sequence),
  };
}
