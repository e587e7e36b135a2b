import type { SQSClient } from '@aws-sdk/client-sqs';
import type { PollResult, SqsEventSource } from '../../../scripts/local/emulation/sqsEventSource';
import { drainQueues, QueuesStalledError } from '../../../scripts/local/run/drainQueues';

/** A queue holding `depth` messages, consumed 10 per poll; a poll of an empty queue counts too. */
function fakeQueue(url: string, depth: number) {
  const queue = { url, depth, polls: 0 };
  const source = {
    pollOnce: async (): Promise<PollResult> => {
      queue.polls++;
      const received = Math.min(10, queue.depth);
      queue.depth -= received;
      return { received, succeeded: received, failed: 0 };
    },
  } as unknown as SqsEventSource;
  return { queue, entry: { source, queueUrl: url } };
}

/** GetQueueAttributes over the fake queues: what is left in each. */
function fakeSqs(queues: { url: string; depth: number }[]): SQSClient {
  return {
    send: async (command: { input: { QueueUrl: string } }) => ({
      Attributes: {
        ApproximateNumberOfMessages: String(
          queues.find((queue) => queue.url === command.input.QueueUrl)?.depth ?? 0,
        ),
      },
    }),
  } as unknown as SQSClient;
}

describe('drainQueues', () => {
  it('drains every queue and returns what it received', async () => {
    const busy = fakeQueue('busy', 95);
    const idle = fakeQueue('idle', 0);
    const stats = await drainQueues(fakeSqs([busy.queue, idle.queue]), [busy.entry, idle.entry]);
    expect(stats.received).toBe(95);
    expect(busy.queue.depth).toBe(0);
  });

  it('polls an idle queue again only after the idle back-off', async () => {
    // Prepare: one queue deep enough for several rounds, one idle.
    const deep = fakeQueue('deep', 600);
    const idle = fakeQueue('idle', 0);
    // Act
    await drainQueues(fakeSqs([deep.queue, idle.queue]), [deep.entry, idle.entry], {
      idleBackoffMs: 60_000,
    });
    // Assess: the deep queue needed several rounds (20 polls per round), the idle one was asked once.
    expect(deep.queue.polls).toBeGreaterThan(40);
    expect(idle.queue.polls).toBe(1);
  });

  it('does not call the pipeline quiet while traffic is still being published', async () => {
    // Prepare: the queue is empty at first; a message arrives while `busy` holds.
    const late = fakeQueue('late', 0);
    let busy = true;
    setTimeout(() => {
      late.queue.depth = 7;
      busy = false;
    }, 400);
    // Act
    const stats = await drainQueues(fakeSqs([late.queue]), [late.entry], {
      busy: () => busy,
      idleBackoffMs: 0,
    });
    // Assess
    expect(stats.received).toBe(7);
  });

  it('ends with an error naming the queue that holds messages nobody receives', async () => {
    // Prepare: one queue drains; another holds 3 messages its disabled poller never takes.
    const fine = fakeQueue('https://sqs/000/fine', 30);
    const stuck = { url: 'https://sqs/000/lean-ops-local-topic-door-events.fifo', depth: 3 };
    const stuckSource = {
      pollOnce: async (): Promise<PollResult> => ({ received: 0, succeeded: 0, failed: 0 }),
      isPolling: async () => false,
    } as unknown as SqsEventSource;
    // Act
    const drained = drainQueues(
      fakeSqs([fine.queue, stuck]),
      [
        { ...fine.entry, topic: 'fine' },
        { source: stuckSource, queueUrl: stuck.url, topic: 'door-events' },
      ],
      { stallAfterMs: 300, idleBackoffMs: 10 },
    );
    // Assess
    await expect(drained).rejects.toThrow(QueuesStalledError);
    await expect(drained).rejects.toThrow(
      /door-events lean-ops-local-topic-door-events\.fifo \(3 visible, 0 in flight, 0 delayed, poller disabled\)/,
    );
    expect(fine.queue.depth).toBe(0);
  });

  it('does not call a slow but moving pipeline stalled', async () => {
    // Prepare: a queue that yields one message every 50 ms, longer in total than stallAfterMs.
    const slow = { url: 'slow', depth: 8 };
    let lastGiven = 0;
    const source = {
      pollOnce: async (): Promise<PollResult> => {
        if (slow.depth === 0 || Date.now() - lastGiven < 50)
          return { received: 0, succeeded: 0, failed: 0 };
        lastGiven = Date.now();
        slow.depth--;
        return { received: 1, succeeded: 1, failed: 0 };
      },
      isPolling: async () => true,
    } as unknown as SqsEventSource;
    // Act
    const stats = await drainQueues(fakeSqs([slow]), [{ source, queueUrl: 'slow' }], {
      stallAfterMs: 200,
      idleBackoffMs: 0,
    });
    // Assess
    expect(stats.received).toBe(8);
  });

  it('calls a message that fails on every receive a stall, not progress', async () => {
    // Prepare: the DLQ holds one message the archiver fails each time it is received.
    const dlq = { url: 'https://sqs/000/lean-ops-local-dlq.fifo', depth: 1 };
    const source = {
      pollOnce: async (): Promise<PollResult> => ({ received: 1, succeeded: 0, failed: 1 }),
      isPolling: async () => true,
    } as unknown as SqsEventSource;
    // Act
    const drained = drainQueues(fakeSqs([dlq]), [{ source, queueUrl: dlq.url, topic: 'DLQ' }], {
      stallAfterMs: 200,
    });
    // Assess
    await expect(drained).rejects.toThrow(/DLQ lean-ops-local-dlq\.fifo \(1 visible/);
  });
});
