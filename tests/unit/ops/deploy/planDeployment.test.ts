import { planDeployment } from '../../../../scripts/ops/deploy/planDeployment';
import type { DeployedTopic } from '../../../../scripts/ops/deploy/types';
import { lintRegistry, type TopicSchema } from '../../../../scripts/ops/registry';
import {
  deployedItem,
  field,
  headOf,
  registryOf,
  topicSchema,
} from '../../../helpers/deployFactories';

function plan(
  base: TopicSchema[],
  head: TopicSchema[],
  deployed: DeployedTopic[],
  allowRemoval = false,
) {
  const report = lintRegistry(registryOf(head), registryOf(base), { allowRemoval });
  expect(report.errors).toBe(0);
  return planDeployment({
    report,
    head: headOf(head),
    base: new Map(base.map((schema) => [schema.topic, schema])),
    deployed: new Map(deployed.map((item) => [item.topic, item])),
  });
}

describe('planDeployment', () => {
  it('registers a new topic ACTIVE, expecting no registry item, publishing before registering', () => {
    // Prepare
    const head = [topicSchema('door-events')];

    // Act
    const [topic] = plan([], head, []);

    // Assess
    expect(topic).toMatchObject({
      action: 'register',
      change: 'added',
      toVersion: 1,
      toStatus: 'ACTIVE',
      expected: { exists: false },
      steps: ['publish-version', 'publish-current', 'register'],
    });
  });

  it('evolves both tables for an added nullable field and a widening, conditional on the deployed version', () => {
    // Prepare
    const base = topicSchema('engine');
    const head = topicSchema('engine', {
      version: 2,
      fields: { ...base.fields, 'reading.value': field('long'), 'engine.oil_bar': field('double') },
    });

    // Act
    const [topic] = plan([base], [head], [deployedItem(base)]);

    // Assess
    expect(topic?.action).toBe('evolve');
    expect(topic?.expected).toEqual({ exists: true, version: 1, status: 'ACTIVE' });
    expect(topic?.steps).toEqual([
      'publish-version',
      'evolve-tables',
      'publish-current',
      'register',
    ]);
    expect(topic?.evolutions).toEqual([
      { layer: 'standardized', add: [{ column: 'engine__oil_bar', type: 'string' }], widen: [] },
      {
        layer: 'curated',
        add: [{ column: 'engine__oil_bar', type: 'double' }],
        widen: [{ column: 'reading__value', type: 'long' }],
      },
    ]);
  });

  it('keeps an operator PAUSED status through a compatible change', () => {
    const base = topicSchema('engine');
    const head = { ...base, version: 2, description: 'new words' };

    const [topic] = plan([base], [head], [deployedItem(base, 'PAUSED')]);

    expect(topic).toMatchObject({ action: 'evolve', toStatus: 'PAUSED', evolutions: [] });
  });

  it('registers a breaking change REBUILDING before starting the rebuilder', () => {
    const base = topicSchema('sensor-b');
    const { 'reading.value': _removed, ...fields } = base.fields;
    const head = { ...base, version: 2, rebuild: true, fields };

    const [topic] = plan([base], [head], [deployedItem(base)]);

    expect(topic).toMatchObject({ action: 'rebuild', change: 'breaking', toStatus: 'REBUILDING' });
    expect(topic?.steps).toEqual([
      'publish-version',
      'register',
      'publish-current',
      'start-rebuild',
    ]);
  });

  it('follows a rebuild still registered REBUILDING when nothing changed', () => {
    const schema = topicSchema('sensor-b', { version: 2 });

    const [topic] = plan([schema], [schema], [deployedItem(schema, 'REBUILDING')]);

    expect(topic).toMatchObject({
      action: 'follow-rebuild',
      change: 'none',
      toVersion: 2,
      steps: ['publish-current', 'start-rebuild', 'finish-rebuild'],
    });
  });

  it('blocks a new change while the previous version is still rebuilding', () => {
    const base = topicSchema('sensor-b', { version: 2 });
    const head = { ...base, version: 3, description: 'again' };

    const [topic] = plan([base], [head], [deployedItem(base, 'REBUILDING')]);

    expect(topic?.action).toBe('blocked');
    expect(topic?.steps).toEqual([]);
    expect(topic?.reason).toMatch(/rebuild of version 2/);
  });

  it('retires a removed topic at its registered version, and does nothing for an unchanged one', () => {
    const kept = topicSchema('kept');
    const gone = topicSchema('gone', { version: 4 });

    const plans = plan([kept, gone], [kept], [deployedItem(kept), deployedItem(gone)], true);

    expect(plans.map((p) => [p.topic, p.action, p.steps])).toEqual([
      ['gone', 'retire', ['retire']],
      ['kept', 'none', []],
    ]);
    expect(plans[0]).toMatchObject({ toVersion: 4, toStatus: 'RETIRED' });
  });

  it('re-registers a retired topic that comes back, expecting the RETIRED item', () => {
    const back = topicSchema('back', { version: 5 });
    const retired = {
      ...deployedItem(topicSchema('back', { version: 4 })),
      status: 'RETIRED' as const,
    };

    const [topic] = plan([], [back], [retired]);

    expect(topic).toMatchObject({
      action: 'register',
      expected: { exists: true, version: 4, status: 'RETIRED' },
    });
  });
});
