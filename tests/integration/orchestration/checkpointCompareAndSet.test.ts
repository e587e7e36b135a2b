import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeleteItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  BackwardsCheckpointError,
  compareAndSetCheckpoint,
  type SnapshotRef,
  StaleCheckpointError,
  snapshotFromItem,
} from '../../../lambdas/common/checkpoints';
import { resourceNames } from '../../../lambdas/common/naming';
import { LOCAL_ACCOUNT } from '../../../scripts/local/localDeployment';
import { provisionOrchestrationTables } from '../../../scripts/local/stepfunctions';
import { localClients, uniqueName } from '../../harness/localAws';

// The shared compare-and-set vectors against real DynamoDB conditions (moto), plus a race.

interface StoredSnapshot {
  snapshot_id: string;
  sequence_number: number;
}
interface Vector {
  name: string;
  stored: StoredSnapshot | null;
  expected: StoredSnapshot | null;
  proposed: StoredSnapshot;
  outcome: string;
}
const { cases } = JSON.parse(
  readFileSync(join(process.cwd(), 'tests', 'fixtures', 'checkpoints', 'cases.json'), 'utf8'),
) as { cases: Vector[] };
const ref = (snapshot: StoredSnapshot | null): SnapshotRef | undefined =>
  snapshot === null
    ? undefined
    : { snapshotId: snapshot.snapshot_id, sequenceNumber: snapshot.sequence_number };

const names = resourceNames(uniqueName('cas'), LOCAL_ACCOUNT);
const { dynamoDb } = localClients();
const documents = DynamoDBDocumentClient.from(dynamoDb);
const key = (topic: string) => ({ topic: { S: topic }, layer: { S: 'standardized' } });

beforeAll(async () => {
  await provisionOrchestrationTables(dynamoDb, names);
});

async function stored(topic: string): Promise<SnapshotRef | undefined> {
  const response = await documents.send(
    new GetCommand({
      TableName: names.checkpointTable,
      Key: { topic, layer: 'standardized' },
      ConsistentRead: true,
    }),
  );
  return snapshotFromItem(response.Item);
}

describe('compareAndSetCheckpoint on DynamoDB (shared vectors)', () => {
  it.each(cases.map((vector, index) => [vector.name, vector, `cas-${index}`] as const))(
    '%s',
    async (_name, vector, topic) => {
      // Arrange
      await dynamoDb.send(
        new DeleteItemCommand({ TableName: names.checkpointTable, Key: key(topic) }),
      );
      if (vector.stored !== null) {
        await dynamoDb.send(
          new PutItemCommand({
            TableName: names.checkpointTable,
            Item: {
              ...key(topic),
              snapshot_id: { S: vector.stored.snapshot_id },
              sequence_number: { N: String(vector.stored.sequence_number) },
            },
          }),
        );
      }

      // Act
      let outcome: string;
      try {
        outcome = await compareAndSetCheckpoint(documents, {
          table: names.checkpointTable,
          topic,
          layer: 'standardized',
          expected: ref(vector.expected),
          proposed: ref(vector.proposed) as SnapshotRef,
          runId: 'it',
        });
      } catch (error) {
        if (error instanceof StaleCheckpointError) outcome = 'stale';
        else if (error instanceof BackwardsCheckpointError) outcome = 'backwards';
        else throw error;
      }

      // Assess
      expect(outcome).toBe(vector.outcome);
      const after = await stored(topic);
      const written = outcome === 'written' || outcome === 'unchanged';
      expect(after).toEqual(written ? ref(vector.proposed) : ref(vector.stored));
    },
  );

  it('lets exactly one of many writers that read the same checkpoint win', async () => {
    // Arrange
    const topic = 'race';
    const read = { snapshotId: '3051729675574597004', sequenceNumber: 1 };
    await compareAndSetCheckpoint(documents, {
      table: names.checkpointTable,
      topic,
      layer: 'standardized',
      expected: undefined,
      proposed: read,
      runId: 'setup',
    });

    // Act: eight writers, each with a different proposal after the same read
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        compareAndSetCheckpoint(documents, {
          table: names.checkpointTable,
          topic,
          layer: 'standardized',
          expected: read,
          proposed: { snapshotId: `${9_007_199_254_740_993n + BigInt(i)}`, sequenceNumber: 2 + i },
          runId: `writer-${i}`,
        }),
      ),
    );

    // Assess
    const winners = results.filter((result) => result.status === 'fulfilled');
    expect(winners).toHaveLength(1);
    expect(
      results
        .filter((r) => r.status === 'rejected')
        .every((r) => r.reason instanceof StaleCheckpointError),
    ).toBe(true);
    const winner = results.findIndex((result) => result.status === 'fulfilled');
    expect(await stored(topic)).toEqual({
      snapshotId: `${9_007_199_254_740_993n + BigInt(winner)}`,
      sequenceNumber: 2 + winner,
    });
  });
});
