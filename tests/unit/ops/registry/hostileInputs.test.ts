import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  FINDING_CODES,
  type FindingCode,
  lintRegistry,
  loadRegistry,
  parseTopicFile,
  RegistrySourceError,
} from '../../../../scripts/ops/registry';
import { aTopic } from '../../../helpers/registryFactories';

const valid = JSON.stringify(aTopic(), null, 2);
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

interface HostileCase {
  name: string;
  code: FindingCode;
  /** Writes the hostile entry `engine-temperature.json` into `dir` (outside: a folder beside it). */
  make: (dir: string, outside: string) => void;
  line?: number;
  /** Whether the document is still validated and linted despite the finding. */
  stillLinted?: boolean;
}

const file = 'engine-temperature.json';
const cases: HostileCase[] = [
  {
    name: 'invalid JSON',
    code: FINDING_CODES.JSON_SYNTAX,
    make: (dir) =>
      writeFileSync(join(dir, file), '{\n  "topic": "engine-temperature",\n  "version": 1,,\n}'),
    line: 3,
  },
  {
    name: 'an empty file',
    code: FINDING_CODES.JSON_SYNTAX,
    make: (dir) => writeFileSync(join(dir, file), ''),
  },
  {
    name: 'a UTF-8 byte order mark',
    code: FINDING_CODES.ENCODING_BOM,
    make: (dir) =>
      writeFileSync(
        join(dir, file),
        Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(valid)]),
      ),
    line: 1,
    stillLinted: true,
  },
  {
    name: 'duplicate keys',
    code: FINDING_CODES.JSON_DUPLICATE_KEY,
    make: (dir) =>
      writeFileSync(
        join(dir, file),
        valid.replace('"version": 1,', '"version": 1,\n  "version": 2,'),
      ),
    line: 4,
    stillLinted: true,
  },
  {
    name: 'a 20 MB file',
    code: FINDING_CODES.FILE_TOO_LARGE,
    make: (dir) => writeFileSync(join(dir, file), Buffer.alloc(20 * 1024 * 1024, 0x20)),
  },
  {
    name: 'nesting 10,000 deep',
    code: FINDING_CODES.JSON_TOO_DEEP,
    make: (dir) =>
      writeFileSync(join(dir, file), `{"topic": "engine-temperature", "x": ${nested(10_000)}}`),
  },
  {
    name: 'unknown keys',
    code: FINDING_CODES.SCHEMA_UNKNOWN_KEY,
    make: (dir) => {
      const topic = aTopic() as unknown as Record<string, Record<string, unknown>>;
      writeFileSync(
        join(dir, file),
        JSON.stringify({ ...topic, colour: 'red', dedup: { ...topic.dedup, mode: 1 } }),
      );
    },
  },
  {
    name: 'wrong types everywhere',
    code: FINDING_CODES.SCHEMA_WRONG_TYPE,
    make: (dir) =>
      writeFileSync(
        join(dir, file),
        JSON.stringify({
          topic: 7,
          version: '1',
          owner: [],
          description: null,
          queue: true,
          rebuild: 'yes',
          dedup: { key: 'device_id', keep: 1, orderBy: {} },
          fields: { a: 'string', b: { type: 3, nullable: 'no', cde: 0, description: [] } },
        }),
      ),
  },
  {
    name: 'a JSON array instead of an object',
    code: FINDING_CODES.SCHEMA_WRONG_TYPE,
    make: (dir) => writeFileSync(join(dir, file), '[1, 2, 3]'),
  },
  {
    name: 'a __proto__ member',
    code: FINDING_CODES.SCHEMA_UNKNOWN_KEY,
    make: (dir) =>
      writeFileSync(join(dir, file), valid.replace('{', '{ "__proto__": { "polluted": true },')),
  },
  {
    name: 'a symlink leaving the repository',
    code: FINDING_CODES.SYMLINK_OUTSIDE_ROOT,
    make: (dir, outside) => {
      writeFileSync(join(outside, 'secret.json'), valid);
      symlinkSync(join(outside, 'secret.json'), join(dir, file));
    },
  },
  {
    name: 'a dangling symlink',
    code: FINDING_CODES.FILE_UNREADABLE,
    make: (dir) => symlinkSync(join(dir, 'nowhere.json'), join(dir, file)),
  },
  {
    name: 'a non-UTF-8 file',
    code: FINDING_CODES.ENCODING_NOT_UTF8,
    make: (dir) =>
      writeFileSync(join(dir, file), Buffer.from('{\n  "owner": "caf\xe9"\n}', 'latin1')),
    line: 2,
  },
  {
    name: 'a UTF-16 file',
    code: FINDING_CODES.ENCODING_NOT_UTF8,
    make: (dir) =>
      writeFileSync(
        join(dir, file),
        Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(valid, 'utf16le')]),
      ),
  },
  {
    name: 'a folder named like a topic file',
    code: FINDING_CODES.NOT_A_REGULAR_FILE,
    make: (dir) => mkdirSync(join(dir, file)),
  },
];

