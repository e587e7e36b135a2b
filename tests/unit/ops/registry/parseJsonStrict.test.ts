import fc from 'fast-check';
import { parseJsonStrict } from '../../../../scripts/ops/registry';
import { createLineIndex } from '../../../../scripts/ops/registry/lineIndex';

describe('parseJsonStrict', () => {
  it('parses what JSON.parse parses, to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 2), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        const result = parseJsonStrict(text, 1000);
        expect(result.ok).toBe(true);
        if (result.ok) expect(result.value).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('rejects what JSON.parse rejects', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        let native = true;
        try {
          JSON.parse(text);
        } catch {
          native = false;
        }
        expect(parseJsonStrict(text, 1000).ok).toBe(native);
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    ['a trailing comma', '{"a": 1,}', 1, 9],
    ['a single-quoted string', "{'a': 1}", 1, 2],
    ['a comment', '{\n  // note\n  "a": 1\n}', 2, 3],
    ['a line break inside a string', '{\n"a": "x\n}', 2, 8],
    ['an unterminated string', '"abc', 1, 1],
    ['a raw control character', '"a\tb"', 1, 3],
    ['text after the value', '{} {}', 1, 4],
    ['a leading zero', '012', 1, 2],
  ])('reports the position of %s', (_name, text, line, column) => {
    const result = parseJsonStrict(text, 64);

    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.kind).toBe('syntax');
      expect(createLineIndex(text)(result.offset)).toEqual({ line, column });
    }
  });

  it('reports every duplicate key with its path, keeping the last value as JSON.parse does', () => {
    const text = '{"a": 1, "b": {"c": 1, "c": 2}, "a": 3}';

    const result = parseJsonStrict(text, 64);

    expect(result.ok && result.duplicateKeys.map((d) => d.path)).toEqual(['$.b.c', '$.a']);
    expect(result.ok && result.value).toEqual({ a: 3, b: { c: 2 } });
  });

  it('stops at the depth limit instead of overflowing the stack', () => {
    const result = parseJsonStrict(`${'['.repeat(100_000)}${']'.repeat(100_000)}`, 64);

    expect(result).toMatchObject({ ok: false, kind: 'depth', offset: 64 });
  });

  it('accepts nesting exactly at the limit', () => {
    expect(parseJsonStrict('[[[]]]', 3).ok).toBe(true);
    expect(parseJsonStrict('[[[[]]]]', 3).ok).toBe(false);
  });

  it('keeps __proto__ as data without touching the prototype', () => {
    const result = parseJsonStrict('{"__proto__": {"polluted": true}}', 64);

    expect(result.ok).toBe(true);
    const value = result.ok ? (result.value as Record<string, unknown>) : {};
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('records the offset of member names and array items by JSONPath', () => {
    const text =
      '{\n  "fields": {\n    "engine.rpm": {"type": "int"}\n  },\n  "key": ["a", "b"]\n}';

    const result = parseJsonStrict(text, 64);

    const at = (path: string) =>
      result.ok ? createLineIndex(text)(result.offsets.get(path) ?? -1) : undefined;
    expect(at('$.fields["engine.rpm"]')).toEqual({ line: 3, column: 5 });
    expect(at('$.fields["engine.rpm"].type')).toEqual({ line: 3, column: 20 });
    expect(at('$.key[1]')).toEqual({ line: 5, column: 16 });
  });

  it('decodes escapes, including unicode escapes', () => {
    const result = parseJsonStrict('"a\\n\\u00e9\\"\\\\\\/"', 64);

    expect(result.ok && result.value).toBe('a\né"\\/');
  });
});
