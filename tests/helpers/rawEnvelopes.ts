import { createHash } from 'node:crypto';
import type { RawEnvelope } from '../../lambdas/common/envelope';

/**
 * A RAW envelope as sqs-processor sends it (every column of schemas/raw-envelope.json, epoch
 * microsecond timestamps). An override of `undefined` removes the column, to build broken ones.
 */
export function rawEnvelope(
  overrides: Partial<Record<keyof RawEnvelope, unknown>> & Record<string, unknown> = {},
): Record<string, unknown> {
  const payload = typeof overrides.payload === 'string' ? overrides.payload : '{"device_id":"e-1"}';
  const envelope: Record<string, unknown> = {
    topic: 'engine-temperature',
    message_id: 'm-1',
    payload,
    payload_sha256: createHash('sha256').update(payload).digest('hex'),
    sent_at: Date.parse('2026-11-25T10:00:00.000Z') * 1_000,
    ingested_at: Date.parse('2026-11-25T10:00:01.000Z') * 1_000,
    receive_count: 1,
    source_arn: 'arn:aws:sqs:us-east-1:000000000000:lean-ops-local-topic-engine-temperature',
    message_group_id: null,
    sequence_number: null,
    error: null,
    ...overrides,
  };
  for (const [name, value] of Object.entries(envelope))
    if (value === undefined) delete envelope[name];
  return envelope;
}

/** A time in epoch microseconds, the wire format of RAW timestamps. */
export function micros(iso: string): number {
  return Date.parse(iso) * 1_000;
}
