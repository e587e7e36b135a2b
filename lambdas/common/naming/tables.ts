/** The shared error table of the RAW database: envelopes the transform could not route. */
export const RAW_ERRORS_TABLE = 'raw_errors';

/** The shared error table of the curated database: rows a critical-data-element check rejected. */
export const CURATED_ERRORS_TABLE = 'curated_errors';

/** Shared Iceberg table names (docs/naming.md): no topic may map onto them. */
export const RESERVED_TABLE_NAMES: readonly string[] = [RAW_ERRORS_TABLE, CURATED_ERRORS_TABLE];

/**
 * The Iceberg table name of a topic (the same in the raw, standardized and curated databases):
 * the topic with `-` replaced by `_`. Accepts a topic name or a topic.
 *
 * @example
 * tableNameForTopic('engine-temperature'); // 'engine_temperature'
 * tableNameForTopic({ topic: 'door-events' }); // 'door_events'
 */
export function tableNameForTopic(topic: string | { topic: string }): string {
  const name = typeof topic === 'string' ? topic : topic.topic;
  return name.replaceAll('-', '_');
}

/**
 * The standardized and curated column of a flattened field path: `.` becomes `__`
 * (docs/naming.md). Glue lower-cases column names, so compare them lower-cased.
 *
 * @example
 * columnNameForField('engine.coolant_c'); // 'engine__coolant_c'
 */
export function columnNameForField(path: string): string {
  return path.replaceAll('.', '__');
}

/**
 * Columns starting with `_` belong to the pipeline (`_message_id`, `_dedup_key`, `_std_seq`,
 * `_curated_at`, the jobs' `__lean_ops_*` working columns): a topic field may not become one.
 */
export const RESERVED_COLUMN_PREFIX = '_';

/** Whether a field's column is one the pipeline keeps for itself (compared lower-cased). */
export function isReservedColumn(column: string): boolean {
  return column.toLowerCase().startsWith(RESERVED_COLUMN_PREFIX);
}

/** The Glue databases of a deployment `<name>`: `<db>_raw`, ... with `<db>` = `<name>`, `-` → `_`. */
export function databaseNamesFor(deploymentName: string) {
  const db = deploymentName.replaceAll('-', '_');
  return {
    raw: `${db}_raw`,
    standardized: `${db}_standardized`,
    curated: `${db}_curated`,
  } as const;
}
