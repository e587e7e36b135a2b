import { topicFromQueueArn } from '../../../../../lambdas/common/naming';

const PREFIX = 'lean-ops-dev-topic-';
const arn = (queue: string) => `arn:aws:sqs:eu-west-1:123456789012:${queue}`;

describe('topicFromQueueArn', () => {
  it.each([
    ['a standard queue', `${PREFIX}engine-temperature`, 'engine-temperature', false],
    [
      'a FIFO queue (the .fifo suffix is not part of the topic)',
      `${PREFIX}door-events.fifo`,
      'door-events',
      true,
    ],
    ['a topic with dashes (never split on -)', `${PREFIX}order-events`, 'order-events', false],
    ['a topic with underscores', `${PREFIX}battery_state`, 'battery_state', false],
    ['a one-letter topic', `${PREFIX}a`, 'a', false],
  ])('derives the topic of %s', (_label, queue, topic, fifo) => {
    expect(topicFromQueueArn(arn(queue), PREFIX)).toEqual({
      kind: 'topic',
      topic,
      fifo,
      queueName: queue,
    });
  });

  it.each([
    ['a queue outside the prefix', 'other-team-engine-temperature'],
    ['the DLQ (outside the topic prefix on purpose)', 'lean-ops-dev-dlq'],
    ['another environment', 'lean-ops-prod-topic-engine-temperature'],
    ['the bare prefix', PREFIX],
    ['a topic that maps onto raw_errors', `${PREFIX}raw-errors`],
    ['a topic that maps onto curated_errors', `${PREFIX}curated_errors`],
    ['an invalid topic after the prefix', `${PREFIX}Engine`],
    ['a topic that starts with a digit', `${PREFIX}9lives`],
  ])('reports %s as unknown', (_label, queue) => {
    expect(topicFromQueueArn(arn(queue), PREFIX).kind).toBe('unknown');
  });

  it.each([
    '',
    'not-an-arn',
    'arn:aws:sns:eu-west-1:123456789012:topic',
    'arn:aws:sqs:eu-west-1:123456789012',
  ])('reports the malformed ARN %j as unknown', (value) => {
    expect(topicFromQueueArn(value, PREFIX).kind).toBe('unknown');
  });
});
