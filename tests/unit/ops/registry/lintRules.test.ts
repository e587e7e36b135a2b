import {
  FINDING_CODES,
  type FindingCode,
  type LintOptions,
  lintRegistry,
  registryFromSources,
  type Severity,
  type TopicSchema,
} from '../../../../scripts/ops/registry';
import { aField, aSource, aTopic, withFields } from '../../../helpers/registryFactories';

interface Doc {
  /** File name; default `<topic>.json`. */
  name?: string;
  content: unknown;
}

interface RuleCase {
  code: FindingCode;
  severity?: Severity;
  passes: { when: string; docs: Doc[]; options?: LintOptions };
  fails: { when: string; docs: Doc[]; options?: LintOptions; path?: string };
}

const doc = (content: TopicSchema | Record<string, unknown>, name?: string): Doc => ({
  content,
  name,
});
const topic = aTopic();
const lastOrderedBy = (orderBy: string, extra: Record<string, ReturnType<typeof aField>> = {}) =>
  withFields(aTopic({ dedup: { key: ['device_id'], keep: 'last', orderBy } }), extra);
const keyedOn = (
  key: string[],
  extra: Record<string, ReturnType<typeof aField> | undefined> = {},
) => withFields(aTopic({ dedup: { key, keep: 'first' } }), extra);
const without = (key: keyof TopicSchema) => {
  const copy: Record<string, unknown> = { ...topic };
  delete copy[key];
  return copy;
};
const longName = `t${'x'.repeat(47)}`;

