import {
  DeleteMessageCommand,
  GetQueueUrlCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';

/**
 * Completes redrives that ElasticMQ 1.7.1 leaves half done (issue 29; docs/local-endpoint.md).
 *
 * When a receive dead-letters a message, ElasticMQ sends a shallow copy to the DLQ actor — the
 * copy shares the message's mutable list of receipt handles — and then deletes the source
 * message with its last receipt. If the DLQ is received in between, the DLQ's new receipt is
 * appended to the shared list first, the source delete no longer matches, and the source keeps
 * the message in its index but not in its delivery queue: GetQueueAttributes counts it visible
 * for ever while no ReceiveMessage returns it. Real SQS moves the message; only the emulator
 * strands a copy, and the local run then waits on a queue that can never drain.
 *
 * The repair uses the same shared list: deleting the source message with the DLQ receipt just
 * received succeeds exactly when the source still holds the stranded copy, and fails with
 * ReceiptHandleIsInvalid (the normal case, and always in AWS, where receipts are per queue)
 * otherwise. The message is already on the DLQ, so nothing is lost either way.
 */
export class RedriveRaceRepair {
  /** Stranded source copies removed so far. */
  repaired = 0;
  private readonly urls = new Map<string, Promise<string>>();

  constructor(private readonly sqs: SQSClient) {}

  /** For each dead letter just received from a DLQ, removes a stranded copy from its source queue. */
  async afterDeadLettersReceived(messages: readonly Message[]): Promise<void> {
    await Promise.all(
      messages.map(async (message) => {
        const sourceArn = message.Attributes?.DeadLetterQueueSourceArn;
        if (!sourceArn || !message.ReceiptHandle) return;
        try {
          await this.sqs.send(
            new DeleteMessageCommand({
              QueueUrl: await this.urlOf(sourceArn),
              ReceiptHandle: message.ReceiptHandle,
            }),
          );
          this.repaired++;
        } catch (error) {
          if ((error as { name?: string }).name !== 'ReceiptHandleIsInvalid') throw error;
        }
      }),
    );
  }

  private urlOf(queueArn: string): Promise<string> {
    let url = this.urls.get(queueArn);
    if (!url) {
      // arn:aws:sqs:<region>:<account>:<name>
      const [, , , , account, name] = queueArn.split(':');
      url = this.sqs
        .send(new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: account }))
        .then((response) => response.QueueUrl ?? '');
      this.urls.set(queueArn, url);
    }
    return url;
  }
}
