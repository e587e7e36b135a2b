import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { jest } from '@jest/globals';
import { repoRoot } from '../../../scripts/ops/repoRoot';
import { createDeployment, DEMO_TOPICS, editTopic, s3 } from './deployment';

// The schema deployer with its real adapters against the local endpoint: S3 schema objects,
// the DynamoDB schema-registry table with conditional writes, Iceberg tables in the Glue
// catalog (moto) evolved by pyiceberg. Rebuilds, and the real jobs after an evolution:
// deployThenRun.test.ts.

jest.setTimeout(60_000);

const ENGINE = 'engine-temperature';
const ENGINE_TABLE = 'engine_temperature';

async function objectText(bucket: string, key: string): Promise<string> {
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return (await object.Body?.transformToString()) ?? '';
}

/** engine-temperature v1 deployed, with standardized and curated tables holding one row. */
async function engineDeployedWithTables(label: string) {
  const deployment = await createDeployment(label);
  const folder = deployment.topicsFolder('topics', [ENGINE]);
  expect((await deployment.deploy(folder)).ok).toBe(true);
  await deployment.createTables([
    {
      layer: 'standardized',
      table: ENGINE_TABLE,
      columns: [
        { name: 'device_id', type: 'string' },
        { name: 'engine__rpm', type: 'string' },
      ],
      rows: [{ device_id: 'd1', engine__rpm: '2100' }],
    },
    {
      layer: 'curated',
      table: ENGINE_TABLE,
      columns: [
        { name: 'device_id', type: 'string' },
        { name: 'engine__rpm', type: 'int' },
      ],
      rows: [{ device_id: 'd1', engine__rpm: 2100 }],
    },
  ]);
  return { deployment, folder };
}

