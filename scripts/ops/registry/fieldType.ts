import { DECIMAL_MAX_PRECISION } from './constants';

export type FieldType =
  | { kind: 'string' | 'int' | 'long' | 'float' | 'double' | 'boolean' | 'date' | 'timestamp' }
  | { kind: 'decimal'; precision: number; scale: number };

const DECIMAL = /^decimal\(([0-9]{1,2}),([0-9]{1,2})\)$/;
const SIMPLE = new Set([
  'string',
  'int',
  'long',
  'float',
  'double',
  'boolean',
  'date',
  'timestamp',
]);

/**
 * Parses a field type string; undefined for anything the schema format does not allow.
 *
 * @example
 * parseFieldType('decimal(10,2)'); // { kind: 'decimal', precision: 10, scale: 2 }
 */
export function parseFieldType(type: string): FieldType | undefined {
  if (SIMPLE.has(type)) return { kind: type as 'string' };
  const match = DECIMAL.exec(type);
  if (!match) return undefined;
  return { kind: 'decimal', precision: Number(match[1]), scale: Number(match[2]) };
}

/** A decimal whose precision and scale Iceberg and Spark accept (1 ≤ p ≤ 38, 0 ≤ s ≤ p). */
export function isValidDecimal(type: FieldType): boolean {
  if (type.kind !== 'decimal') return true;
  return (
    type.precision >= 1 && type.precision <= DECIMAL_MAX_PRECISION && type.scale <= type.precision
  );
}

/**
 * Whether changing a column from `from` to `to` is a widening Iceberg applies in place:
 * int → long, float → double, decimal(p,s) → decimal(p',s) with p' > p.
 *
 * @example
 * isWidening('int', 'long'); // true
 * isWidening('long', 'int'); // false
 */
export function isWidening(from: string, to: string): boolean {
  const a = parseFieldType(from);
  const b = parseFieldType(to);
  if (!a || !b) return false;
  if (a.kind === 'int' && b.kind === 'long') return true;
  if (a.kind === 'float' && b.kind === 'double') return true;
  return (
    a.kind === 'decimal' && b.kind === 'decimal' && b.scale === a.scale && b.precision > a.precision
  );
}

/** Floating-point values make poor identity: 0.1 + 0.2 !== 0.3 and NaN !== NaN. */
export function isFloatingPoint(type: string): boolean {
  const parsed = parseFieldType(type);
  return parsed?.kind === 'float' || parsed?.kind === 'double';
}

/** Types that order a duplicate group deterministically (dedup keep "last"). */
export function isOrderable(type: string): boolean {
  const kind = parseFieldType(type)?.kind;
  return kind === 'timestamp' || kind === 'int' || kind === 'long';
}
