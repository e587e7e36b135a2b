import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deploySchemas } from '../../../../scripts/ops/deploy/deploySchemas';
import type { DeployStep } from '../../../../scripts/ops/deploy/types';
import type { TopicSchema } from '../../../../scripts/ops/registry';
import { bytesOf, field, topicSchema } from '../../../helpers/deployFactories';
import { memoryDeployment } from '../../../helpers/memoryDeployPorts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'deploy-unit-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function writeTopics(schemas: TopicSchema[]): string {
  const folder = join(dir, `topics-${Math.random().toString(36).slice(2)}`);
  mkdirSync(folder);
  for (const schema of schemas)
    writeFileSync(join(folder, `${schema.topic}.json`), bytesOf(schema));
  return folder;
}

const deploy = (
  ports: ReturnType<typeof memoryDeployment>['ports'],
  schemasDir: string,
  extra: Partial<Parameters<typeof deploySchemas>[1]> = {},
) => deploySchemas(ports, { schemasDir, root: dir, deployedBy: 'unit', ...extra });

describe('deploySchemas', () => {
  it('registers every topic on the first deploy and does nothing on the second', async () => {
    // Prepare
    const memory = memoryDeployment();
    const folder = writeTopics([topicSchema('alpha'), topicSchema('beta')]);

    // Act
    const first = await deploy(memory.ports, folder);
    const writesAfterFirst = memory.writes.length;
    const second = await deploy(memory.ports, folder);

    // Assess
    expect(first.ok).toBe(true);
    expect(first.topics.map((t) => [t.topic, t.outcome, t.status])).toEqual([
      ['alpha', 'deployed', 'ACTIVE'],
      ['beta', 'deployed', 'ACTIVE'],
    ]);
    expect([...memory.items.keys()].sort()).toEqual(['alpha', 'beta']);
    expect(second.topics.every((t) => t.outcome === 'unchanged')).toBe(true);
    expect(memory.writes.length).toBe(writesAfterFirst);
  });

  it('refuses, writing nothing, a head the linter rejects against what is deployed', async () => {
    // Prepare: v2 deployed, the head changes the schema but stays at version 2
    const memory = memoryDeployment();
    const v2 = topicSchema('alpha', { version: 2 });
    await deploy(memory.ports, writeTopics([v2]));
    memory.writes.length = 0;
    const notBumped = { ...v2, fields: { ...v2.fields, extra: field('string') } };

    // Act
    const report = await deploy(memory.ports, writeTopics([notBumped]));

    // Assess
    expect(report.ok).toBe(false);
    expect(report.refused?.lint.topics[0]?.findings.map((f) => f.code)).toContain(
      'VERSION_NOT_BUMPED',
    );
    expect(memory.writes).toEqual([]);
  });

  it('refuses a removal unless allowed, then retires the topic without deleting its schema', async () => {
    const memory = memoryDeployment();
    await deploy(memory.ports, writeTopics([topicSchema('alpha'), topicSchema('gone')]));
    const onlyAlpha = writeTopics([topicSchema('alpha')]);

    const refused = await deploy(memory.ports, onlyAlpha);
    const retired = await deploy(memory.ports, onlyAlpha, { allowRemove: true });

    expect(refused.refused?.lint.topics.find((t) => t.topic === 'gone')?.findings[0]?.code).toBe(
      'TOPIC_REMOVED',
    );
    expect(retired.topics.find((t) => t.topic === 'gone')).toMatchObject({ outcome: 'retired' });
    expect(memory.items.get('gone')?.status).toBe('RETIRED');
    expect(memory.versions.has('gone@1')).toBe(true);
  });

  it('dry run reports the plan with the columns it would change and writes nothing', async () => {
    const memory = memoryDeployment();
    const base = topicSchema('alpha');
    await deploy(memory.ports, writeTopics([base]));
    memory.writes.length = 0;
    const head = {
      ...base,
      version: 2,
      fields: { ...base.fields, 'engine.oil_bar': field('double') },
    };

    const report = await deploy(memory.ports, writeTopics([head]), { dryRun: true });

    expect(report.dryRun).toBe(true);
    expect(report.topics[0]).toMatchObject({ outcome: 'planned', action: 'evolve', toVersion: 2 });
    expect(report.topics[0]?.columns).toEqual([
      'standardized.engine__oil_bar add string',
      'curated.engine__oil_bar add double',
    ]);
    expect(memory.writes).toEqual([]);
  });

  it('keeps a breaking change REBUILDING until the rebuild succeeds, then marks it ACTIVE', async () => {
    // Prepare
    const memory = memoryDeployment();
    const base = topicSchema('sensor-b');
    await deploy(memory.ports, writeTopics([base]));
    const { 'reading.value': _gone, ...fields } = base.fields;
    const folder = writeTopics([{ ...base, version: 2, rebuild: true, fields }]);

    // Act
    const started = await deploy(memory.ports, folder);
    const stillRunning = await deploy(memory.ports, folder);
    memory.rebuilds.set('schema-sensor-b-v2', 'SUCCEEDED');
    const finished = await deploy(memory.ports, folder);

    // Assess
    expect(started.topics[0]).toMatchObject({ outcome: 'rebuilding', status: 'REBUILDING' });
    expect(stillRunning.topics[0]).toMatchObject({
      action: 'follow-rebuild',
      outcome: 'rebuilding',
    });
    expect(finished.topics[0]).toMatchObject({ outcome: 'rebuilt', status: 'ACTIVE' });
    expect(memory.items.get('sensor-b')).toMatchObject({ version: 2, status: 'ACTIVE' });
    expect(memory.writes.filter((w) => w.startsWith('start'))).toEqual([
      'start schema-sensor-b-v2',
    ]);
  });

  it('reports a failed rebuild and leaves the topic REBUILDING', async () => {
    const memory = memoryDeployment();
    const base = topicSchema('sensor-b');
    await deploy(memory.ports, writeTopics([base]));
    const folder = writeTopics([
      { ...base, version: 2, rebuild: true, dedup: { key: ['device_id'], keep: 'first' } },
    ]);
    await deploy(memory.ports, folder);
    memory.rebuilds.set('schema-sensor-b-v2', 'FAILED');

    const report = await deploy(memory.ports, folder);

    expect(report.ok).toBe(false);
    expect(report.topics[0]).toMatchObject({ outcome: 'failed', status: 'REBUILDING' });
    expect(report.topics[0]?.message).toMatch(/ended FAILED/);
    expect(memory.items.get('sensor-b')?.status).toBe('REBUILDING');
  });

  it.each<DeployStep>(['publish-version', 'evolve-tables', 'publish-current'])(
    'finishes a compatible change on rerun after a crash following %s',
    async (crashAfter) => {
      // Prepare
      const memory = memoryDeployment();
      const base = topicSchema('alpha');
      await deploy(memory.ports, writeTopics([base]));
      const head = { ...base, version: 2, fields: { ...base.fields, note: field('string') } };
      const folder = writeTopics([head]);

      // Act
      const crashed = await deploy(memory.ports, folder, {
        afterStep: (_topic, step) => {
          if (step === crashAfter) throw new Error('injected crash');
        },
      });
      const rerun = await deploy(memory.ports, folder);

      // Assess
      expect(crashed.topics[0]).toMatchObject({ outcome: 'failed' });
      expect(memory.items.get('alpha')).toMatchObject({ version: 2, status: 'ACTIVE' });
      expect(rerun.topics[0]).toMatchObject({ outcome: 'deployed', fromVersion: 1, toVersion: 2 });
      expect(memory.current.get('alpha')).toEqual(bytesOf(head));
    },
  );
});
