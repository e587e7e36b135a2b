import {
  FINDING_CODES,
  type LintReport,
  lintRegistry,
  registryFromSources,
  type TopicSchema,
} from '../../../../scripts/ops/registry';
import { aField, aRegistry, aSource, aTopic, withFields } from '../../../helpers/registryFactories';

const base = aTopic();
const codes = (report: LintReport, topic = base.topic) =>
  report.topics
    .filter((t) => t.topic === topic)
    .flatMap((t) => t.findings.map((f) => `${f.severity} ${f.code} ${f.path}`));
const evolve = (head: TopicSchema, options = {}) =>
  lintRegistry(aRegistry(head), aRegistry(base), options);

describe('lintRegistry against a base', () => {
  it('accepts an unchanged registry and marks every topic unchanged', () => {
    // Act
    const report = evolve(aTopic());

    // Assess
    expect(report).toMatchObject({ version: 1, ok: true, errors: 0, warnings: 0 });
    expect(report.topics.map((t) => t.change)).toEqual(['none']);
  });

  it('accepts a compatible change with a version bump', () => {
    const report = evolve(withFields(aTopic({ version: 2 }), { note: aField() }));

    expect(report.ok).toBe(true);
    expect(report.topics[0]?.change).toBe('compatible');
    expect(codes(report)).toEqual([]);
  });

  it('rejects a compatible change without a version bump and names the version to use', () => {
    const report = evolve(withFields(aTopic(), { note: aField() }));

    expect(report.ok).toBe(false);
    expect(codes(report)).toEqual(['error VERSION_NOT_BUMPED $.version']);
    expect(report.topics[0]?.findings[0]?.hint).toContain('"version": 2');
  });

  it('rejects a lower version even when it is otherwise a bump-worthy change', () => {
    const report = lintRegistry(
      aRegistry(withFields(aTopic({ version: 3 }), { note: aField() })),
      aRegistry(aTopic({ version: 4 })),
    );

    expect(codes(report)).toContain('error VERSION_NOT_BUMPED $.version');
  });

  it('rejects a breaking change without rebuild, one finding per breaking difference', () => {
    const head = withFields(aTopic({ version: 2 }), {
      'engine.rpm': undefined,
      'engine.mode': aField({ nullable: false }),
    });

    const report = evolve(head);

    expect(report.topics[0]?.change).toBe('breaking');
    expect(codes(report).sort()).toEqual([
      'error BREAKING_CHANGE_WITHOUT_REBUILD $.fields["engine.mode"].nullable',
      'error BREAKING_CHANGE_WITHOUT_REBUILD $.fields["engine.rpm"]',
    ]);
  });

  it('rejects a breaking change with rebuild but no version bump', () => {
    const report = evolve(withFields(aTopic({ rebuild: true }), { 'engine.rpm': undefined }));

    expect(codes(report)).toEqual(['error VERSION_NOT_BUMPED $.version']);
  });

  it('accepts a breaking change with a version bump and rebuild', () => {
    const report = evolve(
      withFields(aTopic({ version: 2, rebuild: true }), { 'engine.rpm': undefined }),
    );

    expect(report.ok).toBe(true);
    expect(report.topics[0]?.change).toBe('breaking');
    expect(codes(report)).toEqual([]);
  });

  it('warns when rebuild is set for a compatible change or a new topic', () => {
    const compatible = evolve(
      withFields(aTopic({ version: 2, rebuild: true }), { note: aField() }),
    );
    const added = lintRegistry(
      aRegistry(base, aTopic({ topic: 'fresh', rebuild: true })),
      aRegistry(base),
    );

    expect(compatible.ok).toBe(true);
    expect(codes(compatible)).toEqual(['warning REBUILD_WITHOUT_BREAKING_CHANGE $.rebuild']);
    expect(codes(added, 'fresh')).toEqual(['warning REBUILD_WITHOUT_BREAKING_CHANGE $.rebuild']);
  });

  it('classifies a new topic as added without findings', () => {
    const report = lintRegistry(aRegistry(base, aTopic({ topic: 'fresh' })), aRegistry(base));

    expect(report.topics.map((t) => [t.topic, t.change])).toEqual([
      ['engine-temperature', 'none'],
      ['fresh', 'added'],
    ]);
    expect(report.ok).toBe(true);
  });

  it('reports a removed topic as an error, or a warning when removal is allowed', () => {
    const strict = lintRegistry(aRegistry(), aRegistry(base));
    const allowed = lintRegistry(aRegistry(), aRegistry(base), { allowRemoval: true });

    expect(strict.topics).toHaveLength(1);
    expect(strict.topics[0]).toMatchObject({
      topic: base.topic,
      change: 'removed',
      file: `topics/${base.topic}.json`,
    });
    expect(codes(strict)).toEqual(['error TOPIC_REMOVED $']);
    expect(codes(allowed)).toEqual(['warning TOPIC_REMOVED $']);
    expect(allowed.ok).toBe(true);
  });

  it('does not report removals when the head is a selection of files', () => {
    const report = lintRegistry(aRegistry(), aRegistry(base), { detectRemovals: false });

    expect(report.topics).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('does not treat a broken head file as a removal of its topic', () => {
    const head = registryFromSources([aSource(`${base.topic}.json`, '{ "topic": ')]);

    const report = lintRegistry(head, aRegistry(base));

    expect(report.topics).toHaveLength(1);
    expect(report.topics[0]?.change).toBeNull();
    expect(codes(report).map((c) => c.split(' ')[1])).toEqual([FINDING_CODES.JSON_SYNTAX]);
  });

  it('compares against an invalid base file as if the topic were new, with a warning', () => {
    const brokenBase = registryFromSources([aSource(`${base.topic}.json`, { topic: base.topic })]);

    const report = lintRegistry(aRegistry(base), brokenBase);

    expect(report.topics[0]?.change).toBe('added');
    expect(codes(report)).toEqual(['warning BASE_TOPIC_INVALID $']);
  });

  it('leaves change null and reports no evolution findings without a base', () => {
    const report = lintRegistry(aRegistry(withFields(base, { note: aField() })));

    expect(report.topics[0]?.change).toBeNull();
    expect(report.topics[0]?.changes).toEqual([]);
  });

  it('counts errors and warnings and sorts topics by name', () => {
    const head = aRegistry(
      aTopic({ topic: 'zeta' }),
      withFields(aTopic({ topic: 'alpha' }), {
        x: aField({ cde: true }),
        y: aField({ description: '' }),
      }),
    );

    const report = lintRegistry(head);

    expect(report.topics.map((t) => t.topic)).toEqual(['alpha', 'zeta']);
    expect(report).toMatchObject({ ok: false, errors: 1, warnings: 1 });
  });

  it('locates evolution findings at the line of the changed value', () => {
    const report = evolve(withFields(aTopic({ version: 1 }), { note: aField() }));

    const finding = report.topics[0]?.findings[0];
    expect(finding?.line).toBe(3); // JSON.stringify(…, null, 2): "version" is on line 3
    expect(finding?.column).toBe(3);
  });
});