const cases: RuleCase[] = [
  {
    code: FINDING_CODES.FILE_NAME_MISMATCH,
    passes: {
      when: 'the file is named <topic>.json',
      docs: [doc(topic, 'engine-temperature.json')],
    },
    fails: {
      when: 'the file name differs from topic',
      docs: [doc(topic, 'engine-temp.json')],
      path: '$.topic',
    },
  },
  {
    code: FINDING_CODES.TOPIC_NAME_INVALID,
    passes: {
      when: 'the name is lowercase with - and _',
      docs: [doc(aTopic({ topic: 'a_b-c9' }))],
    },
    fails: {
      when: 'the name holds a dot',
      docs: [doc(aTopic({ topic: 'engine.temp' }), 'engine.temp.json')],
      path: '$.topic',
    },
  },
  {
    code: FINDING_CODES.TOPIC_NAME_INVALID,
    passes: { when: 'the name is 48 characters', docs: [doc(aTopic({ topic: longName }))] },
    fails: { when: 'the name is 49 characters', docs: [doc(aTopic({ topic: `${longName}y` }))] },
  },
  {
    code: FINDING_CODES.TOPIC_NAME_INVALID,
    passes: { when: 'the name starts with a letter', docs: [doc(aTopic({ topic: 'e1' }))] },
    fails: {
      when: 'the name starts with a capital or digit',
      docs: [doc(aTopic({ topic: 'Engine' })), doc(aTopic({ topic: '1engine' }))],
    },
  },
  {
    code: FINDING_CODES.TOPIC_NAME_RESERVED,
    passes: {
      when: 'the table name is not a shared one',
      docs: [doc(aTopic({ topic: 'raw-error' }))],
    },
    fails: {
      when: 'the topic is raw_errors',
      docs: [doc(aTopic({ topic: 'raw_errors' }))],
      path: '$.topic',
    },
  },
  {
    code: FINDING_CODES.TOPIC_NAME_RESERVED,
    passes: {
      when: 'the topic only contains a reserved word',
      docs: [doc(aTopic({ topic: 'curated-errors-x' }))],
    },
    fails: {
      when: 'the topic becomes curated_errors after - → _',
      docs: [doc(aTopic({ topic: 'curated-errors' }))],
    },
  },
  {
    code: FINDING_CODES.QUEUE_NAME_TOO_LONG,
    passes: {
      when: 'a 48-character FIFO topic fits every default prefix',
      docs: [doc(aTopic({ topic: longName, queue: 'fifo' }))],
    },
    fails: {
      when: 'a long environment prefix pushes the FIFO queue name past 80',
      docs: [doc(aTopic({ topic: longName, queue: 'fifo' }))],
      options: { queuePrefixes: ['lean-ops-dev-topic-', 'acme-telemetry-platform-staging-topic-'] },
      path: '$.topic',
    },
  },
  {
    code: FINDING_CODES.DEDUP_KEY_UNKNOWN_FIELD,
    passes: {
      when: 'every key field is declared',
      docs: [doc(keyedOn(['device_id', 'reading_id']))],
    },
    fails: {
      when: 'a key field is not declared',
      docs: [doc(keyedOn(['device_id', 'serial']))],
      path: '$.dedup.key[1]',
    },
  },
  {
    code: FINDING_CODES.DEDUP_KEY_UNKNOWN_FIELD,
    passes: { when: 'a key is an own field', docs: [doc(keyedOn(['device_id']))] },
    fails: {
      when: 'a key names an Object.prototype member',
      docs: [doc(keyedOn(['constructor']))],
    },
  },
  {
    code: FINDING_CODES.DEDUP_KEY_NULLABLE,
    passes: { when: 'key fields are non-nullable', docs: [doc(keyedOn(['device_id']))] },
    fails: {
      when: 'a key field is nullable',
      docs: [doc(keyedOn(['device_id', 'site'], { site: aField({ nullable: true }) }))],
      path: '$.dedup.key[1]',
    },
  },
  {
    code: FINDING_CODES.DEDUP_KEY_FLOATING_POINT,
    passes: {
      when: 'the key is a decimal',
      docs: [
        doc(
          keyedOn(['device_id', 'slot'], {
            slot: aField({ type: 'decimal(10,0)', nullable: false, cde: true }),
          }),
        ),
      ],
    },
    fails: {
      when: 'the key is a double',
      docs: [
        doc(
          keyedOn(['device_id', 'slot'], {
            slot: aField({ type: 'double', nullable: false, cde: true }),
          }),
        ),
      ],
      path: '$.dedup.key[1]',
    },
  },
  {
    code: FINDING_CODES.DEDUP_KEY_FLOATING_POINT,
    passes: {
      when: 'the key is an int',
      docs: [
        doc(
          keyedOn(['device_id', 'slot'], {
            slot: aField({ type: 'int', nullable: false, cde: true }),
          }),
        ),
      ],
    },
    fails: {
      when: 'the key is a float',
      docs: [
        doc(
          keyedOn(['device_id', 'slot'], {
            slot: aField({ type: 'float', nullable: false, cde: true }),
          }),
        ),
      ],
    },
  },
  {
    code: FINDING_CODES.DEDUP_KEY_NOT_CDE,
    severity: 'warning',
    passes: { when: 'key fields are CDEs', docs: [doc(keyedOn(['device_id']))] },
    fails: {
      when: 'a non-nullable key field is not a CDE',
      docs: [
        doc(
          keyedOn(['device_id', 'slot'], {
            slot: aField({ type: 'int', nullable: false, cde: false }),
          }),
        ),
      ],
    },
  },
  {
    code: FINDING_CODES.DEDUP_ORDER_BY_MISSING,
    passes: {
      when: 'keep first has no orderBy',
      docs: [doc(aTopic({ dedup: { key: ['device_id'], keep: 'first' } }))],
    },
    fails: {
      when: 'keep last has no orderBy',
      docs: [doc(aTopic({ dedup: { key: ['device_id'], keep: 'last' } }))],
      path: '$.dedup.orderBy',
    },
  },
  {
    code: FINDING_CODES.DEDUP_ORDER_BY_UNKNOWN_FIELD,
    passes: { when: 'orderBy is declared', docs: [doc(lastOrderedBy('measured_at'))] },
    fails: {
      when: 'orderBy is not declared',
      docs: [doc(lastOrderedBy('received_at'))],
      path: '$.dedup.orderBy',
    },
  },
  {
    code: FINDING_CODES.DEDUP_ORDER_BY_TYPE,
    passes: { when: 'orderBy is a long sequence', docs: [doc(lastOrderedBy('reading_id'))] },
    fails: {
      when: 'orderBy is a string',
      docs: [doc(lastOrderedBy('device_id'))],
      path: '$.dedup.orderBy',
    },
  },
  {
    code: FINDING_CODES.DEDUP_ORDER_BY_TYPE,
    passes: {
      when: 'orderBy is an int',
      docs: [
        doc(lastOrderedBy('seq', { seq: aField({ type: 'int', nullable: false, cde: true }) })),
      ],
    },
    fails: {
      when: 'orderBy is a date or a double',
      docs: [
        doc(lastOrderedBy('day', { day: aField({ type: 'date', nullable: false, cde: true }) })),
        doc(lastOrderedBy('t', { t: aField({ type: 'double', nullable: false, cde: true }) })),
      ],
    },
  },
  {
    code: FINDING_CODES.DEDUP_ORDER_BY_NULLABLE,
    passes: { when: 'orderBy is non-nullable', docs: [doc(lastOrderedBy('measured_at'))] },
    fails: {
      when: 'orderBy is nullable',
      docs: [doc(lastOrderedBy('seen_at', { seen_at: aField({ type: 'timestamp' }) }))],
    },
  },
  {
    code: FINDING_CODES.DEDUP_ORDER_BY_IGNORED,
    severity: 'warning',
    passes: { when: 'orderBy comes with keep last', docs: [doc(lastOrderedBy('measured_at'))] },
    fails: {
      when: 'orderBy comes with keep first',
      docs: [doc(aTopic({ dedup: { key: ['device_id'], keep: 'first', orderBy: 'measured_at' } }))],
      path: '$.dedup.orderBy',
    },
  },
  {
    code: FINDING_CODES.CDE_NULLABLE,
    passes: {
      when: 'a CDE is non-nullable',
      docs: [doc(withFields(topic, { x: aField({ cde: true, nullable: false }) }))],
    },
    fails: {
      when: 'a CDE is nullable',
      docs: [doc(withFields(topic, { 'engine.x': aField({ cde: true, nullable: true }) }))],
      path: '$.fields["engine.x"].nullable',
    },
  },
  {
    code: FINDING_CODES.DECIMAL_OUT_OF_RANGE,
    passes: {
      when: 'precision is 38 and scale equals it',
      docs: [
        doc(
          withFields(topic, {
            x: aField({ type: 'decimal(38,38)' }),
            y: aField({ type: 'decimal(1,0)' }),
          }),
        ),
      ],
    },
    fails: {
      when: 'precision is 39, 0, or below the scale',
      docs: [
        doc(withFields(topic, { x: aField({ type: 'decimal(39,2)' }) })),
        doc(withFields(topic, { x: aField({ type: 'decimal(0,0)' }) })),
        doc(withFields(topic, { x: aField({ type: 'decimal(5,6)' }) })),
      ],
      path: '$.fields.x.type',
    },
  },
  {
    code: FINDING_CODES.COLUMN_NAME_COLLISION,
    passes: {
      when: 'columns differ',
      docs: [doc(withFields(topic, { 'a.b': aField(), a_b: aField() }))],
    },
    fails: {
      when: '"a.b" and "a__b" both become a__b',
      docs: [doc(withFields(topic, { 'a.b': aField(), a__b: aField() }))],
      path: '$.fields.a__b',
    },
  },
  {
    code: FINDING_CODES.FIELD_COLUMN_RESERVED,
    passes: {
      when: 'an underscore starts a nested step or sits inside a name',
      docs: [doc(withFields(topic, { 'engine._raw': aField(), device_id_: aField() }))],
    },
    fails: {
      when: 'a field becomes a column starting with "_", where the pipeline keeps its own',
      docs: [
        doc(withFields(topic, { _message_id: aField() })),
        doc(withFields(topic, { '_meta.source': aField() })),
      ],
    },
  },
  {
    code: FINDING_CODES.COLUMN_NAME_COLLISION,
    passes: {
      when: 'names differ beyond case',
      docs: [doc(withFields(topic, { speed: aField(), speed2: aField() }))],
    },
    fails: {
      when: 'names differ only in case',
      docs: [doc(withFields(topic, { Speed: aField(), speed: aField() }))],
    },
  },
  {
    code: FINDING_CODES.FIELD_PATH_CONFLICT,
    passes: {
      when: 'a prefix is only a group',
      docs: [doc(withFields(topic, { 'gps.lat': aField(), 'gps.lon': aField() }))],
    },
    fails: {
      when: 'a field is also the parent of another',
      docs: [doc(withFields(topic, { gps: aField(), 'gps.lat': aField() }))],
      path: '$.fields["gps.lat"]',
    },
  },
  {
    code: FINDING_CODES.FIELD_UNDOCUMENTED,
    severity: 'warning',
    passes: { when: 'every field has a description', docs: [doc(topic)] },
    fails: {
      when: 'a description is blank',
      docs: [doc(withFields(topic, { x: aField({ description: '  ' }) }))],
    },
  },
  {
    code: FINDING_CODES.FIELD_PATH_INVALID,
    passes: {
      when: 'paths are identifiers joined by dots',
      docs: [doc(withFields(topic, { a_1: aField(), 'b._c2': aField() }))],
    },
    fails: {
      when: 'a path holds a dash, a leading digit or an empty segment',
      docs: [
        doc(withFields(topic, { 'engine-rpm': aField() })),
        doc(withFields(topic, { '1st': aField() })),
        doc(withFields(topic, { 'a..b': aField() })),
      ],
    },
  },
  {
    code: FINDING_CODES.FIELD_TYPE_INVALID,
    passes: {
      when: 'types are from the list',
      docs: [
        doc(withFields(topic, { d: aField({ type: 'date' }), b: aField({ type: 'boolean' }) })),
      ],
    },
    fails: {
      when: 'a type is unknown or malformed',
      docs: [
        doc(withFields(topic, { x: aField({ type: 'integer' }) })),
        doc(withFields(topic, { x: aField({ type: 'decimal(10)' }) })),
        doc(withFields(topic, { x: aField({ type: 'Decimal(5,2)' }) })),
      ],
      path: '$.fields.x.type',
    },
  },
  {
    code: FINDING_CODES.SCHEMA_MISSING_KEY,
    passes: { when: 'all required keys are present', docs: [doc(topic)] },
    fails: {
      when: 'owner is missing',
      docs: [doc(without('owner'), 'engine-temperature.json')],
      path: '$.owner',
    },
  },
  {
    code: FINDING_CODES.SCHEMA_UNKNOWN_KEY,
    passes: { when: 'rebuild is a known key', docs: [doc(aTopic({ rebuild: true }))] },
    fails: {
      when: 'a key is misspelt',
      docs: [doc({ ...topic, rebiuld: true })],
      path: '$.rebiuld',
    },
  },
  {
    code: FINDING_CODES.SCHEMA_WRONG_TYPE,
    passes: { when: 'version is an integer', docs: [doc(aTopic({ version: 7 }))] },
    fails: {
      when: 'version is a string',
      docs: [doc({ ...topic, version: '1' })],
      path: '$.version',
    },
  },
  {
    code: FINDING_CODES.SCHEMA_INVALID_VALUE,
    passes: { when: 'queue is fifo', docs: [doc(aTopic({ queue: 'fifo' }))] },
    fails: {
      when: 'queue is unknown or version is 0',
      docs: [doc({ ...topic, queue: 'FIFO' }), doc({ ...topic, version: 0 })],
    },
  },
  {
    code: FINDING_CODES.TOPIC_DUPLICATE,
    passes: {
      when: 'each topic has one file',
      docs: [doc(topic), doc(aTopic({ topic: 'other' }))],
    },
    fails: {
      when: 'two files declare the same topic',
      docs: [doc(topic), doc(topic, 'copy.json')],
    },
  },
  {
    code: FINDING_CODES.TABLE_NAME_COLLISION,
    passes: {
      when: 'table names differ',
      docs: [doc(aTopic({ topic: 'door-events' })), doc(aTopic({ topic: 'door-event' }))],
    },
    fails: {
      when: '"door-events" and "door_events" share a table',
      docs: [doc(aTopic({ topic: 'door-events' })), doc(aTopic({ topic: 'door_events' }))],
      path: '$.topic',
    },
  },
];

