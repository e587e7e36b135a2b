import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { planTraffic } from '../../../../scripts/ops/inject/planTraffic';
import { publishTraffic } from '../../../../scripts/ops/inject/publish';
import { loadRegistry } from '../../../../scripts/ops/registry';

const topics = loadRegistry(join(process.cwd(), 'schemas', 'topics')).topics;

/** Accepts every entry; counts what reached the queues. */
function countingSqs() {
  const state = { sent: 0 };
  const client = {
    async send(command: SendMessageBatchCommand) {
      const entries = command.input.Entries ?? [];
      state.sent += entries.length;
      return {
        Successful: entries.map((entry) => ({
          Id: entry.Id,
          MessageId: `m-${state.sent}-${entry.Id}`,
        })),
      };
    },
  };
  return { sqs: client as unknown as SQSClient, state };
}

describe('publishTraffic backpressure', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lean-ops-publish-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stops sending while the consumer has no room and finishes once it has', async () => {
    // Prepare: the consumer has room for about 200 messages until it is released.
    const { sqs, state } = countingSqs();
    let released = false;
    let sentWhenBlocked = -1;
    const ledgerPath = join(dir, 'ledger.ndjson');

    // Act
    const publishing = publishTraffic(planTraffic(topics, { events: 1_000, seed: 5 }), {
      sqs,
      queueUrl: (message) => `queue-${message.topic}`,
      ledgerPath,
      concurrency: 1,
      backpressure: async () => {
        while (!released && state.sent >= 200) {
          sentWhenBlocked = state.sent;
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const sentWhileBlocked = state.sent;
    released = true;
    const published = await publishing;

    // Assess: nothing beyond the room (plus the one batch in flight) went out until released.
    expect(sentWhenBlocked).toBeGreaterThanOrEqual(200);
    expect(sentWhileBlocked).toBeLessThanOrEqual(210);
    expect(published).toBe(1_000);
    expect(readFileSync(ledgerPath, 'utf8').trimEnd().split('\n')).toHaveLength(1_000);
  });
});
