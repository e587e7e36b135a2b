import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import {
  BackwardsCheckpointError,
  CheckpointWriteOutcome,
  compareAndSetCheckpoint,
  decideCheckpointWrite,
  type SnapshotRef,
  StaleCheckpointError,
} from '../../../../../lambdas/common/checkpoints';

interface StoredSnapshot {
  snapshot_id: string;
  sequence_number: number;
}
interface Vector {
  name: string;
  stored: StoredSnapshot | null;
  expected: StoredSnapshot | null;
  proposed: StoredSnapshot;
  outcome: CheckpointWriteOutcome;
}

const fixture = JSON.parse(
  readFileSync(join(process.cwd(), 'tests', 'fixtures', 'checkpoints', 'cases.json'), 'utf8'),
) as { cases: Vector[] };
const ref = (snapshot: StoredSnapshot | null): SnapshotRef | undefined =>
  snapshot === null
    ? undefined
    : { snapshotId: snapshot.snapshot_id, sequenceNumber: snapshot.sequence_number };

describe('decideCheckpointWrite (shared vectors, tests/fixtures/checkpoints/cases.json)', () => {
  it.each(fixture.cases.map((vector) => [vector.name, vector] as const))('%s', (_name, vector) => {
    // Act
    const outcome = decideCheckpointWrite({
      stored: ref(vector.stored),
      expected: ref(vector.expected),
      proposed: ref(vector.proposed) as SnapshotRef,
    });

    // Assess
    expect(outcome).toBe(vector.outcome);
  });

  it('never moves a checkpoint backwards, whatever writers propose in whatever order', () => {
    // A store that applies each writer's attempt by the rule: the stored sequence never decreases.
    const attempt = fc.record({
      readsCurrent: fc.boolean(),
      staleSequence: fc.nat(50),
      proposedSequence: fc.nat(50),
    });
    fc.assert(
      fc.property(fc.array(attempt, { maxLength: 40 }), (attempts) => {
        let stored: SnapshotRef | undefined;
        for (const { readsCurrent, staleSequence, proposedSequence } of attempts) {
          const expected = readsCurrent
            ? stored
            : { snapshotId: String(staleSequence), sequenceNumber: staleSequence };
          const proposed = {
            snapshotId: String(proposedSequence),
            sequenceNumber: proposedSequence,
          };
          const before = stored?.sequenceNumber ?? -1;
          if (
            decideCheckpointWrite({ stored, expected, proposed }) === CheckpointWriteOutcome.WRITTEN
          ) {
            stored = proposed;
          }
          expect(stored?.sequenceNumber ?? -1).toBeGreaterThanOrEqual(before);
        }
      }),
    );
  });
});

describe('compareAndSetCheckpoint', () => {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
  const dynamo = mockClient(client);
  const request = {
    table: 'lean-ops-test-checkpoints',
    topic: 'engine-temperature',
    layer: 'standardized' as const,
    expected: { snapshotId: '3051729675574597004', sequenceNumber: 1 },
    proposed: { snapshotId: '-8795523102442373421', sequenceNumber: 5 },
    runId: 'jr_1',
    now: new Date('2026-11-25T10:00:00.000Z'),
  };
  const conditionFailed = (item?: Record<string, { S?: string; N?: string }>) =>
    Object.assign(
      new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        $metadata: {},
      }),
      {
        Item: item,
      },
    );

  beforeEach(() => dynamo.reset());

  it('writes conditioned on the exact checkpoint the writer read', async () => {
    // Arrange
    dynamo.resolves({});

    // Act
    const outcome = await compareAndSetCheckpoint(client, request);

    // Assess
    expect(outcome).toBe('written');
    const input = dynamo.commandCalls(PutCommand)[0]?.args[0].input;
    expect(input?.ConditionExpression).toBe(
      'sequence_number = :expectedSequence AND snapshot_id = :expectedSnapshot',
    );
    expect(input?.ExpressionAttributeValues).toEqual({
      ':expectedSequence': 1,
      ':expectedSnapshot': '3051729675574597004',
    });
    expect(input?.Item).toEqual({
      topic: 'engine-temperature',
      layer: 'standardized',
      snapshot_id: '-8795523102442373421',
      sequence_number: 5,
      updated_at: '2026-11-25T10:00:00.000Z',
      run_id: 'jr_1',
    });
  });

  it('creates the first checkpoint only if none exists', async () => {
    // Arrange
    dynamo.resolves({});

    // Act
    await compareAndSetCheckpoint(client, { ...request, expected: undefined });

    // Assess
    expect(dynamo.commandCalls(PutCommand)[0]?.args[0].input.ConditionExpression).toBe(
      'attribute_not_exists(sequence_number)',
    );
  });

  it('loses as a stale writer when another writer moved the checkpoint first', async () => {
    // Arrange
    dynamo.rejects(
      conditionFailed({ snapshot_id: { S: '9007199254740993' }, sequence_number: { N: '7' } }),
    );

    // Act
    const write = compareAndSetCheckpoint(client, request);

    // Assess
    await expect(write).rejects.toBeInstanceOf(StaleCheckpointError);
    await expect(write).rejects.toMatchObject({
      stored: { snapshotId: '9007199254740993', sequenceNumber: 7 },
    });
  });

  it('treats a retried write that already landed as done', async () => {
    // Arrange
    dynamo.rejects(
      conditionFailed({ snapshot_id: { S: '-8795523102442373421' }, sequence_number: { N: '5' } }),
    );

    // Act
    const outcome = await compareAndSetCheckpoint(client, request);

    // Assess
    expect(outcome).toBe('unchanged');
  });

  it('refuses a backwards proposal without writing', async () => {
    // Act
    const write = compareAndSetCheckpoint(client, {
      ...request,
      proposed: { snapshotId: '1', sequenceNumber: 1 },
    });

    // Assess
    await expect(write).rejects.toBeInstanceOf(BackwardsCheckpointError);
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('propagates anything but a failed condition (throttling is the caller’s retry)', async () => {
    // Arrange
    dynamo.rejects(
      Object.assign(new Error('slow down'), { name: 'ProvisionedThroughputExceededException' }),
    );

    // Act / Assess
    await expect(compareAndSetCheckpoint(client, request)).rejects.toMatchObject({
      name: 'ProvisionedThroughputExceededException',
    });
  });
});