function lint(docs: Doc[], options?: LintOptions) {
  const sources = docs.map((d, i) => {
    const content = d.content as { topic?: unknown };
    const name =
      d.name ?? (typeof content.topic === 'string' ? `${content.topic}.json` : `doc${i}.json`);
    return aSource(name, d.content);
  });
  return lintRegistry(registryFromSources(sources), undefined, options);
}

describe('lint rules', () => {
  describe.each(cases)('$code', ({ code, severity = 'error', passes, fails }) => {
    it(`passes when ${passes.when}`, () => {
      // Act
      const report = lint(passes.docs, passes.options);

      // Assess
      expect(report.topics.flatMap((t) => t.findings)).toEqual([]);
      expect(report.ok).toBe(true);
    });

    it(`reports ${code} when ${fails.when}`, () => {
      // Act
      const report = lint(fails.docs, fails.options);

      // Assess: every failing document carries the finding, located and explained
      for (const topicReport of report.topics) {
        const found = topicReport.findings.filter((finding) => finding.code === code);
        expect(found.length).toBeGreaterThan(0);
        for (const finding of found) {
          expect(finding.severity).toBe(severity);
          expect(finding.message.length).toBeGreaterThan(0);
          expect(finding.hint.length).toBeGreaterThan(0);
          if (fails.path) expect(finding.path).toBe(fails.path);
        }
      }
      expect(report.ok).toBe(severity !== 'error');
    });
  });
});
