import { TOPIC_NAME_PATTERN, tableNameForTopic } from '../common/naming';

/** Where one RAW envelope goes: a table, or nowhere (with the reason). */
export type Route = { ok: true; table: string } | { ok: false; reason: string };

const REQUIRED_STRING_FIELDS = [
  'topic',
  'message_id',
  'payload',
  'payload_sha256',
  'ingested_at',
] as const;

/**
 * Validates a decoded Firehose record as a RAW envelope and picks its table: `raw_errors` when
 * it carries `error`, else the topic's RAW table. Pure.
 *
 * @example
 * routeEnvelope('{"topic":"gps-position","message_id":"m1","payload":"{}","payload_sha256":"…","ingested_at":"…"}', 'raw_errors');
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
  const fields = envelope as Record<string, unknown>;
  for (const name of REQUIRED_STRING_FIELDS) {
    if (typeof fields[name] !== 'string')
      return { ok: false, reason: `envelope field ${name} is missing or not a string` };
  }
  if (fields.error !== undefined) {
    const error = fields.error as Record<string, unknown> | null;
    if (error === null || typeof error !== 'object' || typeof error.code !== 'string') {
      return { ok: false, reason: 'envelope field error has no code' };
    }
    return { ok: true, table: rawErrorsTable };
  }
  const topic = fields.topic as string;
  if (!TOPIC_NAME_PATTERN.test(topic))
    return { ok: false, reason: `topic ${JSON.stringify(topic.slice(0, 64))} is not routable` };
  return { ok: true, table: tableNameForTopic(topic) };
}
