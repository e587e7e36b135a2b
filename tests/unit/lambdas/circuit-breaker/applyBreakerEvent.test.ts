import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  LambdaClient,
  ListEventSourceMappingsCommand,
  UpdateEventSourceMappingCommand,
} from '@aws-sdk/client-lambda';
import { DynamoDBDocumentClient, GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { applyBreakerEvent } from '../../../../lambdas/circuit-breaker/applyBreakerEvent';
import { BreakerStore } from '../../../../lambdas/circuit-breaker/BreakerStore';
import {
  classifyTrigger,
  handleBreakerEvent,
} from '../../../../lambdas/circuit-breaker/handleBreakerEvent';
import { TopicMappings } from '../../../../lambdas/circuit-breaker/TopicMappings';
import type { BreakerRecord } from '../../../../lambdas/circuit-breaker/types';

const PREFIX = 'lean-ops-dev-topic-';
const documentMock = mockClient(DynamoDBDocumentClient);
const lambdaMock = mockClient(LambdaClient);
const NOW = new Date('2026-11-25T10:00:00.000Z');

function mapping(topic: string, uuid: string, state = 'Enabled') {
  return {
    UUID: uuid,
    EventSourceArn: `arn:aws:sqs:us-east-1:123456789012:${PREFIX}${topic}`,
    State: state,
  };
}

function deps() {
  return {
    store: new BreakerStore(
      DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
      'breaker',
    ),
    mappings: new TopicMappings(
      new LambdaClient({ region: 'us-east-1' }),
      'lean-ops-dev-sqs-processor',
      PREFIX,
    ),
    policy: { baseCooldownSeconds: 300, maxCooldownSeconds: 3600 },
    now: () => NOW,
  };
}

const alarmEvent = {
  kind: 'ALARM_STATE' as const,
  alarmState: 'ALARM' as const,
  changedAt: NOW.toISOString(),
  alarmName: 'a',
};

beforeEach(() => {
  documentMock.reset();
  lambdaMock.reset();
  lambdaMock.on(ListEventSourceMappingsCommand).resolves({
    EventSourceMappings: [
      mapping('order-events', 'u-orders'),
      mapping('order', 'u-order'),
      mapping('order-events-eu', 'u-eu'),
    ],
  });
  lambdaMock.on(UpdateEventSourceMappingCommand).callsFake((input: { Enabled: boolean }) => ({
    State: input.Enabled ? 'Enabling' : 'Disabling',
  }));
  documentMock.on(PutCommand).resolves({});
});

describe('applyBreakerEvent', () => {
  it('opens a topic with a conditional first write and disables only that topic’s mapping', async () => {
    // Prepare
    documentMock.on(GetCommand).resolves({});

    // Act
    const outcome = await applyBreakerEvent('order-events', alarmEvent, deps());

    // Assess
    expect(outcome).toMatchObject({
      before: 'CLOSED',
      after: 'OPEN',
      changed: true,
      mapping: 'updated',
    });
    expect(documentMock.commandCalls(PutCommand)[0]?.args[0].input.ConditionExpression).toBe(
      'attribute_not_exists(topic)',
    );
    const updates = lambdaMock
      .commandCalls(UpdateEventSourceMappingCommand)
      .map((call) => call.args[0].input);
    expect(updates).toEqual([{ UUID: 'u-orders', Enabled: false }]);
  });

  it('re-reads and decides again after losing the conditional write to a concurrent writer', async () => {
    // Prepare: the first read sees no item; by the write, another instance has opened it.
    const openedElsewhere: BreakerRecord = {
      topic: 'order-events',
      state: 'OPEN',
      version: 1,
      trips: 1,
      cooldown_seconds: 300,
      reopen_at: '2026-11-25T10:05:00.000Z',
      last_alarm_change_at: NOW.toISOString(),
      updated_at: NOW.toISOString(),
      reason: 'r',
    };
    documentMock.on(GetCommand).resolvesOnce({}).resolves({ Item: openedElsewhere });
    documentMock
      .on(PutCommand)
      .rejectsOnce(
        Object.assign(new Error('conditional'), { name: 'ConditionalCheckFailedException' }),
      );
    lambdaMock
      .on(ListEventSourceMappingsCommand)
      .resolves({ EventSourceMappings: [mapping('order-events', 'u-orders', 'Disabled')] });

    // Act
    const outcome = await applyBreakerEvent('order-events', alarmEvent, deps());

    // Assess: one trip, not two; nothing left to do for the mapping.
    expect(outcome).toMatchObject({ changed: false, after: 'OPEN', mapping: 'unchanged' });
    expect(documentMock.commandCalls(PutCommand)).toHaveLength(1);
    expect(lambdaMock.commandCalls(UpdateEventSourceMappingCommand)).toHaveLength(0);
  });

  it('repairs a mapping left enabled by a failed update when the notification is redelivered', async () => {
    const open: BreakerRecord = {
      topic: 'order-events',
      state: 'OPEN',
      version: 1,
      trips: 1,
      cooldown_seconds: 300,
      reopen_at: '2026-11-25T10:05:00.000Z',
      last_alarm_change_at: NOW.toISOString(),
      updated_at: NOW.toISOString(),
      reason: 'r',
    };
    documentMock.on(GetCommand).resolves({ Item: open });

    const outcome = await applyBreakerEvent('order-events', alarmEvent, deps());

    expect(outcome).toMatchObject({ changed: false, mapping: 'updated' });
    expect(lambdaMock.commandCalls(UpdateEventSourceMappingCommand)[0]?.args[0].input).toEqual({
      UUID: 'u-orders',
      Enabled: false,
    });
  });

  it('says so when the processor has no mapping for the topic', async () => {
    documentMock.on(GetCommand).resolves({});

    const outcome = await applyBreakerEvent('not-mapped', alarmEvent, deps());

    expect(outcome).toMatchObject({ after: 'OPEN', mapping: 'missing' });
  });

  it('gives up with BreakerContentionError when every write loses', async () => {
    documentMock.on(GetCommand).resolves({});
    documentMock
      .on(PutCommand)
      .rejects(
        Object.assign(new Error('conditional'), { name: 'ConditionalCheckFailedException' }),
      );

    await expect(applyBreakerEvent('order-events', alarmEvent, deps())).rejects.toThrow(
      /lost the conditional write 4 times/,
    );
  });
});

describe('handleBreakerEvent', () => {
  function snsEvent(...messages: unknown[]) {
    return {
      Records: messages.map((message) => ({
        EventSource: 'aws:sns',
        Sns: { Message: JSON.stringify(message) },
      })),
    };
  }

  it('acts on the per-topic alarm and ignores the DLQ alarm in the same SNS batch', async () => {
    documentMock.on(GetCommand).resolves({});
    const trigger = classifyTrigger(
      snsEvent(
        {
          AlarmName: 'lean-ops-dev-dlq-not-empty',
          NewStateValue: 'ALARM',
          StateChangeTime: '2026-11-25T09:59:00.000+0000',
        },
        {
          AlarmName: `${PREFIX}error-rate-order`,
          NewStateValue: 'ALARM',
          StateChangeTime: '2026-11-25T09:59:30.000+0000',
        },
      ),
    );

    const result = await handleBreakerEvent(trigger, PREFIX, deps());

    expect(result.outcomes.map((outcome) => [outcome.topic, outcome.after])).toEqual([
      ['order', 'OPEN'],
    ]);
    expect(result.ignored).toHaveLength(1);
    const updates = lambdaMock
      .commandCalls(UpdateEventSourceMappingCommand)
      .map((call) => call.args[0].input.UUID);
    expect(updates).toEqual(['u-order']);
  });

  it('takes a StateChangeTime in the future as now, so later real notifications are not stale', async () => {
    documentMock.on(GetCommand).resolves({});
    const future = (state: string, at: string) =>
      classifyTrigger(
        snsEvent({
          AlarmName: `${PREFIX}error-rate-order`,
          NewStateValue: state,
          StateChangeTime: at,
        }),
      );

    const result = await handleBreakerEvent(
      future('ALARM', '2030-01-01T00:00:00.000+0000'),
      PREFIX,
      deps(),
    );

    expect(result.outcomes.map((outcome) => outcome.after)).toEqual(['OPEN']);
    expect(result.warnings).toEqual([
      `alarm ${PREFIX}error-rate-order: StateChangeTime 2030-01-01T00:00:00.000Z is in the future; taken as ${NOW.toISOString()}`,
    ]);
    const stored = documentMock.commandCalls(PutCommand)[0]?.args[0].input.Item;
    expect(stored?.last_alarm_change_at).toBe(NOW.toISOString());
  });

  it('keeps a StateChangeTime within the clock skew as sent', async () => {
    documentMock.on(GetCommand).resolves({});
    const at = new Date(NOW.getTime() + 30_000).toISOString();
    const result = await handleBreakerEvent(
      classifyTrigger(
        snsEvent({
          AlarmName: `${PREFIX}error-rate-order`,
          NewStateValue: 'ALARM',
          StateChangeTime: at,
        }),
      ),
      PREFIX,
      deps(),
    );
    expect(result.warnings).toEqual([]);
    expect(documentMock.commandCalls(PutCommand)[0]?.args[0].input.Item?.last_alarm_change_at).toBe(
      at,
    );
  });

  it('on a schedule ticks every stored breaker and keeps going when one topic fails', async () => {
    const due = (topic: string): BreakerRecord => ({
      topic,
      state: 'OPEN',
      version: 3,
      trips: 1,
      cooldown_seconds: 300,
      reopen_at: '2026-11-25T09:00:00.000Z',
      updated_at: '2026-11-25T08:55:00.000Z',
      reason: 'r',
    });
    documentMock.on(ScanCommand).resolves({ Items: [due('order'), due('order-events')] });
    documentMock
      .on(GetCommand, { Key: { topic: 'order' } })
      .rejects(Object.assign(new Error('boom'), { name: 'InternalServerError' }));
    documentMock
      .on(GetCommand, { Key: { topic: 'order-events' } })
      .resolves({ Item: due('order-events') });
    lambdaMock.on(ListEventSourceMappingsCommand).resolves({
      EventSourceMappings: [
        mapping('order-events', 'u-orders', 'Disabled'),
        mapping('order', 'u-order', 'Disabled'),
      ],
    });

    const result = await handleBreakerEvent(
      classifyTrigger({ source: 'aws.events', 'detail-type': 'Scheduled Event' }),
      PREFIX,
      deps(),
    );

    expect(result.outcomes.map((outcome) => [outcome.topic, outcome.after])).toEqual([
      ['order-events', 'HALF_OPEN'],
    ]);
    expect([...result.failures.keys()]).toEqual(['order']);
    expect(lambdaMock.commandCalls(UpdateEventSourceMappingCommand)[0]?.args[0].input).toEqual({
      UUID: 'u-orders',
      Enabled: true,
    });
  });

  it('ignores an event that is neither SNS nor a schedule', async () => {
    const result = await handleBreakerEvent(classifyTrigger({ hello: 'world' }), PREFIX, deps());

    expect(result.ignored).toHaveLength(1);
    expect(documentMock.calls()).toHaveLength(0);
  });
});
