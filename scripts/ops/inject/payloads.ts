import type { FieldSpec, TopicSchema } from '../registry';
import type { SeededRandom } from '../registry/seededRandom';

/** Every generated timestamp counts from here, so runs with the same seed are identical. */
export const EPOCH_MS = Date.UTC(2026, 10, 1);
export const DEVICE_POOL = 40;

function decimalParts(type: string): { precision: number; scale: number } | undefined {
  const match = /^decimal\((\d+),\s*(\d+)\)$/.exec(type);
  return match ? { precision: Number(match[1]), scale: Number(match[2]) } : undefined;
}

/** A plausible random value of a declared type. */
export function randomValue(type: string, random: SeededRandom, fieldName: string): unknown {
  const decimal = decimalParts(type);
  if (decimal) {
    const max = 10 ** Math.min(decimal.precision - decimal.scale, 6) - 1;
    return Number((random.next() * max).toFixed(decimal.scale));
  }
  switch (type) {
    case 'string':
      return `${fieldName.split('.').at(-1)}-${random.int(1, 12)}`;
    case 'int':
      return random.int(0, 5_000);
    case 'long':
      return random.int(0, 2_000_000_000);
    case 'float':
    case 'double':
      return Number((random.next() * 1_000).toFixed(3));
    case 'boolean':
      return random.next() < 0.5;
    case 'date':
      return new Date(EPOCH_MS + random.int(0, 365) * 86_400_000).toISOString().slice(0, 10);
    case 'timestamp':
      return new Date(EPOCH_MS + random.int(0, 30 * 86_400) * 1_000).toISOString();
    default:
      return null;
  }
}

/** The value of a dedup-key field for event number `n`: unique per event (the device is pooled). */
export function keyValue(type: string, field: string, n: number, pooled: boolean): unknown {
  if (type === 'string')
    return pooled
      ? `veh-${String(n % DEVICE_POOL).padStart(3, '0')}`
      : `${field.split('.').at(-1)}-${n}`;
  if (type === 'timestamp') return new Date(EPOCH_MS + n * 1_000).toISOString();
  if (type === 'date') return new Date(EPOCH_MS + n * 86_400_000).toISOString().slice(0, 10);
  return n;
}

/** Sets `a.b.c` in a nested object. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (next === null || typeof next !== 'object') node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts.at(-1) as string] = value;
}

export function deletePath(target: Record<string, unknown>, path: string): void {
  const parts = path.split('.');
  let node: unknown = target;
  for (const part of parts.slice(0, -1))
    node = (node as Record<string, unknown> | undefined)?.[part];
  if (node && typeof node === 'object')
    delete (node as Record<string, unknown>)[parts.at(-1) as string];
}

/**
 * A valid payload of `schema` for event number `n`: every declared field, nested by its path,
 * dedup-key fields derived from `n` (unique), the orderBy field `orderByMs`.
 */
export function buildPayload(
  schema: TopicSchema,
  n: number,
  random: SeededRandom,
  orderByMs: number,
): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  const keyFields = schema.dedup.key;
  for (const [field, spec] of Object.entries(schema.fields) as [string, FieldSpec][]) {
    const keyIndex = keyFields.indexOf(field);
    let value: unknown;
    if (keyIndex >= 0)
      value = keyValue(spec.type, field, n, keyIndex === 0 && keyFields.length > 1);
    else if (field === schema.dedup.orderBy)
      value = spec.type === 'timestamp' ? new Date(orderByMs).toISOString() : orderByMs;
    else if (spec.nullable && !spec.cde && random.next() < 0.1) continue;
    else value = randomValue(spec.type, random, field);
    setPath(payload, field, value);
  }
  return payload;
}
