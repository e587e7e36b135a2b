import { mapWithConcurrency } from '../../../lambdas/common/mapWithConcurrency';
import { REGISTRY_STATUS } from './constants';
import { RegistryConflictError } from './errors';
import type { DeployPorts } from './ports';
import type { DeployStep, HeadTopic, TopicPlan, TopicResult } from './types';

export interface ApplyOptions {
  /** Recorded on the registry item as `deployed_by`. */
  deployedBy: string;
  now?: () => Date;
  concurrency?: number;
  /** Test hook: called after each completed step (a throw here simulates a crash). */
  afterStep?: (topic: string, step: DeployStep) => void | Promise<void>;
}

const TERMINAL_FAILURES = new Set(['FAILED', 'TIMED_OUT', 'ABORTED']);

/**
 * Applies each topic's plan in its step order. Topics are independent: one topic's conflict or
 * failure is reported on that topic and the others go on.
 *
 * @example
 * const results = await applyPlan(plans, head, ports, { deployedBy: 'ci@3f2a1c9' });
 */
export async function applyPlan(
  plans: readonly TopicPlan[],
  head: ReadonlyMap<string, HeadTopic>,
  ports: DeployPorts,
  options: ApplyOptions,
): Promise<TopicResult[]> {
  return mapWithConcurrency(plans, options.concurrency ?? 8, (plan) =>
    applyTopic(plan, head.get(plan.topic), ports, options),
  );
}

async function applyTopic(
  plan: TopicPlan,
  head: HeadTopic | undefined,
  ports: DeployPorts,
  options: ApplyOptions,
): Promise<TopicResult> {
  const result: TopicResult = {
    topic: plan.topic,
    change: plan.change,
    action: plan.action,
    fromVersion: plan.fromVersion,
    toVersion: plan.toVersion,
    status: plan.expected.exists ? plan.expected.status : undefined,
    outcome: 'unchanged',
    done: [],
  };
  if (plan.action === 'none') return result;
  if (plan.action === 'blocked') return { ...result, outcome: 'blocked', message: plan.reason };
  const audit = () => ({
    deployedBy: options.deployedBy,
    deployedAt: (options.now?.() ?? new Date()).toISOString(),
  });
  try {
    for (const step of plan.steps) {
      await runStep(step, plan, head, ports, audit, result);
      result.done.push(step);
      await options.afterStep?.(plan.topic, step);
    }
  } catch (error) {
    const conflict = error instanceof RegistryConflictError;
    return {
      ...result,
      outcome: conflict ? 'conflict' : 'failed',
      message: error instanceof Error ? error.message : String(error),
    };
  }
  return { ...result, outcome: finalOutcome(plan, result) };
}

async function runStep(
  step: DeployStep,
  plan: TopicPlan,
  head: HeadTopic | undefined,
  ports: DeployPorts,
  audit: () => { deployedBy: string; deployedAt: string },
  result: TopicResult,
): Promise<void> {
  const version = plan.toVersion as number;
  switch (step) {
    case 'publish-version':
      await ports.schemas.publishVersion(
        plan.topic,
        version,
        needHead(plan, head).bytes,
        needHead(plan, head).sha256,
      );
      return;
    case 'publish-current': {
      // follow-rebuild has no head change but the head bytes are the registered version's.
      const topic = needHead(plan, head);
      await ports.schemas.publishCurrent(plan.topic, topic.bytes, topic.sha256);
      return;
    }
    case 'evolve-tables': {
      const tables = await ports.tables.evolve(plan.topic, plan.evolutions);
      result.columns = tables.flatMap((table) => [
        ...table.added.map((column) => `${table.layer}.${column} added`),
        ...table.widened.map((column) => `${table.layer}.${column} widened`),
      ]);
      return;
    }
    case 'register': {
      const topic = needHead(plan, head);
      const { deployedBy, deployedAt } = audit();
      await ports.registry.register(
        {
          topic: plan.topic,
          version,
          sha256: topic.sha256,
          status: plan.toStatus ?? REGISTRY_STATUS.ACTIVE,
          deployedBy,
          deployedAt,
        },
        plan.expected,
      );
      result.status = plan.toStatus;
      return;
    }
    case 'start-rebuild': {
      const execution = await ports.rebuilder.ensureStarted(
        plan.topic,
        version,
        `schema ${plan.topic} v${version}: breaking change`,
      );
      result.rebuildExecutionArn = execution.executionArn;
      result.rebuildStatus = execution.status;
      result.status = REGISTRY_STATUS.REBUILDING;
      await ports.registry.recordRebuild(plan.topic, version, execution.executionArn);
      return;
    }
    case 'finish-rebuild': {
      const status = result.rebuildStatus;
      if (status === 'SUCCEEDED') {
        await ports.registry.transition(
          plan.topic,
          version,
          REGISTRY_STATUS.REBUILDING,
          REGISTRY_STATUS.ACTIVE,
          audit(),
        );
        result.status = REGISTRY_STATUS.ACTIVE;
      } else if (status && TERMINAL_FAILURES.has(status)) {
        throw new Error(
          `the rebuild ${result.rebuildExecutionArn} ended ${status}: the topic stays REBUILDING and paused; see docs/orchestration.md §2, then rerun deploy-schemas`,
        );
      }
      return;
    }
    case 'retire':
      await ports.registry.transition(
        plan.topic,
        version,
        plan.expected.exists ? plan.expected.status : REGISTRY_STATUS.ACTIVE,
        REGISTRY_STATUS.RETIRED,
        audit(),
      );
      result.status = REGISTRY_STATUS.RETIRED;
      return;
  }
}

function needHead(plan: TopicPlan, head: HeadTopic | undefined): HeadTopic {
  if (!head) throw new Error(`${plan.topic}: step needs the topic file, which is missing`);
  return head;
}

function finalOutcome(plan: TopicPlan, result: TopicResult): TopicResult['outcome'] {
  switch (plan.action) {
    case 'register':
    case 'evolve':
      return 'deployed';
    case 'rebuild':
      return 'rebuilding';
    case 'retire':
      return 'retired';
    case 'follow-rebuild':
      return result.status === REGISTRY_STATUS.ACTIVE ? 'rebuilt' : 'rebuilding';
    default:
      return 'unchanged';
  }
}
