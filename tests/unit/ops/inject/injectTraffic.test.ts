import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetQueueUrlCommand,
  QueueDoesNotExist,
  SendMessageBatchCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { resourceNames } from '../../../../lambdas/common/naming';
import { LOCAL_ACCOUNT } from '../../../../scripts/local/localDeployment';
import { MissingQueueError, TopicSelectionError } from '../../../../scripts/ops/inject/errors';
import { formatInjectSummary } from '../../../../scripts/ops/inject/formatInjectSummary';
import { injectTraffic } from '../../../../scripts/ops/inject/injectTraffic';
import { planTraffic } from '../../../../scripts/ops/inject/planTraffic';
import type { LedgerEntry } from '../../../../scripts/ops/inject/publish';
import type { InjectOptions } from '../../../../scripts/ops/inject/types';
import { loadRegistry } from '../../../../scripts/ops/registry';

const registryDir = join(process.cwd(), 'schemas', 'topics');
const registry = loadRegistry(registryDir).topics;
const deployment = 'lean-ops-unit';
const names = resourceNames(deployment, LOCAL_ACCOUNT);

/**
 * An SQS stand-in holding queues by name: GetQueueUrl finds only those, SendMessageBatch accepts
 * every entry with a fresh message id (as SQS does) and records what was sent to which URL.
 */
function fakeSqs(queueNames: string[]) {
  const sent: { url: string; body: string; messageId: string }[] = [];
  const client = {
    async send(command: unknown) {
      if (command instanceof GetQueueUrlCommand) {
        const name = command.input.QueueName as string;
        if (!queueNames.includes(name))
          throw new QueueDoesNotExist({
            message: 'The specified queue does not exist.',
            $metadata: {},
          });
        return { QueueUrl: `https://sqs.local/000000000000/${name}` };
      }
      if (command instanceof SendMessageBatchCommand) {
        const url = command.input.QueueUrl as string;
        const successful = (command.input.Entries ?? []).map((entry) => {
          const messageId = randomUUID();
          sent.push({ url, body: entry.MessageBody as string, messageId });
          return { Id: entry.Id, MessageId: messageId };
        });
        return { Successful: successful, Failed: [] };
      }
      throw new Error(`unexpected command ${String(command)}`);
    },
  };
  return { sqs: client as unknown as SQSClient, sent };
}

const allQueues = [
  ...registry.map((topic) => names.queueName(topic.topic, topic.queue === 'fifo')),
  names.unregisteredFeedQueue,
];

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lean-ops-inject-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function options(overrides: Partial<InjectOptions> = {}): InjectOptions {
  return {
    registryDir,
    topics: '3',
    events: 2_000,
    seed: 3,
    deployment,
    ledgerPath: join(dir, `${randomUUID()}.ndjson`),
    ...overrides,
  };
}

function readLedger(path: string): LedgerEntry[] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as LedgerEntry);
}

/** The ledger without what SQS decides (message ids, times), in seq order. */
function plannedPart(path: string) {
  return readLedger(path)
    .map(({ message_id: _id, published_ms: _ms, ...rest }) => rest)
    .sort((a, b) => a.seq - b.seq);
}

