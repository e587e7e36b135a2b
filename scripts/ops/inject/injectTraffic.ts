import { createHash, type Hash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { deploymentNames } from '../../../lambdas/common/naming';
import { loadRegistry } from '../registry';
import { INJECT_SUMMARY_VERSION } from './constants';
import { InjectError, LedgerExistsError } from './errors';
import { DEFAULT_FAULT_RATES, type FaultRates } from './faults';
import { type PlannedMessage, planTraffic } from './planTraffic';
import { publishTraffic } from './publish';
import { resolveQueueUrls } from './resolveQueueUrls';
import { selectTopics } from './selectTopics';
import { summarizeLedger } from './summarizeLedger';
import type { InjectOptions, InjectSummary } from './types';

function* hashing(messages: Iterable<PlannedMessage>, hash: Hash): Generator<PlannedMessage> {
  for (const message of messages) {
    hash.update(
      `${JSON.stringify([
        message.seq,
        message.topic,
        message.fifo,
        message.groupId ?? null,
        message.dedupId ?? null,
        message.fault,
        message.expected,
        message.key ?? null,
        message.baseSeq ?? null,
        message.body,
      ])}\n`,
    );
    yield message;
  }
}

/**
 * Publishes deterministic generated traffic to the existing queues of a deployment and writes
 * its ledger: selects topics from the registry, resolves every queue first (creating nothing;
 * a missing queue fails before anything is sent), plans with `planTraffic` restricted to the
 * selected topics, publishes with `publishTraffic`, and summarizes the ledger file.
 *
 * @example
 * const summary = await injectTraffic(
 *   { registryDir: 'schemas/topics', topics: 'all', events: 3000, seed: 42,
 *     deployment: 'lean-ops-local', ledgerPath: '.run/inject/x/ledger.ndjson' },
 *   { sqs: sqsClient() },
 * );
 */
export async function injectTraffic(
  options: InjectOptions,
  deps: { sqs: SQSClient; now?: () => number },
): Promise<InjectSummary> {
  const now = deps.now ?? Date.now;
  const registryDir = resolve(options.registryDir);
  const registry = loadRegistry(registryDir);
  if (registry.findings.some((finding) => finding.severity === 'error')) {
    throw new InjectError(
      `${options.registryDir} has lint errors: run \`npx lean-ops lint-schemas ${options.registryDir}\``,
    );
  }
  const topics = selectTopics(registry.topics, options.topics);
  const ledgerPath = resolve(options.ledgerPath);
  if (existsSync(ledgerPath)) throw new LedgerExistsError(ledgerPath);

  const leftOut = [...new Set(options.withoutFaults ?? [])].sort();
  const rates: FaultRates = Object.fromEntries(leftOut.map((fault) => [fault, 0]));
  const names = deploymentNames(options.deployment);
  const queues = await resolveQueueUrls(deps.sqs, names, topics, {
    // the stray queue only when UNKNOWN_TOPIC messages are planned
    stray: ({ ...DEFAULT_FAULT_RATES, ...rates }.UNKNOWN_TOPIC ?? 0) > 0,
    deployment: options.deployment,
  });

  mkdirSync(dirname(ledgerPath), { recursive: true });
  options.onStart?.(options.events);
  const started = now();
  const planHash = createHash('sha256');
  const published = await publishTraffic(
    hashing(planTraffic(topics, { events: options.events, seed: options.seed, rates }), planHash),
    {
      sqs: deps.sqs,
      queueUrl: (message) => {
        const url = message.topic === 'UNKNOWN' ? queues.stray : queues.topics.get(message.topic);
        if (url === undefined) throw new InjectError(`no queue resolved for ${message.topic}`);
        return url;
      },
      ledgerPath,
      ...(options.rate !== undefined ? { rate: options.rate } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    },
  );
  const elapsed = now() - started;
  const ledger = await summarizeLedger(ledgerPath);
  if (ledger.messages !== published || published !== options.events) {
    throw new InjectError(
      `ledger ${ledgerPath} holds ${ledger.messages} lines for ${published} published of ${options.events} planned`,
    );
  }
  return {
    version: INJECT_SUMMARY_VERSION,
    ok: true,
    deployment: options.deployment,
    registry: options.registryDir,
    seed: options.seed,
    events: options.events,
    topics: topics.map((topic) => topic.topic),
    rate: options.rate ?? null,
    faults_left_out: leftOut,
    published,
    per_expected: ledger.perExpected,
    per_fault: ledger.perFault,
    per_topic: ledger.perTopic,
    ledger: ledgerPath,
    ledger_sha256: ledger.sha256,
    plan_sha256: planHash.digest('hex'),
    elapsed_ms: elapsed,
  };
}
