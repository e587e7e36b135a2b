import { indexPath, memberPath, ROOT_PATH } from './jsonPath';

export interface DuplicateKey {
  path: string;
  offset: number;
}

export interface JsonParseSuccess {
  ok: true;
  value: unknown;
  /** Members that appear twice in one object; the last one wins, as in JSON.parse. */
  duplicateKeys: DuplicateKey[];
  /**
   * Offset of every value (of the member name, for object members) by JSONPath; empty unless
   * `trackOffsets` was set. Duplicate-key paths are likewise `''` without it.
   */
  offsets: Map<string, number>;
}

export interface JsonParseFailure {
  ok: false;
  kind: 'syntax' | 'depth';
  message: string;
  offset: number;
}

export type JsonParseResult = JsonParseSuccess | JsonParseFailure;

class JsonStop extends Error {
  constructor(
    readonly kind: 'syntax' | 'depth',
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/**
 * Parses RFC 8259 JSON without trusting it: reports duplicate keys (JSON.parse hides them),
 * stops at `maxDepth` nesting instead of overflowing the stack, keeps the offset of every value
 * for line/column findings, and defines `__proto__` members as plain data.
 *
 * @example
 * const result = parseJsonStrict('{"a": 1, "a": 2}', 64);
 * if (result.ok) result.duplicateKeys; // [{ path: '$.a', offset: 9 }]
 */
export function parseJsonStrict(
  text: string,
  maxDepth: number,
  options: { trackOffsets?: boolean } = {},
): JsonParseResult {
  // Building a JSONPath per value costs more than the parse itself; callers that only need
  // positions for the rare file with findings parse again with tracking on.
  const track = options.trackOffsets ?? true;
  const duplicateKeys: DuplicateKey[] = [];
  const offsets = new Map<string, number>();
  let pos = 0;

  const fail = (message: string, at = pos): never => {
    throw new JsonStop('syntax', message, at);
  };
  const describe = (at: number): string =>
    at >= text.length ? 'end of input' : `${JSON.stringify(text[at])}`;

  const skipWhitespace = (): void => {
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) pos++;
      else break;
    }
  };

  const parseString = (): string => {
    const start = pos;
    pos++; // opening quote
    let out = '';
    let chunkStart = pos;
    while (true) {
      if (pos >= text.length) fail('unterminated string', start);
      const c = text.charCodeAt(pos);
      if (c === 0x22) {
        out += text.slice(chunkStart, pos);
        pos++;
        return out;
      }
      if (c < 0x20) fail('control character in string (escape it)');
      if (c === 0x5c) {
        out += text.slice(chunkStart, pos);
        const e = text[pos + 1];
        if (e === 'u') {
          const hex = text.slice(pos + 2, pos + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('invalid \\u escape');
          out += String.fromCharCode(Number.parseInt(hex, 16));
          pos += 6;
        } else if (e !== undefined && Object.hasOwn(ESCAPES, e)) {
          out += ESCAPES[e];
          pos += 2;
        } else {
          fail('invalid escape sequence');
        }
        chunkStart = pos;
        continue;
      }
      pos++;
    }
  };

  const parseValue = (path: string, depth: number): unknown => {
    skipWhitespace();
    // Object members keep the offset of their name, set by parseObject.
    if (track && !offsets.has(path)) offsets.set(path, pos);
    const c = text[pos];
    if (c === '{' || c === '[') {
      if (depth >= maxDepth) {
        throw new JsonStop('depth', `nesting deeper than ${maxDepth} levels`, pos);
      }
      return c === '{' ? parseObject(path, depth + 1) : parseArray(path, depth + 1);
    }
    if (c === '"') return parseString();
    if (c === 't' && text.startsWith('true', pos)) return literal(4, true);
    if (c === 'f' && text.startsWith('false', pos)) return literal(5, false);
    if (c === 'n' && text.startsWith('null', pos)) return literal(4, null);
    NUMBER.lastIndex = pos;
    const match = NUMBER.exec(text);
    if (match) {
      pos += match[0].length;
      return Number(match[0]);
    }
    return fail(`unexpected ${describe(pos)}, expected a value`);
  };

  const literal = (length: number, value: boolean | null): boolean | null => {
    pos += length;
    return value;
  };

  const parseObject = (path: string, depth: number): Record<string, unknown> => {
    pos++;
    const result: Record<string, unknown> = {};
    skipWhitespace();
    if (text[pos] === '}') {
      pos++;
      return result;
    }
    while (true) {
      skipWhitespace();
      if (text[pos] !== '"') fail(`unexpected ${describe(pos)}, expected a member name in quotes`);
      const keyOffset = pos;
      const key = parseString();
      const memberAt = track ? memberPath(path, key) : '';
      if (Object.hasOwn(result, key)) duplicateKeys.push({ path: memberAt, offset: keyOffset });
      if (track) offsets.set(memberAt, keyOffset);
      skipWhitespace();
      if (text[pos] !== ':') fail(`unexpected ${describe(pos)}, expected ':'`);
      pos++;
      const value = parseValue(memberAt, depth);
      if (key === '__proto__') {
        // Plain assignment would replace the prototype; defineProperty keeps it as data.
        Object.defineProperty(result, key, {
          value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      } else {
        result[key] = value;
      }
      skipWhitespace();
      if (text[pos] === ',') {
        pos++;
        continue;
      }
      if (text[pos] === '}') {
        pos++;
        return result;
      }
      fail(`unexpected ${describe(pos)}, expected ',' or '}'`);
    }
  };

  const parseArray = (path: string, depth: number): unknown[] => {
    pos++;
    const result: unknown[] = [];
    skipWhitespace();
    if (text[pos] === ']') {
      pos++;
      return result;
    }
    while (true) {
      result.push(parseValue(track ? indexPath(path, result.length) : '', depth));
      skipWhitespace();
      if (text[pos] === ',') {
        pos++;
        continue;
      }
      if (text[pos] === ']') {
        pos++;
        return result;
      }
      fail(`unexpected ${describe(pos)}, expected ',' or ']'`);
    }
  };

  try {
    const value = parseValue(ROOT_PATH, 0);
    skipWhitespace();
    if (pos < text.length) fail(`unexpected ${describe(pos)} after the JSON value`);
    return { ok: true, value, duplicateKeys, offsets };
  } catch (error) {
    if (error instanceof JsonStop) {
      return { ok: false, kind: error.kind, message: error.message, offset: error.offset };
    }
    throw error;
  }
}