describe('injectTraffic', () => {
  it('gives the same ledger and plan hash for the same seed and arguments, others for another seed', async () => {
    const first = await injectTraffic(options(), fakeSqs(allQueues));
    const again = await injectTraffic(options(), fakeSqs(allQueues));
    const other = await injectTraffic(options({ seed: 4 }), fakeSqs(allQueues));

    expect(again.plan_sha256).toBe(first.plan_sha256);
    expect(plannedPart(again.ledger)).toEqual(plannedPart(first.ledger));
    expect(other.plan_sha256).not.toBe(first.plan_sha256);
    expect(plannedPart(other.ledger)).not.toEqual(plannedPart(first.ledger));
    // The file itself carries SQS's message ids, so its own hash differs from run to run.
    expect(again.ledger_sha256).not.toBe(first.ledger_sha256);
  });

  it('publishes only to the selected topics (and the stray queue), one ledger line per message sent', async () => {
    const { sqs, sent } = fakeSqs(allQueues);
    const selected = registry.slice(0, 3);

    const summary = await injectTraffic(options(), { sqs });

    const ledger = readLedger(summary.ledger);
    expect(ledger).toHaveLength(2_000);
    expect(new Set(ledger.map((entry) => entry.seq)).size).toBe(2_000);
    expect(sent.map((message) => message.messageId).sort()).toEqual(
      ledger.map((entry) => entry.message_id).sort(),
    );
    const urlOf = (topic: string) => {
      const schema = selected.find((candidate) => candidate.topic === topic);
      const name = schema
        ? names.queueName(topic, schema.queue === 'fifo')
        : names.unregisteredFeedQueue;
      return `https://sqs.local/000000000000/${name}`;
    };
    const byId = new Map(sent.map((message) => [message.messageId, message.url]));
    for (const entry of ledger) expect(byId.get(entry.message_id)).toBe(urlOf(entry.topic));
    expect(Object.keys(summary.per_topic).sort()).toEqual(
      [...selected.map((topic) => topic.topic), 'UNKNOWN'].sort(),
    );
    expect(summary.topics).toEqual(selected.map((topic) => topic.topic));
  });

  it('summarizes per expected state and per fault exactly as the plan decided', async () => {
    const summary = await injectTraffic(options({ events: 3_000, seed: 9 }), fakeSqs(allQueues));

    const expected: Record<string, number> = {};
    const faults: Record<string, number> = {};
    for (const message of planTraffic(registry.slice(0, 3), { events: 3_000, seed: 9 })) {
      expected[message.expected] = (expected[message.expected] ?? 0) + 1;
      faults[message.fault] = (faults[message.fault] ?? 0) + 1;
    }
    const nonZero = (counts: Record<string, number>) =>
      Object.fromEntries(Object.entries(counts).filter(([, value]) => value > 0));
    expect(nonZero(summary.per_expected)).toEqual(expected);
    expect(nonZero(summary.per_fault)).toEqual(faults);
    expect(Object.keys(summary.per_expected)).toEqual([
      'CURATED',
      'DUPLICATE',
      'CDE_REJECTED',
      'DROPPED',
      'DEAD_LETTERED',
    ]);
    expect(summary.published).toBe(3_000);
    expect(summary.ledger_sha256).toMatch(/^[0-9a-f]{64}$/);

    const text = formatInjectSummary(summary);
    expect(text).toContain(`published 3,000 messages to 3 topics of ${deployment} (seed 9`);
    expect(text).toMatch(
      new RegExp(`^CURATED +${expected.CURATED?.toLocaleString('en-US')} `, 'm'),
    );
    expect(text).toMatch(new RegExp(`^DEAD_LETTER +${faults.DEAD_LETTER} `, 'm'));
    expect(text).toContain(`ledger: ${summary.ledger}\n`);
    expect(text).toContain(`ledger sha256: ${summary.ledger_sha256}\n`);
  });

  it('fails before publishing anything when a queue is missing, naming every missing queue', async () => {
    const missingTopic = registry[1] as (typeof registry)[number];
    const missingQueue = names.queueName(missingTopic.topic, missingTopic.queue === 'fifo');
    const present = allQueues.filter((name) => name !== missingQueue);
    const withoutStray = allQueues.slice(0, -1);
    const first = fakeSqs(present);
    const second = fakeSqs(withoutStray);
    const ledgerPath = join(dir, 'never.ndjson');

    await expect(injectTraffic(options({ ledgerPath }), first)).rejects.toThrow(
      new RegExp(`queue not found: ${missingQueue.replace('.', '\\.')};`),
    );
    await expect(injectTraffic(options({ ledgerPath }), second)).rejects.toThrow(MissingQueueError);
    await expect(injectTraffic(options({ ledgerPath }), second)).rejects.toThrow(
      /lean-ops-unit-raw-unregistered-feed/,
    );
    expect(first.sent).toHaveLength(0);
    expect(second.sent).toHaveLength(0);
    expect(existsSync(ledgerPath)).toBe(false);
  });

  it('without UNKNOWN_TOPIC needs no stray queue (a Terraform deployment) and plans none of it', async () => {
    const fake = fakeSqs(allQueues.filter((queue) => queue !== names.unregisteredFeedQueue));
    const ledgerPath = join(dir, 'no-stray.ndjson');

    const missing = injectTraffic(options({ ledgerPath }), fake);
    await expect(missing).rejects.toThrow('add --without-fault UNKNOWN_TOPIC');
    const summary = await injectTraffic(
      options({ ledgerPath, withoutFaults: ['UNKNOWN_TOPIC'] }),
      fake,
    );

    expect(summary.faults_left_out).toEqual(['UNKNOWN_TOPIC']);
    expect(summary.published).toBe(2_000);
    expect(summary.per_fault.UNKNOWN_TOPIC ?? 0).toBe(0);
    expect(summary.per_fault.DEAD_LETTER).toBeGreaterThan(0);
    const stray = fake.sent.filter((message) => message.url.endsWith(names.unregisteredFeedQueue));
    expect(stray).toHaveLength(0);
  });

  it('reports a failed queue look-up other than a missing queue with the queue and the cause', async () => {
    const denied = {
      async send() {
        throw Object.assign(new Error('not authorized to perform sqs:GetQueueUrl'), {
          name: 'AccessDenied',
        });
      },
    } as unknown as SQSClient;

    await expect(injectTraffic(options({ topics: 'alarms' }), { sqs: denied })).rejects.toThrow(
      /cannot look up queue lean-ops-unit-topic-alarms: not authorized/,
    );
  });

  it('refuses an unknown topic and an existing ledger without touching SQS', async () => {
    const { sqs, sent } = fakeSqs(allQueues);
    const done = await injectTraffic(options({ events: 50 }), { sqs });
    const before = sent.length;

    await expect(injectTraffic(options({ topics: 'ghost' }), { sqs })).rejects.toThrow(
      TopicSelectionError,
    );
    await expect(injectTraffic(options({ ledgerPath: done.ledger }), { sqs })).rejects.toThrow(
      /already exists/,
    );
    expect(sent).toHaveLength(before);
    expect(readLedger(done.ledger)).toHaveLength(50);
  });
});
