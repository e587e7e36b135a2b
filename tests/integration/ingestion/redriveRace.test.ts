import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
} from '@aws-sdk/client-sqs';
import { RedriveRaceRepair } from '../../../scripts/local/emulation/redriveRace';
import { localClients, uniqueName } from '../../harness/localAws';

const { sqs } = localClients();
const MESSAGES = 6000;
const DLQ_POLLERS = 12;
const SOURCE_POLLERS = 3;

async function createQueue(name: string, attributes: Record<string, string> = {}) {
  const url = (await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes })))
    .QueueUrl as string;
  const arn = (
    await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }))
  ).Attributes?.QueueArn as string;
  return { url, arn };
}

async function counts(url: string): Promise<{ visible: number; inFlight: number }> {
  const attributes =
    (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] })))
      .Attributes ?? {};
  return {
    visible: Number(attributes.ApproximateNumberOfMessages),
    inFlight: Number(attributes.ApproximateNumberOfMessagesNotVisible),
  };
}

// ElasticMQ 1.7.1 strands a copy of a dead-lettered message in its source queue when the DLQ is
// received while the redrive is under way (scripts/local/emulation/redriveRace.ts). The race
// needs many redrives under busy DLQ pollers, as in the local run's fault mix; the repair the
// run's DLQ pollers apply must leave every source queue empty once all messages reached the DLQ.
test('the DLQ pollers repair leaves no message stranded in the source queue after a storm of redrives', async () => {
  const name = uniqueName('redrive-race');
  const dlq = await createQueue(`${name}-dlq`);
  const source = await createQueue(name, {
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 1 }),
  });
  for (let start = 0; start < MESSAGES; start += 10) {
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: source.url,
        Entries: Array.from({ length: 10 }, (_, index) => ({
          Id: String(index),
          MessageBody: `message ${start + index}`,
        })),
      }),
    );
  }
  const repair = new RedriveRaceRepair(sqs);
  // Distinct bodies: the emulator may dead-letter a stranded copy a second time before the repair.
  const deadLettered = new Set<string>();
  let stop = false;
  const dlqPoller = async () => {
    while (!stop) {
      const messages =
        (
          await sqs.send(
            new ReceiveMessageCommand({
              QueueUrl: dlq.url,
              MaxNumberOfMessages: 10,
              MessageSystemAttributeNames: ['All'],
            }),
          )
        ).Messages ?? [];
      if (messages.length === 0) continue;
      await repair.afterDeadLettersReceived(messages);
      for (const message of messages) deadLettered.add(message.Body ?? '');
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: dlq.url,
          Entries: messages.map((message, index) => ({
            Id: String(index),
            ReceiptHandle: message.ReceiptHandle ?? '',
          })),
        }),
      );
    }
  };
  // Received with a visibility timeout of 0: visible again at once, so its next receive
  // dead-letters it (no ChangeMessageVisibility, which ElasticMQ answers by rebuilding its queue).
  const sourcePoller = async () => {
    while (!stop) {
      await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: source.url,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: 0,
        }),
      );
    }
  };
  const pollers = [
    ...Array.from({ length: DLQ_POLLERS }, dlqPoller),
    ...Array.from({ length: SOURCE_POLLERS }, sourcePoller),
  ];
  // A stranded copy left unrepaired stays visible for ever: the deadline then fails the test.
  const deadline = Date.now() + 120_000;
  const drained = async () => {
    const left = await counts(source.url);
    return deadLettered.size === MESSAGES && left.visible + left.inFlight === 0;
  };
  while (!(await drained()) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  stop = true;
  await Promise.all(pollers);

  expect(deadLettered.size).toBe(MESSAGES);
  expect(await counts(source.url)).toEqual({ visible: 0, inFlight: 0 });
}, 180_000);
