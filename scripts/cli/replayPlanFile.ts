import { readFileSync, writeFileSync } from 'node:fs';
import { buildReplayPlan, parseReplayPlan, type ReplayPlan } from '../ops/dlq/replayPlan';
import type { ReplayableItem, ReplayTargetNames } from '../ops/dlq/types';
import { UsageError } from './output';

/** The replay-dlq flags a plan replaces: a planned run sends what its dry run chose. */
const SELECTION_FLAGS = {
  topic: '--topic',
  since: '--since',
  until: '--until',
  errorCode: '--error-code',
  messageId: '--message-id',
  limit: '--limit',
  force: '--force',
  dryRun: '--dry-run',
} as const;

interface PlanFlags {
  plan?: string;
  savePlan?: string;
  dryRun?: boolean;
  [flag: string]: unknown;
}

/** Usage errors of --plan and --save-plan, before any AWS call. */
export function checkPlanFlags(options: PlanFlags): void {
  if (options.savePlan !== undefined && !options.dryRun)
    throw new UsageError(
      '--save-plan <file> goes with --dry-run: it saves what the dry run would send',
    );
  if (options.plan === undefined) return;
  for (const [option, flag] of Object.entries(SELECTION_FLAGS)) {
    const value = options[option];
    if (value !== undefined && value !== false && !(Array.isArray(value) && value.length === 0))
      throw new UsageError(`--plan sends what its dry run selected: ${flag} cannot be added to it`);
  }
}

/** Reads `--plan <file>` for these targets; a plan of another deployment is a usage error. */
export function readPlanFile(path: string, targets: ReplayTargetNames): ReplayPlan {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--plan ${path}: ${(error as Error).message}`);
  }
  try {
    return parseReplayPlan(text, path, targets);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Writes `--save-plan <file>`: the dry run's sendable messages, pinned to these targets. */
export function savePlanFile(
  path: string,
  targets: ReplayTargetNames,
  force: boolean,
  sendable: readonly ReplayableItem[],
): void {
  const plan = buildReplayPlan(targets, force, sendable, new Date());
  writeFileSync(path, `${JSON.stringify(plan, null, 2)}\n`);
}
