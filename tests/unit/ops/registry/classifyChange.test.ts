import {
  type ChangeKind,
  classifyChange,
  type TopicSchema,
} from '../../../../scripts/ops/registry';
import { aField, aTopic, withFields } from '../../../helpers/registryFactories';

const base = aTopic();
const bumped = (topic: TopicSchema): TopicSchema => ({ ...topic, version: topic.version + 1 });
const retype = (path: string, type: string) =>
  withFields(base, { [path]: { ...(base.fields[path] ?? aField()), type } });
const flag = (
  path: string,
  change: Partial<{ nullable: boolean; cde: boolean; description: string }>,
) => withFields(base, { [path]: { ...(base.fields[path] ?? aField()), ...change } });

interface Pair {
  name: string;
  base: TopicSchema | undefined;
  head: TopicSchema | undefined;
  kind: ChangeKind;
  /** `impact path` of every difference, in any order. */
  details?: string[];
}

const pairs: Pair[] = [
  { name: 'identical topics', base, head: aTopic(), kind: 'none', details: [] },
  {
    name: 'field order changed only',
    base,
    head: { ...base, fields: Object.fromEntries(Object.entries(base.fields).reverse()) },
    kind: 'none',
  },
  { name: 'rebuild flag added alone', base, head: { ...base, rebuild: true }, kind: 'none' },
  {
    name: 'rebuild flag removed alone',
    base: { ...base, rebuild: true },
    head: base,
    kind: 'none',
  },
  {
    name: 'dedup key order changed',
    base,
    head: aTopic({ dedup: { ...base.dedup, key: ['reading_id', 'device_id'] } }),
    kind: 'none',
  },
  { name: 'no base file', base: undefined, head: base, kind: 'added' },
  { name: 'no head file', base, head: undefined, kind: 'removed', details: ['breaking $'] },
  {
    name: 'version bump only',
    base,
    head: bumped(base),
    kind: 'compatible',
    details: ['compatible $.version'],
  },
  {
    name: 'dedup window set (no rebuild: stored rows stay)',
    base,
    head: aTopic({ dedup: { ...base.dedup, windowDays: 7 } }),
    kind: 'compatible',
    details: ['compatible $.dedup.windowDays'],
  },
  {
    name: 'dedup window removed',
    base: aTopic({ dedup: { ...base.dedup, windowDays: 7 } }),
    head: base,
    kind: 'compatible',
    details: ['compatible $.dedup.windowDays'],
  },
  {
    name: 'nullable non-CDE field added',
    base,
    head: withFields(base, { 'engine.oil_c': aField({ type: 'double' }) }),
    kind: 'compatible',
    details: ['compatible $.fields["engine.oil_c"]'],
  },
  {
    name: 'int widened to long',
    base,
    head: retype('engine.rpm', 'long'),
    kind: 'compatible',
    details: ['compatible $.fields["engine.rpm"].type'],
  },
  {
    name: 'float widened to double',
    base: retype('engine.coolant_c', 'float'),
    head: retype('engine.coolant_c', 'double'),
    kind: 'compatible',
  },
  {
    name: 'decimal precision raised',
    base,
    head: retype('engine.load', 'decimal(7,2)'),
    kind: 'compatible',
  },
  {
    name: 'field description changed',
    base,
    head: flag('engine.rpm', { description: 'Crankshaft rpm' }),
    kind: 'compatible',
    details: ['compatible $.fields["engine.rpm"].description'],
  },
  {
    name: 'topic description changed',
    base,
    head: { ...base, description: 'New words' },
    kind: 'compatible',
    details: ['compatible $.description'],
  },
  {
    name: 'owner changed',
    base,
    head: { ...base, owner: 'another-team' },
    kind: 'compatible',
    details: ['compatible $.owner'],
  },
  {
    name: 'field made nullable',
    base: flag('engine.mode', { nullable: false }),
    head: base,
    kind: 'compatible',
    details: ['compatible $.fields["engine.mode"].nullable'],
  },
  {
    name: 'field no longer CDE',
    base: flag('engine.mode', { nullable: false, cde: true }),
    head: flag('engine.mode', { nullable: false }),
    kind: 'compatible',
  },
  {
    name: 'field removed',
    base,
    head: withFields(base, { 'engine.rpm': undefined }),
    kind: 'breaking',
    details: ['breaking $.fields["engine.rpm"]'],
  },
  {
    name: 'field renamed',
    base,
    head: withFields(base, {
      'engine.rpm': undefined,
      'engine.speed_rpm': aField({ type: 'int' }),
    }),
    kind: 'breaking',
    details: ['breaking $.fields["engine.rpm"]', 'compatible $.fields["engine.speed_rpm"]'],
  },
  {
    name: 'long narrowed to int',
    base,
    head: retype('reading_id', 'int'),
    kind: 'breaking',
    details: ['breaking $.fields.reading_id.type'],
  },
  {
    name: 'double narrowed to float',
    base,
    head: retype('engine.coolant_c', 'float'),
    kind: 'breaking',
  },
  { name: 'int changed to string', base, head: retype('engine.rpm', 'string'), kind: 'breaking' },
  { name: 'int changed to double', base, head: retype('engine.rpm', 'double'), kind: 'breaking' },
  {
    name: 'decimal precision lowered',
    base,
    head: retype('engine.load', 'decimal(4,2)'),
    kind: 'breaking',
  },
  {
    name: 'decimal scale changed',
    base,
    head: retype('engine.load', 'decimal(7,3)'),
    kind: 'breaking',
  },
  {
    name: 'timestamp changed to date',
    base,
    head: retype('measured_at', 'date'),
    kind: 'breaking',
  },
  {
    name: 'field made non-nullable',
    base,
    head: flag('engine.mode', { nullable: false }),
    kind: 'breaking',
    details: ['breaking $.fields["engine.mode"].nullable'],
  },
  {
    name: 'field made CDE',
    base: flag('engine.mode', { nullable: false }),
    head: flag('engine.mode', { nullable: false, cde: true }),
    kind: 'breaking',
    details: ['breaking $.fields["engine.mode"].cde'],
  },
  {
    name: 'CDE field added',
    base,
    head: withFields(base, { vin: aField({ nullable: false, cde: true }) }),
    kind: 'breaking',
    details: ['breaking $.fields.vin'],
  },
  {
    name: 'non-nullable field added',
    base,
    head: withFields(base, { vin: aField({ nullable: false }) }),
    kind: 'breaking',
  },
  {
    name: 'dedup key field added',
    base,
    head: aTopic({ dedup: { ...base.dedup, key: ['device_id', 'reading_id', 'measured_at'] } }),
    kind: 'breaking',
    details: ['breaking $.dedup.key'],
  },
  {
    name: 'dedup keep last → first',
    base,
    head: aTopic({ dedup: { key: base.dedup.key, keep: 'first', orderBy: 'measured_at' } }),
    kind: 'breaking',
    details: ['breaking $.dedup.keep'],
  },
  {
    name: 'dedup orderBy changed',
    base,
    head: aTopic({ dedup: { ...base.dedup, orderBy: 'reading_id' } }),
    kind: 'breaking',
    details: ['breaking $.dedup.orderBy'],
  },
  {
    name: 'queue standard → fifo',
    base,
    head: aTopic({ queue: 'fifo' }),
    kind: 'breaking',
    details: ['breaking $.queue'],
  },
  {
    name: 'compatible and breaking together',
    base,
    head: withFields(retype('engine.rpm', 'long'), { 'engine.mode': undefined }),
    kind: 'breaking',
    details: ['compatible $.fields["engine.rpm"].type', 'breaking $.fields["engine.mode"]'],
  },
];

describe('classifyChange', () => {
  it('covers at least 25 base → head pairs', () => {
    expect(pairs.length).toBeGreaterThanOrEqual(25);
  });

  it.each(pairs)('classifies "$name" as $kind', ({ base: before, head: after, kind, details }) => {
    // Act
    const result = classifyChange(before, after);

    // Assess
    expect(result.kind).toBe(kind);
    if (details) {
      expect(result.details.map((d) => `${d.impact} ${d.path}`).sort()).toEqual(
        [...details].sort(),
      );
    }
    for (const detail of result.details) expect(detail.message.length).toBeGreaterThan(0);
  });

  it('ignores a field called like an Object.prototype member that only one side has', () => {
    // Prepare
    const head = withFields(base, { constructor: aField() });

    // Act
    const forward = classifyChange(base, head);
    const backward = classifyChange(head, base);

    // Assess
    expect(forward.kind).toBe('compatible');
    expect(backward.kind).toBe('breaking');
  });
});
