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
] as const;
export type DefinitionVariable = (typeof DEFINITION_VARIABLES)[number];
export type DefinitionVariables = Record<DefinitionVariable, string | number>;

/** Fan-out defaults, the same as Terraform's `var.glue` defaults (variables.tf). */
export const DEFAULT_TOPICS_PER_GLUE_RUN = 25;
export const DEFAULT_MAP_MAX_CONCURRENCY = 10;
/** Terraform's `var.maintenance.interval_hours` default (24) in seconds. */
export const DEFAULT_MAINTENANCE_INTERVAL_SECONDS = 86_400;

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
  };
}
