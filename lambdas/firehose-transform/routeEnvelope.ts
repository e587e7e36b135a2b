import { RESERVED_TABLE_NAMES, TOPIC_NAME_PATTERN, tableNameForTopic } from '../common/naming';
import { RAW_ENVELOPE_COLUMNS, type RawEnvelopeColumn } from '../common/rawEnvelopeColumns';

/**
 * Where one RAW envelope goes: a table, or nowhere (with the reason). `upgraded` is the record
 * re-encoded in the current shape when it arrived in the shape of an earlier processor.
 */
export type Route = { ok: true; table: string; upgraded?: string } | { ok: false; reason: string };

/** Why a column's value does not fit, or undefined when it does. */
function misfit(column: RawEnvelopeColumn, value: unknown): string | undefined {
  if (value === null) return column.nullable ? undefined : 'is null';
  switch (column.type) {
    case 'string':
      return typeof value === 'string' ? undefined : 'is not a string';
    case 'int':
      return Number.isSafeInteger(value) && Math.abs(value as number) < 2 ** 31
        ? undefined
        : 'is not a 32-bit integer';
    case 'timestamp':
      return Number.isSafeInteger(value) && (value as number) > 0
        ? undefined
        : 'is not epoch microseconds';
    default: {
      // struct<code:string,reason:string>: the DROP reason.
      const error = value as Record<string, unknown>;
      return typeof value === 'object' &&
        !Array.isArray(value) &&
        typeof error.code === 'string' &&
        typeof error.reason === 'string' &&
        Object.keys(error).length === 2
        ? undefined
        : 'is not {code, reason} strings';
    }
  }
}

/**
 * An envelope from a processor that predates schemas/raw-envelope.json (absent nullable columns,
 * ISO-8601 timestamps) in the current shape; records in flight across a deploy land instead of
 * failing. Returns undefined when nothing needed upgrading.
 */
function upgradeLegacy(fields: Record<string, unknown>): Record<string, unknown> | undefined {
  let changed = false;
  const upgraded: Record<string, unknown> = { ...fields };
  for (const column of RAW_ENVELOPE_COLUMNS) {
    const value = fields[column.name];
    if (value === undefined && column.nullable) {
      upgraded[column.name] = null;
      changed = true;
    } else if (column.type === 'timestamp' && typeof value === 'string') {
      const millis = Date.parse(value);
      if (!Number.isFinite(millis) || !/^\d{4}-\d\d-\d\dT.*Z$/.test(value)) continue;
      upgraded[column.name] = millis * 1_000;
      changed = true;
    }
  }
  return changed ? upgraded : undefined;
}

/**
 * Validates a decoded Firehose record against the RAW envelope (every column of
 * schemas/raw-envelope.json present with a value of its type, no other field) and picks its
 * table: `raw_errors` when it carries `error`, else the topic's RAW table. A topic that maps onto
 * a table the pipeline keeps for itself is never routed as data. Pure.
 *
 * @example
 * routeEnvelope('{"topic":"gps-position",…,"error":null}', 'raw_errors');
 * // → { ok: true, table: 'gps_position' }
 */
export function routeEnvelope(text: string, rawErrorsTable: string): Route {
  let envelope: unknown;
  try {
    envelope = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'record is not JSON' };
  }
  if (envelope === null || typeof envelope !== 'object' || Array.isArray(envelope)) {
    return { ok: false, reason: 'record is not a JSON object' };
  }
  const upgraded = upgradeLegacy(envelope as Record<string, unknown>);
  const fields = upgraded ?? (envelope as Record<string, unknown>);
  for (const column of RAW_ENVELOPE_COLUMNS) {
    if (!(column.name in fields))
      return { ok: false, reason: `envelope column ${column.name} is missing` };
    const problem = misfit(column, fields[column.name]);
    if (problem !== undefined)
      return { ok: false, reason: `envelope column ${column.name} ${problem}` };
  }
  const known = new Set<string>(RAW_ENVELOPE_COLUMNS.map((column) => column.name));
  const extra = Object.keys(fields).find((name) => !known.has(name));
  if (extra !== undefined)
    return { ok: false, reason: `envelope field ${extra} is not a RAW column` };

  const upgrade = upgraded === undefined ? {} : { upgraded: `${JSON.stringify(upgraded)}\n` };
  if (fields.error !== null) return { ok: true, table: rawErrorsTable, ...upgrade };
  const topic = fields.topic as string;
  if (!TOPIC_NAME_PATTERN.test(topic))
    return { ok: false, reason: `topic ${JSON.stringify(topic.slice(0, 64))} is not routable` };
  const table = tableNameForTopic(topic);
  if (table === rawErrorsTable || RESERVED_TABLE_NAMES.includes(table))
    return { ok: false, reason: `topic ${topic} maps onto the reserved table ${table}` };
  return { ok: true, table, ...upgrade };
}
