import {
  DeleteMessageCommand,
  GetQueueUrlCommand,
  type Message,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { RedriveRaceRepair } from '../../../scripts/local/emulation/redriveRace';

const SOURCE_ARN = 'arn:aws:sqs:us-east-1:000000000000:lean-ops-local-topic-tire-pressure';
const SOURCE_URL = 'http://127.0.0.1:9324/000000000000/lean-ops-local-topic-tire-pressure';

function deadLetter(id: string, sourceArn: string | null = SOURCE_ARN): Message {
  return {
    MessageId: id,
    ReceiptHandle: `receipt-${id}`,
    Body: '{}',
    Attributes: sourceArn ? { DeadLetterQueueSourceArn: sourceArn } : {},
  };
}

function invalidReceipt(): Error {
  return Object.assign(new Error('The receipt handle is not valid.'), {
    name: 'ReceiptHandleIsInvalid',
  });
}

describe('RedriveRaceRepair', () => {
  const sqsMock = mockClient(SQSClient);
  beforeEach(() => {
    sqsMock.reset();
    sqsMock.on(GetQueueUrlCommand).resolves({ QueueUrl: SOURCE_URL });
  });

  it('deletes each dead letter from its source queue with the receipt the DLQ gave, counting the copies it removed', async () => {
    sqsMock
      .on(DeleteMessageCommand, { ReceiptHandle: 'receipt-stranded' })
      .resolves({})
      .on(DeleteMessageCommand, { ReceiptHandle: 'receipt-moved' })
      .rejects(invalidReceipt());
    const repair = new RedriveRaceRepair(new SQSClient({}));

    await repair.afterDeadLettersReceived([deadLetter('stranded'), deadLetter('moved')]);

    const deletes = sqsMock.commandCalls(DeleteMessageCommand).map((call) => call.args[0].input);
    expect(deletes).toEqual(
      expect.arrayContaining([
        { QueueUrl: SOURCE_URL, ReceiptHandle: 'receipt-stranded' },
        { QueueUrl: SOURCE_URL, ReceiptHandle: 'receipt-moved' },
      ]),
    );
    expect(repair.repaired).toBe(1);
  });

  it('looks the source queue up by the name and account in its ARN, once per queue', async () => {
    sqsMock.on(DeleteMessageCommand).rejects(invalidReceipt());
    const repair = new RedriveRaceRepair(new SQSClient({}));

    await repair.afterDeadLettersReceived([deadLetter('a'), deadLetter('b')]);
    await repair.afterDeadLettersReceived([deadLetter('c')]);

    const lookups = sqsMock.commandCalls(GetQueueUrlCommand).map((call) => call.args[0].input);
    expect(lookups).toEqual([
      { QueueName: 'lean-ops-local-topic-tire-pressure', QueueOwnerAWSAccountId: '000000000000' },
    ]);
    expect(repair.repaired).toBe(0);
  });

  it('leaves messages without a DeadLetterQueueSourceArn alone', async () => {
    const repair = new RedriveRaceRepair(new SQSClient({}));

    await repair.afterDeadLettersReceived([deadLetter('sent-to-the-dlq-directly', null)]);

    expect(sqsMock.commandCalls(DeleteMessageCommand)).toHaveLength(0);
  });

  it('fails on any error other than an invalid receipt, so an endpoint fault is not hidden', async () => {
    sqsMock
      .on(DeleteMessageCommand)
      .rejects(Object.assign(new Error('connect ECONNREFUSED'), { name: 'Error' }));
    const repair = new RedriveRaceRepair(new SQSClient({}));

    await expect(repair.afterDeadLettersReceived([deadLetter('x')])).rejects.toThrow(
      'ECONNREFUSED',
    );
  });
});
