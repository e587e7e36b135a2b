import { createHash } from 'node:crypto';
import { type LintReport, lintRegistry, readTopicSources, registryFromSources } from '../registry';
import { type ApplyOptions, applyPlan } from './applyPlan';
import { DEPLOY_OUTPUT_VERSION } from './constants';
import { deployedBase } from './deployedBase';
import { planDeployment } from './planDeployment';
import type { DeployPorts } from './ports';
import { FAILED_OUTCOMES, type HeadTopic, type TopicResult } from './types';

export interface DeploySchemasOptions extends ApplyOptions {
  /** Folder of topic files (schemas/topics). */
  schemasDir: string;
  /** Root for symlink checks when reading topic files (the repository). */
  root?: string;
  dryRun?: boolean;
  /** Retire topics whose file was deleted (otherwise the linter refuses the removal). */
  allowRemove?: boolean;
  /** Every environment's queue prefix, as the linter checks queue name lengths. */
  queuePrefixes?: string[];
}

/** `deploy-schemas --json` output, version 1 (docs/schemas.md). */
export interface DeployReport {
  version: typeof DEPLOY_OUTPUT_VERSION;
  ok: boolean;
  dryRun: boolean;
  /** Set when nothing was applied because the linter rejected the head against what is deployed. */
  refused?: { reason: string; lint: LintReport };
  counts: Partial<Record<TopicResult['outcome'], number>>;
  topics: TopicResult[];
}

/**
 * Deploys the topic files of `schemasDir` to one environment: reads what is deployed (registry
 * items + the schema objects of their versions), lints the head against it with the linter's
 * own rules, plans per topic and, unless `dryRun`, applies the plan through `ports`.
 *
 * @example
 * const report = await deploySchemas(ports, { schemasDir: 'schemas/topics', deployedBy: 'ci' });
 * process.exitCode = report.ok ? 0 : 1;
 */
export async function deploySchemas(
  ports: DeployPorts,
  options: DeploySchemasOptions,
): Promise<DeployReport> {
  const sources = readTopicSources([options.schemasDir], { root: options.root });
  const headRegistry = registryFromSources(sources);
  const bytesByFile = new Map(sources.map((source) => [source.file, source.bytes]));
  const head = new Map<string, HeadTopic>();
  for (const file of headRegistry.files) {
    const bytes = bytesByFile.get(file.file);
    if (!file.schema || !bytes) continue;
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    head.set(file.schema.topic, { schema: file.schema, file: file.file, bytes, sha256 });
  }
  const deployed = await ports.registry.readAll();
  const base = await deployedBase(deployed, head, ports.schemas);
  const lint = lintRegistry(headRegistry, base, {
    allowRemoval: options.allowRemove ?? false,
    detectRemovals: true,
    ...(options.queuePrefixes ? { queuePrefixes: options.queuePrefixes } : {}),
  });
  const dryRun = options.dryRun ?? false;
  if (!lint.ok) {
    return {
      version: DEPLOY_OUTPUT_VERSION,
      ok: false,
      dryRun,
      refused: {
        reason: `the linter rejects these schemas against what is deployed (${lint.errors} error(s)); nothing was applied`,
        lint,
      },
      counts: {},
      topics: [],
    };
  }
  const plans = planDeployment({
    report: lint,
    head,
    base: new Map(base.topics.map((topic) => [topic.topic, topic])),
    deployed: new Map(deployed.map((item) => [item.topic, item])),
  });
  const topics = dryRun
    ? plans.map(
        (plan): TopicResult => ({
          topic: plan.topic,
          change: plan.change,
          action: plan.action,
          fromVersion: plan.fromVersion,
          toVersion: plan.toVersion,
          status: plan.toStatus,
          outcome:
            plan.action === 'none'
              ? 'unchanged'
              : plan.action === 'blocked'
                ? 'blocked'
                : 'planned',
          done: [],
          ...(plan.evolutions.length > 0
            ? {
                columns: plan.evolutions.flatMap((evolution) => [
                  ...evolution.add.map((c) => `${evolution.layer}.${c.column} add ${c.type}`),
                  ...evolution.widen.map(
                    (c) => `${evolution.layer}.${c.column} widen to ${c.type}`,
                  ),
                ]),
              }
            : {}),
          ...(plan.reason ? { message: plan.reason } : {}),
        }),
      )
    : await applyPlan(plans, head, ports, options);
  const counts: DeployReport['counts'] = {};
  for (const topic of topics) counts[topic.outcome] = (counts[topic.outcome] ?? 0) + 1;
  return {
    version: DEPLOY_OUTPUT_VERSION,
    ok: topics.every((topic) => !FAILED_OUTCOMES.has(topic.outcome)),
    dryRun,
    counts,
    topics,
  };
}
