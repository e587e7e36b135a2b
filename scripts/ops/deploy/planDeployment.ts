import type { LintReport, TopicSchema } from '../registry';
import { REGISTRY_STATUS } from './constants';
import { tableEvolutions } from './tableEvolutions';
import type { DeployedTopic, ExpectedItem, HeadTopic, TopicPlan } from './types';

export interface PlanInput {
  /** The linter's report of head against the deployed registry (must be `ok`). */
  report: LintReport;
  head: ReadonlyMap<string, HeadTopic>;
  /** Deployed schemas (the base the report was computed against), by topic. */
  base: ReadonlyMap<string, TopicSchema>;
  /** Registry items, by topic (RETIRED ones included). */
  deployed: ReadonlyMap<string, DeployedTopic>;
}

/**
 * What to do per topic, from the linter's classification (`report.topics[].change`, never a
 * second implementation of the rules) and the topic's registry item. Pure: no AWS, no clock.
 *
 * Step order is chosen so a crash at any point is finished by a rerun: the registry write is
 * the commit point and comes last for register/evolve (everything before it is idempotent and
 * the rerun plans the same change again); for a breaking change it comes before the rebuild is
 * started, and a REBUILDING item is followed on every run (`follow-rebuild`), which starts the
 * deterministic execution if the crash came first.
 *
 * @example
 * const plans = planDeployment({ report, head, base, deployed });
 * plans.filter((plan) => plan.action !== 'none');
 */
export function planDeployment(input: PlanInput): TopicPlan[] {
  return input.report.topics.map((entry) => planTopic(entry.topic, entry.change, input));
}

function planTopic(
  topic: string,
  change: LintReport['topics'][number]['change'],
  { head, base, deployed }: PlanInput,
): TopicPlan {
  const item = deployed.get(topic);
  const expected: ExpectedItem = item
    ? { exists: true, version: item.version, status: item.status }
    : { exists: false };
  const headTopic = head.get(topic);
  const common = { topic, fromVersion: item?.version, expected, evolutions: [] };
  if (change === null) {
    // lintRegistry leaves `change` null only for an invalid head file, which is an error finding.
    throw new Error(`${topic}: no classification; deploy only a registry the linter accepted`);
  }
  const rebuildRunning = item?.status === REGISTRY_STATUS.REBUILDING;
  if (change === 'none') {
    if (rebuildRunning) {
      return {
        ...common,
        change,
        action: 'follow-rebuild',
        toVersion: item.version,
        toStatus: REGISTRY_STATUS.ACTIVE,
        steps: ['publish-current', 'start-rebuild', 'finish-rebuild'],
      };
    }
    return {
      ...common,
      change,
      action: 'none',
      toVersion: item?.version,
      toStatus: item?.status,
      steps: [],
    };
  }
  if (rebuildRunning && change !== 'added') {
    return {
      ...common,
      change,
      action: 'blocked',
      toVersion: item.version,
      toStatus: item.status,
      steps: [],
      reason: `the rebuild of version ${item.version} has not finished; deploy this change after it (lean-ops deploy-schemas follows it on every run)`,
    };
  }
  if (change === 'removed') {
    return {
      ...common,
      change,
      action: 'retire',
      toVersion: item?.version,
      toStatus: REGISTRY_STATUS.RETIRED,
      steps: item ? ['retire'] : [],
    };
  }
  if (!headTopic) throw new Error(`${topic}: classified ${change} but has no head file`);
  const toVersion = headTopic.schema.version;
  if (change === 'added') {
    return {
      ...common,
      change,
      action: 'register',
      toVersion,
      toStatus: REGISTRY_STATUS.ACTIVE,
      steps: ['publish-version', 'publish-current', 'register'],
    };
  }
  if (change === 'compatible') {
    const baseSchema = base.get(topic);
    if (!baseSchema) throw new Error(`${topic}: classified compatible without a deployed schema`);
    return {
      ...common,
      change,
      action: 'evolve',
      toVersion,
      // An operator's PAUSED survives a compatible change; anything else becomes ACTIVE.
      toStatus:
        item?.status === REGISTRY_STATUS.PAUSED ? REGISTRY_STATUS.PAUSED : REGISTRY_STATUS.ACTIVE,
      evolutions: tableEvolutions(baseSchema, headTopic.schema),
      steps: ['publish-version', 'evolve-tables', 'publish-current', 'register'],
    };
  }
  return {
    ...common,
    change,
    action: 'rebuild',
    toVersion,
    toStatus: REGISTRY_STATUS.REBUILDING,
    steps: ['publish-version', 'register', 'publish-current', 'start-rebuild'],
  };
}
