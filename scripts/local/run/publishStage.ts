import { join } from 'node:path';
import { planTraffic } from '../../ops/inject/planTraffic';
import { publishTraffic } from '../../ops/inject/publish';
import type { RunProgress } from './ingestStage';
import type { ProvisionedRun } from './provisionStage';
import type { RunContext } from './runContext';

/** Messages waiting in the queues at most: ElasticMQ holds them in its heap. */
const MAX_BACKLOG = 50_000;

export interface Publication {
  ledgerPath: string;
  /** Resolves to the number of messages published. */
  done: Promise<number>;
  /** True until every message is published. */
  publishing: () => boolean;
}

/**
 * Starts publishing the generated traffic (the first `activeTopics` topics, every fault) onto the
 * queues and writing the ledger, while the pipeline ingests; waits whenever the backlog exceeds
 * MAX_BACKLOG.
 */
export function startPublishing(
  context: RunContext,
  provisioned: ProvisionedRun,
  progress: RunProgress,
  options: { events: number; seed: number; activeTopics?: number },
): Publication {
  const { topics } = context;
  const { queues, strayUrl } = provisioned;
  const ledgerPath = join(context.outDir, 'ledger.ndjson');
  const active = topics.slice(0, options.activeTopics ?? topics.length);
  context.stage(
    `publishing ${options.events} generated events over ${active.length} of ${topics.length} topics (seed ${options.seed}, every fault at 3 %) → ledger.ndjson, while the pipeline ingests`,
  );
  let publishing = true;
  const done = publishTraffic(planTraffic(active, { events: options.events, seed: options.seed }), {
    sqs: context.clients.sqs,
    queueUrl: (message) =>
      message.topic === 'UNKNOWN' ? strayUrl : (queues.topics.get(message.topic)?.url ?? strayUrl),
    ledgerPath,
    onProgress: (count) => {
      progress.published = count;
    },
    backpressure: async () => {
      while (progress.published - progress.consumed > MAX_BACKLOG)
        await new Promise((resolve) => setTimeout(resolve, 100));
    },
  }).finally(() => {
    publishing = false;
  });
  return { ledgerPath, done, publishing: () => publishing };
}
