import {
  type NotReplayed,
  NotReplayedCode,
  type ReplayableItem,
  type ReplayTargetNames,
} from './types';

/** Version of the plan file `replay-dlq --dry-run --save-plan` writes. */
export const REPLAY_PLAN_VERSION = 1;

/**
 * One message a reviewed dry run said would be sent, pinned by its index key, body hash, status
 * and replay count: a real run sends it only while all four are as the dry run saw them.
 */
export interface ReplayPlanItem {
  topic: string;
  sk: string;
  message_id: string;
  sha256: string;
  status: string;
  replay_count: number;
}

/**
 * A reviewed dry run, as `terraform plan -out` is: the deployment it was made against and exactly
 * the messages it would send. `replay-dlq --plan` sends those and nothing else.
 */
export interface ReplayPlan {
  version: typeof REPLAY_PLAN_VERSION;
  created_at: string;
  targets: ReplayTargetNames;
  /** The dry run's --force: the real run reads REPLAYED items too, as the dry run did. */
  force: boolean;
  items: ReplayPlanItem[];
}

/** The plan of a dry run's sendable candidates. */
export function buildReplayPlan(
  targets: ReplayTargetNames,
  force: boolean,
  sendable: readonly ReplayableItem[],
  now: Date,
): ReplayPlan {
  return {
    version: REPLAY_PLAN_VERSION,
    created_at: now.toISOString(),
    targets,
    force,
    items: sendable.map(({ topic, sk, message_id, sha256, status, replay_count }) => ({
      topic,
      sk,
      message_id,
      sha256,
      status,
      replay_count: replay_count ?? 0,
    })),
  };
}

/** Why a plan file cannot be used; the CLI reports it as a usage error (exit 2). */
export class ReplayPlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReplayPlanError';
  }
}

/**
 * Parses a plan file's text and checks it was made for these targets (index table, archive
 * bucket, queue prefix): a plan of another deployment or account is refused, never adapted.
 */
export function parseReplayPlan(
  text: string,
  source: string,
  targets: ReplayTargetNames,
): ReplayPlan {
  let plan: ReplayPlan;
  try {
    plan = JSON.parse(text) as ReplayPlan;
  } catch (error) {
    throw new ReplayPlanError(`${source} is not a replay plan: ${(error as Error).message}`);
  }
  if (plan?.version !== REPLAY_PLAN_VERSION || !Array.isArray(plan.items) || !plan.targets)
    throw new ReplayPlanError(
      `${source} is not a replay plan of version ${REPLAY_PLAN_VERSION} (make one with --dry-run --save-plan)`,
    );
  for (const field of ['indexTable', 'archiveBucket', 'queueNamePrefix'] as const) {
    if (plan.targets[field] !== targets[field])
      throw new ReplayPlanError(
        `${source} was made for ${field} ${plan.targets[field]}, this command targets ${targets[field]}: run its dry run against this deployment`,
      );
  }
  for (const item of plan.items) {
    const strings = [item?.topic, item?.sk, item?.message_id, item?.sha256, item?.status];
    if (!strings.every((v) => typeof v === 'string') || typeof item.replay_count !== 'number')
      throw new ReplayPlanError(
        `${source} has an item without topic, sk, message_id, sha256, status and replay_count`,
      );
  }
  return plan;
}

/**
 * Restricts a selection to a plan: candidates the plan names, unchanged since the dry run;
 * refusals of planned items only; every other planned item (replayed, gone or changed since)
 * reported as PLAN_CHANGED, except what the run being resumed already sent. Pure.
 */
export function restrictToPlan(
  selected: { candidates: ReplayableItem[]; refused: NotReplayed[] },
  plan: ReplayPlan,
  sentByResumedRun: readonly ReplayableItem[] = [],
): { candidates: ReplayableItem[]; refused: NotReplayed[] } {
  const key = (item: { topic: string; sk: string }) => `${item.topic} ${item.sk}`;
  const planned = new Map(plan.items.map((item) => [key(item), item]));
  const unchanged = (item: ReplayableItem) => {
    const seen = planned.get(key(item));
    return (
      seen !== undefined &&
      seen.sha256 === item.sha256 &&
      seen.status === item.status &&
      seen.replay_count === (item.replay_count ?? 0)
    );
  };
  const candidates = selected.candidates.filter(unchanged);
  const refused = selected.refused.filter((entry) => planned.has(key(entry)));
  const accounted = new Set([...candidates, ...refused, ...sentByResumedRun].map(key));
  for (const item of plan.items) {
    if (accounted.has(key(item))) continue;
    refused.push({
      topic: item.topic,
      message_id: item.message_id,
      sk: item.sk,
      code: NotReplayedCode.PLAN_CHANGED,
      reason:
        'no longer as the dry run saw it (replayed, expired or its body changed since): make a new plan',
    });
  }
  return { candidates, refused };
}
