import {
  isWidening,
  memberPath,
  parseFieldType,
  parseTfvarsNames,
  pointerToPath,
} from '../../../../scripts/ops/registry';

describe('field types', () => {
  it.each([
    ['int', 'long', true],
    ['float', 'double', true],
    ['decimal(5,2)', 'decimal(10,2)', true],
    ['long', 'int', false],
    ['double', 'float', false],
    ['int', 'double', false],
    ['decimal(5,2)', 'decimal(10,3)', false],
    ['decimal(10,2)', 'decimal(5,2)', false],
    ['date', 'timestamp', false],
    ['int', 'int', false],
    ['nonsense', 'long', false],
  ])('%s → %s is a widening: %s', (from, to, expected) => {
    expect(isWidening(from, to)).toBe(expected);
  });

  it('parses decimals and rejects unknown types', () => {
    expect(parseFieldType('decimal(38,9)')).toEqual({ kind: 'decimal', precision: 38, scale: 9 });
    expect(parseFieldType('timestamp')).toEqual({ kind: 'timestamp' });
    expect(parseFieldType('decimal(1,2,3)')).toBeUndefined();
    expect(parseFieldType('varchar')).toBeUndefined();
  });
});

describe('JSONPath', () => {
  it.each([
    ['', '$'],
    ['/version', '$.version'],
    ['/fields/engine.coolant_c/type', '$.fields["engine.coolant_c"].type'],
    ['/dedup/key/1', '$.dedup.key[1]'],
    ['/fields/0', '$.fields["0"]'],
    ['/fields/a~1b', '$.fields["a/b"]'],
  ])('converts pointer %j to %s', (pointer, path) => {
    expect(pointerToPath(pointer)).toBe(path);
  });

  it('quotes members that are not identifiers', () => {
    expect(memberPath('$', 'a b')).toBe('$["a b"]');
    expect(memberPath('$', 'ok_1')).toBe('$.ok_1');
  });
});

describe('parseTfvarsNames', () => {
  it('reads project and environment and ignores everything else', () => {
    const text = [
      '# staging settings',
      'project     = "lean-ops"',
      'environment = "staging" # shared account',
      'region = "eu-west-1"',
      'tags = {',
      '  environment = "not-this-one"',
      '}',
    ].join('\n');

    expect(parseTfvarsNames(text)).toEqual({ project: 'lean-ops', environment: 'staging' });
  });

  it('ignores braces inside strings when skipping blocks', () => {
    const text = 'name_format = "{x}-{y"\nenvironment = "dev"\n';

    expect(parseTfvarsNames(text)).toEqual({ environment: 'dev' });
  });

  it('returns nothing for a file without the two names', () => {
    expect(parseTfvarsNames('region = "us-east-1"\n')).toEqual({});
    expect(parseTfvarsNames('')).toEqual({});
  });

  it('handles CRLF line endings and // comments', () => {
    expect(parseTfvarsNames('project = "acme"\r\nenvironment = "prod" // live\r\n')).toEqual({
      project: 'acme',
      environment: 'prod',
    });
  });
});
