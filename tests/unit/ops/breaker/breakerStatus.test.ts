import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient, ListEventSourceMappingsCommand } from '@aws-sdk/client-lambda';
import { DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { BreakerStore } from '../../../../lambdas/circuit-breaker/BreakerStore';
import { TopicMappings } from '../../../../lambdas/circuit-breaker/TopicMappings';
import type { BreakerRecord } from '../../../../lambdas/circuit-breaker/types';
import { breakerStatus } from '../../../../scripts/ops/breaker/breakerStatus';
import {
  formatBreakerOutcomeText,
  formatBreakerStatusText,
} from '../../../../scripts/ops/breaker/formatBreakerText';

const PREFIX = 'lean-ops-dev-topic-';
const documentMock = mockClient(DynamoDBDocumentClient);
const lambdaMock = mockClient(LambdaClient);

function record(
  topic: string,
  state: BreakerRecord['state'],
  extra: Partial<BreakerRecord> = {},
): BreakerRecord {
  return {
    topic,
    state,
    version: 1,
    trips: 1,
    cooldown_seconds: 300,
    updated_at: '2026-11-25T10:00:00.000Z',
    reason: 'r',
    ...extra,
  };
}

function adapters() {
  return {
    store: new BreakerStore(
      DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
      'breaker',
    ),
    mappings: new TopicMappings(new LambdaClient({ region: 'us-east-1' }), 'fn', PREFIX),
  };
}

const mapping = (topic: string, state: string) => ({
  UUID: `u-${topic}`,
  EventSourceArn: `arn:aws:sqs:us-east-1:1:${PREFIX}${topic}`,
  State: state,
});

beforeEach(() => {
  documentMock.reset();
  lambdaMock.reset();
});

describe('breakerStatus', () => {
  it('flags a topic whose mapping disagrees with its breaker, or has no mapping', async () => {
    // Prepare
    documentMock.on(ScanCommand).resolves({
      Items: [
        record('a', 'OPEN', { reopen_at: '2026-11-25T10:05:00.000Z' }),
        record('b', 'OPEN'),
        record('c', 'HALF_OPEN'),
        record('d', 'CLOSED'),
      ],
    });
    lambdaMock.on(ListEventSourceMappingsCommand).resolves({
      EventSourceMappings: [
        mapping('a', 'Disabled'),
        mapping('b', 'Enabled'),
        mapping('c', 'Enabling'),
      ],
    });
    const { store, mappings } = adapters();

    // Act
    const report = await breakerStatus(store, mappings);

    // Assess
    expect(report.ok).toBe(false);
    expect(report.topics.map((entry) => [entry.topic, entry.consistent])).toEqual([
      ['a', true],
      ['b', false],
      ['c', true],
      ['d', false],
    ]);
    const text = formatBreakerStatusText(report);
    expect(text).toContain('half-opens at 2026-11-25T10:05:00.000Z');
    expect(text).toContain('mapping MISSING (!)');
  });

  it('reports a topic that never tripped as CLOSED when asked for it', async () => {
    documentMock.on(GetCommand).resolves({});
    lambdaMock
      .on(ListEventSourceMappingsCommand)
      .resolves({ EventSourceMappings: [mapping('gps', 'Enabled')] });
    const { store, mappings } = adapters();

    const report = await breakerStatus(store, mappings, 'gps');

    expect(report).toMatchObject({
      ok: true,
      topics: [{ topic: 'gps', state: 'CLOSED', consistent: true, record: undefined }],
    });
  });

  it('says in words what an open or close did', () => {
    const text = formatBreakerOutcomeText({
      topic: 'gps',
      before: 'CLOSED',
      after: 'OPEN',
      changed: true,
      reason: 'opened by alice',
      mapping: 'missing',
      record: undefined,
    });
    expect(text).toBe(
      'gps: CLOSED → OPEN (opened by alice); no event source mapping found for this topic!\n',
    );
  });
});