describe('deploy-schemas against the local endpoint', () => {
  it('registers every demo topic ACTIVE on the first deploy and changes nothing on the second', async () => {
    // Prepare
    const deployment = await createDeployment('dep-first');
    const topics = [
      'alarms',
      'battery-state',
      'cabin-humidity',
      'door-events',
      ENGINE,
      'firmware-status',
      'fuel-level',
      'gps-position',
      'tire-pressure',
      'vibration-spectrum',
    ];

    // Act
    const first = await deployment.deploy(DEMO_TOPICS, { root: repoRoot() });
    const keysAfterFirst = await deployment.objectKeys();
    const second = await deployment.deploy(DEMO_TOPICS, { root: repoRoot() });

    // Assess
    expect(first.ok).toBe(true);
    expect(first.topics.map((t) => [t.topic, t.change, t.outcome])).toEqual(
      topics.map((topic) => [topic, 'added', 'deployed']),
    );
    const registry = await deployment.registry();
    for (const topic of topics) {
      const bytes = readFileSync(join(DEMO_TOPICS, `${topic}.json`));
      const file = JSON.parse(bytes.toString('utf8')) as { version: number };
      expect(registry.get(topic)).toMatchObject({
        version: file.version,
        status: 'ACTIVE',
        sha256: createHash('sha256').update(bytes).digest('hex'),
        deployed_by: 'it',
      });
      expect(await objectText(deployment.names.artifactsBucket, `schemas/${topic}.json`)).toBe(
        bytes.toString('utf8'),
      );
      expect(keysAfterFirst).toContain(`schemas/_versions/${topic}/v${file.version}.json`);
    }
    expect(second.ok).toBe(true);
    expect(second.topics.every((t) => t.outcome === 'unchanged')).toBe(true);
    expect(await deployment.objectKeys()).toEqual(keysAfterFirst);
  });

  it('adds a nullable field to both tables and widens int to long; stored rows stay readable', async () => {
    // Prepare
    const { deployment, folder } = await engineDeployedWithTables('dep-evolve');
    editTopic(folder, ENGINE, (doc) => {
      doc.version = 2;
      doc.fields['engine.oil_bar'] = {
        type: 'double',
        nullable: true,
        cde: false,
        description: 'Oil pressure, bar',
      };
      const rpm = doc.fields['engine.rpm'];
      if (rpm) rpm.type = 'long';
    });

    // Act
    const report = await deployment.deploy(folder);
    const rerun = await deployment.deploy(folder);
    const [standardized, curated] = await deployment.readTables([
      { layer: 'standardized', table: ENGINE_TABLE },
      { layer: 'curated', table: ENGINE_TABLE },
    ]);

    // Assess
    expect(report.topics[0]).toMatchObject({
      change: 'compatible',
      outcome: 'deployed',
      toVersion: 2,
    });
    expect(report.topics[0]?.columns).toEqual([
      'standardized.engine__oil_bar added',
      'curated.engine__oil_bar added',
      'curated.engine__rpm widened',
    ]);
    expect(standardized?.columns).toEqual([
      { name: 'device_id', type: 'string' },
      { name: 'engine__rpm', type: 'string' },
      { name: 'engine__oil_bar', type: 'string' },
    ]);
    expect(curated?.columns).toEqual([
      { name: 'device_id', type: 'string' },
      { name: 'engine__rpm', type: 'long' },
      { name: 'engine__oil_bar', type: 'double' },
    ]);
    expect(curated?.rows).toEqual([{ device_id: 'd1', engine__rpm: 2100, engine__oil_bar: null }]);
    expect(standardized?.rows).toEqual([
      { device_id: 'd1', engine__rpm: '2100', engine__oil_bar: null },
    ]);
    expect((await deployment.registry()).get(ENGINE)).toMatchObject({
      version: 2,
      status: 'ACTIVE',
    });
    expect(rerun.topics[0]?.outcome).toBe('unchanged');
  });

  it('finishes on rerun a deploy that crashed after publishing and before registering', async () => {
    // Prepare
    const deployment = await createDeployment('dep-crash');
    const folder = deployment.topicsFolder('topics', [ENGINE, 'fuel-level']);
    await deployment.deploy(folder);
    editTopic(folder, ENGINE, (doc) => {
      doc.version = 2;
      doc.description = 'Coolant and oil temperature per engine, every 5 s';
    });

    // Act
    const crashed = await deployment.deploy(folder, {
      afterStep: (_topic, step) => {
        if (step === 'publish-current') throw new Error('injected crash after publishing');
      },
    });
    const registryAfterCrash = (await deployment.registry()).get(ENGINE);
    const currentAfterCrash = await objectText(
      deployment.names.artifactsBucket,
      `schemas/${ENGINE}.json`,
    );
    const rerun = await deployment.deploy(folder);

    // Assess
    expect(crashed.ok).toBe(false);
    expect(crashed.topics.find((t) => t.topic === ENGINE)).toMatchObject({
      outcome: 'failed',
      done: ['publish-version', 'evolve-tables', 'publish-current'],
    });
    expect(registryAfterCrash).toMatchObject({ version: 1 });
    expect(currentAfterCrash).toContain('"version": 2');
    expect(rerun.ok).toBe(true);
    expect(rerun.topics.find((t) => t.topic === ENGINE)).toMatchObject({
      outcome: 'deployed',
      fromVersion: 1,
    });
    expect((await deployment.registry()).get(ENGINE)).toMatchObject({
      version: 2,
      status: 'ACTIVE',
    });
  });

  it('lets only one of two concurrent deploys apply a change; the other reports the conflict', async () => {
    // Prepare: both deployers have read the registry before either registers
    const deployment = await createDeployment('dep-race');
    const folder = deployment.topicsFolder('topics', [ENGINE]);
    await deployment.deploy(folder);
    editTopic(folder, ENGINE, (doc) => {
      doc.version = 2;
      doc.owner = 'thermal-team';
    });
    let arrived = 0;
    let release: () => void = () => {};
    const bothPublished = new Promise<void>((resolve) => {
      release = resolve;
    });
    const barrier = async (_topic: string, step: string) => {
      if (step !== 'publish-current') return;
      arrived += 1;
      if (arrived === 2) release();
      await bothPublished;
    };

    // Act
    const reports = await Promise.all([
      deployment.deploy(folder, { afterStep: barrier, deployedBy: 'deployer-a' }),
      deployment.deploy(folder, { afterStep: barrier, deployedBy: 'deployer-b' }),
    ]);

    // Assess
    const outcomes = reports.map((report) => report.topics[0]?.outcome).sort();
    expect(outcomes).toEqual(['conflict', 'deployed']);
    const loser = reports.find((report) => report.topics[0]?.outcome === 'conflict');
    const winner = reports.find((report) => report.topics[0]?.outcome === 'deployed');
    expect(loser?.ok).toBe(false);
    expect(loser?.topics[0]?.message).toMatch(/another deployer applied first/);
    expect((await deployment.registry()).get(ENGINE)).toMatchObject({
      version: 2,
      deployed_by: winner === reports[0] ? 'deployer-a' : 'deployer-b',
    });
  });

  it('dry run reports the plan and changes nothing', async () => {
    // Prepare
    const deployment = await createDeployment('dep-dry');
    const folder = deployment.topicsFolder('topics', [ENGINE]);
    await deployment.deploy(folder);
    const registryBefore = await deployment.registry();
    const keysBefore = await deployment.objectKeys();
    const added = deployment.topicsFolder('more', [ENGINE, 'fuel-level']);
    editTopic(added, ENGINE, (doc) => {
      doc.version = 2;
      doc.fields['engine.oil_bar'] = {
        type: 'double',
        nullable: true,
        cde: false,
        description: 'Oil pressure',
      };
    });

    // Act
    const report = await deployment.deploy(added, { dryRun: true });

    // Assess
    expect(report.dryRun).toBe(true);
    expect(report.topics.map((t) => [t.topic, t.action, t.outcome])).toEqual([
      [ENGINE, 'evolve', 'planned'],
      ['fuel-level', 'register', 'planned'],
    ]);
    expect(await deployment.registry()).toEqual(registryBefore);
    expect(await deployment.objectKeys()).toEqual(keysBefore);
  });
});