describe('hostile topic files', () => {
  let root: string;
  let registryDir: string;
  let outside: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'lean-ops-hostile-'));
    registryDir = join(root, 'repo', 'schemas', 'topics');
    outside = join(root, 'elsewhere');
    mkdirSync(registryDir, { recursive: true });
    mkdirSync(outside);
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it.each(cases)(
    'reports $code for $name, without throwing',
    ({ code, make, line, stillLinted }) => {
      // Prepare
      make(registryDir, outside);

      // Act
      const registry = loadRegistry(registryDir, { root: join(root, 'repo') });
      const report = lintRegistry(registry, registry);

      // Assess
      const [topicReport] = report.topics;
      expect(report.topics).toHaveLength(1);
      expect(report.ok).toBe(false);
      const finding = topicReport?.findings.find((f) => f.code === code);
      expect(finding).toMatchObject({ severity: 'error', file: expect.stringContaining(file) });
      expect(finding?.hint.length).toBeGreaterThan(0);
      if (line !== undefined) expect(finding?.line).toBe(line);
      expect(registry.topics).toEqual([]);
      expect(registry.files[0]?.schema !== undefined).toBe(stillLinted ?? false);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );

  it('reads a symlink that stays inside the repository', () => {
    // Prepare
    writeFileSync(join(root, 'repo', 'shared.json'), valid);
    symlinkSync(join(root, 'repo', 'shared.json'), join(registryDir, file));

    // Act
    const registry = loadRegistry(registryDir, { root: join(root, 'repo') });

    // Assess
    expect(registry.findings).toEqual([]);
    expect(registry.topics.map((t) => t.topic)).toEqual(['engine-temperature']);
  });

  it('ignores files that are not *.json', () => {
    writeFileSync(join(registryDir, 'README.md'), '# not a topic');
    writeFileSync(join(registryDir, file), valid);

    const registry = loadRegistry(registryDir, { root });

    expect(registry.files.map((f) => f.name)).toEqual([file]);
  });

  it('throws a RegistrySourceError for a missing folder', () => {
    expect(() => loadRegistry(join(root, 'missing'))).toThrow(RegistrySourceError);
  });

  it('caps schema findings per file so a garbage document cannot flood the output', () => {
    const fields = Object.fromEntries(
      Array.from({ length: 200 }, (_, i) => [`f${i}`, { type: 1 }]),
    );
    writeFileSync(join(registryDir, file), JSON.stringify({ ...aTopic(), fields }));

    const registry = loadRegistry(registryDir, { root });

    expect(registry.findings.length).toBe(51);
    expect(registry.findings.at(-1)?.code).toBe(FINDING_CODES.SCHEMA_TOO_MANY_FINDINGS);
  });
});

describe('property: arbitrary input never throws', () => {
  const source = (bytes: Uint8Array) => ({ file: 'x.json', name: 'x.json', bytes, findings: [] });

  it('turns any byte sequence into findings or a topic', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
        const parsed = parseTopicFile(source(bytes));
        expect(parsed.schema !== undefined || parsed.findings.length > 0).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('lints any JSON value placed anywhere in a topic document', () => {
    const slots = [
      'topic',
      'version',
      'owner',
      'queue',
      'rebuild',
      'dedup',
      'fields',
      'description',
    ] as const;
    fc.assert(
      fc.property(fc.constantFrom(...slots), fc.jsonValue({ maxDepth: 4 }), (slot, value) => {
        const document = { ...aTopic(), [slot]: value };
        const bytes = new TextEncoder().encode(JSON.stringify(document));
        const report = lintRegistry({
          files: [parseTopicFile(source(bytes))],
          topics: [],
          findings: [],
        });
        expect(report.topics).toHaveLength(1);
      }),
      { numRuns: 300 },
    );
  });
});
