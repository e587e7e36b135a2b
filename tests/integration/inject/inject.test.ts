import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { jest } from '@jest/globals';
import { resourceNames } from '../../../lambdas/common/naming';
import { localClients } from '../../../scripts/local/clients';
import { LOCAL_ACCOUNT } from '../../../scripts/local/localDeployment';
import { provisionQueues } from '../../../scripts/local/provision';
import type { LedgerEntry } from '../../../scripts/ops/inject/publish';
import type { InjectSummary } from '../../../scripts/ops/inject/types';
import { loadRegistry } from '../../../scripts/ops/registry';
import { repoRoot } from '../../../scripts/ops/repoRoot';
import { endpointEnv, uniqueName } from '../../harness/localAws';

// `lean-ops inject` (the BUILT CLI) against the local endpoint: queues provisioned the way the
// local run provisions them, then everything on them compared with the ledger, message by message.

// Each test starts the CLI (about a second) and drains a few hundred messages.
jest.setTimeout(60_000);

const registry = loadRegistry(join(repoRoot(), 'schemas', 'topics')).topics;
// Read once, for the clients and the CLI alike: both must talk to this run's endpoint.
const env = endpointEnv();
const clients = localClients(env);
const cli = join(repoRoot(), 'dist', 'cli', 'lean-ops.mjs');
let dir: string;

beforeAll(() => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`make build\` first`);
  dir = mkdtempSync(join(tmpdir(), 'lean-ops-inject-it-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function leanOps(args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [cli, ...args], {
      env: { ...process.env, ...env, CI: 'true' },
      cwd: repoRoot(),
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** Provisions the topic queues (and the stray queue) of a fresh deployment; returns name → URL. */
async function provision(deployment: string, topics: string[], stray = true) {
  const names = resourceNames(deployment, LOCAL_ACCOUNT);
  const queues = await provisionQueues(
    clients.sqs,
    names,
    topics.map((topic) => ({
      topic,
      fifo: registry.find((schema) => schema.topic === topic)?.queue === 'fifo',
    })),
  );
  const urls = new Map([...queues.topics].map(([topic, queue]) => [topic, queue.url]));
  if (stray) {
    const created = await clients.sqs.send(
      new CreateQueueCommand({ QueueName: names.unregisteredFeedQueue }),
    );
    urls.set('UNKNOWN', created.QueueUrl as string);
  }
  return urls;
}

/**
 * Receives (and deletes, so FIFO groups keep flowing) everything on a queue: message id → how many
 * times it was received. Stops after three empty receives in a row.
 */
async function drain(sqs: SQSClient, queueUrl: string): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  for (let empty = 0; empty < 3; ) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 600,
        WaitTimeSeconds: 1,
      }),
    );
    if (Messages.length === 0) {
      empty++;
      continue;
    }
    empty = 0;
    for (const message of Messages)
      seen.set(message.MessageId as string, (seen.get(message.MessageId as string) ?? 0) + 1);
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: Messages.map((message, index) => ({
          Id: String(index),
          ReceiptHandle: message.ReceiptHandle as string,
        })),
      }),
    );
  }
  return seen;
}

function readLedger(path: string): LedgerEntry[] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as LedgerEntry);
}

/** Every ledger message is on its topic's queue exactly once, and nothing else is. */
async function expectQueuesMatchLedger(urls: Map<string, string>, ledger: LedgerEntry[]) {
  for (const [topic, url] of urls) {
    const expected = ledger.filter((entry) => entry.topic === topic).map((e) => e.message_id);
    const received = await drain(clients.sqs, url);
    expect({ topic, ids: [...received.keys()].sort() }).toEqual({ topic, ids: expected.sort() });
    expect({ topic, twice: [...received].filter(([, times]) => times !== 1) }).toEqual({
      topic,
      twice: [],
    });
  }
  expect(ledger.every((entry) => urls.has(entry.topic))).toBe(true);
}

describe('lean-ops inject', () => {
  it('publishes --events 300 --topics 2 --seed 3 to the first two topics, each ledger message exactly once on its queue', async () => {
    const deployment = uniqueName('inject');
    const topics = registry.slice(0, 2).map((schema) => schema.topic);
    const urls = await provision(deployment, topics);
    const ledgerPath = join(dir, 'two-topics', 'ledger.ndjson');

    const run = await leanOps([
      'inject',
      ...['--events', '300', '--topics', '2', '--seed', '3'],
      ...['--name', deployment, '--ledger', ledgerPath, '--json'],
    ]);

    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as InjectSummary;
    const ledger = readLedger(ledgerPath);
    expect(summary).toMatchObject({ ok: true, published: 300, topics, ledger: ledgerPath });
    expect(ledger).toHaveLength(300);
    expect(new Set(ledger.map((entry) => entry.message_id)).size).toBe(300);
    const perTopic: Record<string, number> = {};
    for (const entry of ledger) perTopic[entry.topic] = (perTopic[entry.topic] ?? 0) + 1;
    expect(summary.per_topic).toEqual(perTopic);
    expect(Object.keys(perTopic).sort()).toEqual([...topics, 'UNKNOWN'].sort());
    expect(Object.values(summary.per_expected).reduce((a, b) => a + b, 0)).toBe(300);
    await expectQueuesMatchLedger(urls, ledger);
  });

  it('publishes to a FIFO topic with group and deduplication ids, and prints a text summary', async () => {
    const deployment = uniqueName('inject-fifo');
    const fifo = registry.find((schema) => schema.queue === 'fifo')?.topic as string;
    const urls = await provision(deployment, [fifo]);
    const ledgerPath = join(dir, 'fifo', 'ledger.ndjson');

    const run = await leanOps([
      'inject',
      ...['--events', '120', '--topics', fifo, '--seed', '5', '--rate', '400'],
      ...['--name', deployment, '--ledger', ledgerPath],
    ]);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`published 120 messages to 1 topic of ${deployment} (seed 5`);
    expect(run.stdout).toMatch(/^ledger sha256: [0-9a-f]{64}$/m);
    await expectQueuesMatchLedger(urls, readLedger(ledgerPath));
  });

  it('exits 2 naming a missing queue and publishes nothing', async () => {
    const deployment = uniqueName('inject-missing');
    const [present, absent] = registry.slice(0, 2) as [
      (typeof registry)[number],
      (typeof registry)[number],
    ];
    const urls = await provision(deployment, [present.topic]);
    const ledgerPath = join(dir, 'missing', 'ledger.ndjson');
    const absentQueue = resourceNames(deployment, LOCAL_ACCOUNT).queueName(
      absent.topic,
      absent.queue === 'fifo',
    );

    const text = await leanOps([
      'inject',
      '--topics',
      '2',
      '--name',
      deployment,
      '--ledger',
      ledgerPath,
    ]);
    const json = await leanOps(['inject', '--topics', '2', '--name', deployment, '--json']);

    expect(text.code).toBe(2);
    expect(text.stderr).toContain(`queue not found: ${absentQueue}; nothing was published`);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      error: { name: 'MissingQueueError', message: expect.stringContaining(absentQueue) },
    });
    expect(existsSync(ledgerPath)).toBe(false);
    for (const [topic, url] of urls)
      expect({ topic, received: (await drain(clients.sqs, url)).size }).toEqual({
        topic,
        received: 0,
      });
  });
});
