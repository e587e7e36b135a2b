/** Status of a topic in the `<name>-schema-registry` table (docs/naming.md). */
export const REGISTRY_STATUS = {
  ACTIVE: 'ACTIVE',
  PAUSED: 'PAUSED',
  REBUILDING: 'REBUILDING',
  RETIRED: 'RETIRED',
} as const;

export type RegistryStatus = (typeof REGISTRY_STATUS)[keyof typeof REGISTRY_STATUS];

/** Version of `deploy-schemas --json` output; fields may be added within a version. */
export const DEPLOY_OUTPUT_VERSION = 1;

/**
 * Prefix of published schemas in the artifacts bucket. The Glue jobs read the current schema
 * of a topic at `schemas/<topic>.json` (`--schemas-uri s3://<artifacts>/schemas/`); every
 * deployed version is also kept, immutable, at `schemas/_versions/<topic>/v<version>.json`
 * (topic names never start with `_`, so the folder cannot collide with a topic).
 */
export const SCHEMAS_PREFIX = 'schemas/';

/** S3 key of the schema the Glue jobs read. */
export function currentSchemaKey(topic: string): string {
  return `${SCHEMAS_PREFIX}${topic}.json`;
}

/** S3 key of one deployed version: the deployed registry's base for the next classification. */
export function versionedSchemaKey(topic: string, version: number): string {
  return `${SCHEMAS_PREFIX}_versions/${topic}/v${version}.json`;
}

/**
 * Execution name of the rebuild of one topic version: deterministic, so a rerun finds (or
 * starts exactly once) the same execution. Step Functions names allow 80 characters of
 * `[A-Za-z0-9_-]`; a topic has at most 48.
 *
 * @example
 * rebuildExecutionName('sensor-b', 2); // 'schema-sensor-b-v2'
 */
export function rebuildExecutionName(topic: string, version: number): string {
  return `schema-${topic}-v${version}`;
}
