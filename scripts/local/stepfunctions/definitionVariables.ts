import type { ResourceNames } from '../../../lambdas/common/naming';

/**
 * The template variables of modules/orchestration/definitions/*.asl.json: exactly what Terraform's
 * templatefile() passes (modules/orchestration/main.tf, locals.definition_variables).
 */
export const DEFINITION_VARIABLES = [
  'checkpoints_function_arn',
  'standardize_job_name',
  'curate_job_name',
  'maintain_job_name',
  'locks_table_name',
  'checkpoint_table_name',
  'map_max_concurrency',
  'topics_per_glue_run',
  'metrics_namespace',
  'maintenance_interval_seconds',
  'rebuild_timeout_minutes',
  'rebuild_timeout_seconds',
  'rebuild_worker_type',
  'rebuild_number_of_workers',
] as const;
export type DefinitionVariable = (typeof DEFINITION_VARIABLES)[number];
export type DefinitionVariables = Record<DefinitionVariable, string | number>;

/** Fan-out defaults, the same as Terraform's `var.glue` defaults (variables.tf). */
export const DEFAULT_TOPICS_PER_GLUE_RUN = 25;
export const DEFAULT_MAP_MAX_CONCURRENCY = 10;
/** Terraform's `var.maintenance.interval_hours` default (24) in seconds. */
export const DEFAULT_MAINTENANCE_INTERVAL_SECONDS = 86_400;
/** Terraform's `var.glue.rebuild_timeout_minutes` / `rebuild_number_of_workers` defaults. */
export const DEFAULT_REBUILD_TIMEOUT_MINUTES = 240;
export const DEFAULT_REBUILD_NUMBER_OF_WORKERS = 10;
/** The Task state's own timeout: the Glue run's plus room for queueing and the .sync polling. */
export const REBUILD_STATE_SLACK_SECONDS = 900;

/**
 * The variables for a local deployment named `name` on the local endpoint.
 *
 * @example
 * localDefinitionVariables(resourceNames('lean-ops-local', LOCAL_ACCOUNT), { topicsPerGlueRun: 5 });
 */
export function localDefinitionVariables(
  names: ResourceNames,
  options: {
    topicsPerGlueRun?: number;
    mapMaxConcurrency?: number;
    metricsNamespace?: string;
    maintenanceIntervalSeconds?: number;
  } = {},
): DefinitionVariables {
  return {
    checkpoints_function_arn: `arn:aws:lambda:us-east-1:000000000000:function:${names.function('checkpoints')}`,
    standardize_job_name: names.glueJob('standardize'),
    curate_job_name: names.glueJob('curate'),
    maintain_job_name: names.glueJob('maintain'),
    locks_table_name: names.locksTable,
    checkpoint_table_name: names.checkpointTable,
    map_max_concurrency: options.mapMaxConcurrency ?? DEFAULT_MAP_MAX_CONCURRENCY,
    topics_per_glue_run: options.topicsPerGlueRun ?? DEFAULT_TOPICS_PER_GLUE_RUN,
    metrics_namespace: options.metricsNamespace ?? 'LeanOps',
    maintenance_interval_seconds:
      options.maintenanceIntervalSeconds ?? DEFAULT_MAINTENANCE_INTERVAL_SECONDS,
    rebuild_timeout_minutes: DEFAULT_REBUILD_TIMEOUT_MINUTES,
    rebuild_timeout_seconds: DEFAULT_REBUILD_TIMEOUT_MINUTES * 60 + REBUILD_STATE_SLACK_SECONDS,
    rebuild_worker_type: 'G.1X',
    rebuild_number_of_workers: DEFAULT_REBUILD_NUMBER_OF_WORKERS,
  };
}
