import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { jest } from '@jest/globals';
import {
  type GlueJobRunner,
  LocalOrchestration,
  localDefinitionVariables,
  localSparkGlueJobs,
  provisionOrchestrationTables,
  readDefinitionTemplate,
  renderDefinition,
} from '../../../scripts/local/stepfunctions';
import { endpointEnv, localClients } from '../../harness/localAws';
import { FakeGlueJobs } from '../orchestration/FakeGlueJobs';
import { FakeLake } from '../orchestration/fakeLake';
import { createDeployment, editTopic, s3, sfn } from './deployment';
import { LocalRebuilds } from './localRebuilds';

// Issue 10 end to end on the local endpoint: what `deploy-schemas` publishes and registers is
// what the next runs use. The orchestrator and rebuilder definitions (modules/orchestration/
// definitions) are executed locally; the orchestrator finds the topic in the registry the
// deployer wrote. The real Glue jobs (glue-jobs/standardize.py, curate.py on local Spark) read
// the schemas where the deployer put them: `--schemas-uri s3://<artifacts>/schemas/`, the
// Terraform job's default (modules/orchestration/glue.tf), here the artifacts bucket on moto.
// moto only records the rebuilder execution the deployer starts: LocalRebuilds executes the real
// rebuilder definition on that execution's input and answers the deployer's status reads with
// its outcome, where AWS would answer DescribeExecution.

jest.setTimeout(300_000);

const env = endpointEnv();
const { dynamoDb } = localClients();
const documents = DynamoDBDocumentClient.from(dynamoDb);
const ENGINE = 'engine-temperature';

/** A deployment whose `<name>-rebuilder` on moto is the real rebuilder definition. */
async function deployedWorld(label: string) {
  const rebuilds = new LocalRebuilds(sfn);
  const deployment = await createDeployment(label, { rebuildStatus: rebuilds });
  const metricsNamespace = `LeanOpsTest/${deployment.name}`;
  await provisionOrchestrationTables(dynamoDb, deployment.names);
  await deployment.createRebuilder(
    renderDefinition(
      readDefinitionTemplate('rebuilder'),
      localDefinitionVariables(deployment.names, { metricsNamespace }),
    ),
  );
  const orchestrations: LocalOrchestration[] = [];
  return {
    deployment,
    rebuilds,
    /** The state machine definitions executed locally, with Glue played by `glue`. */
    orchestration(glue: GlueJobRunner): LocalOrchestration {
      const orchestration = new LocalOrchestration({
        env,
        names: deployment.names,
        glue,
        metricsNamespace,
      });
      orchestrations.push(orchestration);
      return orchestration;
    },
    async paused(topic: string): Promise<unknown> {
      const control = await documents.send(
        new GetCommand({
          TableName: deployment.names.checkpointTable,
          Key: { topic, layer: 'control' },
          ConsistentRead: true,
        }),
      );
      return control.Item?.paused;
    },
    async dispose(): Promise<void> {
      await Promise.all(orchestrations.map((orchestration) => orchestration.stop()));
      rmSync(deployment.workdir, { recursive: true, force: true });
    },
  };
}

type World = Awaited<ReturnType<typeof deployedWorld>>;
const worlds: World[] = [];
async function world(label: string): Promise<World> {
  const created = await deployedWorld(label);
  worlds.push(created);
  return created;
}

afterAll(async () => {
  await Promise.all(worlds.map((created) => created.dispose()));
});

/** One engine-temperature reading of device gw-7 (the dedup key is device + reading id). */
function reading(id: number, engine: Record<string, unknown>) {
  return { device_id: 'gw-7', reading_id: id, measured_at: `2026-11-25T08:0${id}:00Z`, engine };
}

it('an added nullable field evolves both tables and the next run of the real standardize + curate jobs fills it', async () => {
  // Arrange: v1 deployed, a first reading through the real jobs
  const w = await world('dep-run');
  const { deployment } = w;
  const orchestration = w.orchestration(
    localSparkGlueJobs({
      env,
      names: deployment.names,
      warehouse: deployment.warehouse,
      schemasDir: `s3://${deployment.names.artifactsBucket}/schemas/`,
    }),
  );
  const folder = deployment.topicsFolder('topics', [ENGINE]);
  expect((await deployment.deploy(folder)).ok).toBe(true);
  await deployment.landRaw(ENGINE, [reading(1, { coolant_c: 90.5, rpm: 2100 })]);
  expect((await orchestration.runOrchestrator()).output).toMatchObject({
    processed: 1,
    failed: 0,
  });
  editTopic(folder, ENGINE, (doc) => {
    doc.version = 2;
    doc.fields['engine.oil_bar'] = {
      type: 'double',
      nullable: true,
      cde: false,
      description: 'Oil pressure, bar',
    };
  });

  // Act: deploy v2, a device starts sending the field, the next orchestrator run
  const deployed = await deployment.deploy(folder);
  await deployment.landRaw(ENGINE, [reading(2, { coolant_c: 91, rpm: 2200, oil_bar: 3.75 })]);
  const next = await orchestration.runOrchestrator();
  const [curated] = await deployment.readTables([
    { layer: 'curated', table: 'engine_temperature' },
  ]);

  // Assess: the deployer evolved the tables the jobs had written; curate typed the field with
  // the published v2 (the repository's v1 file does not declare it: the value would stay null)
  expect(deployed.topics[0]).toMatchObject({ change: 'compatible', outcome: 'deployed' });
  expect(deployed.topics[0]?.columns).toEqual([
    'standardized.engine__oil_bar added',
    'curated.engine__oil_bar added',
  ]);
  expect(next.output).toMatchObject({ processed: 1, failed: 0 });
  expect(curated?.columns).toContainEqual({ name: 'engine__oil_bar', type: 'double' });
  const byReading = new Map(curated?.rows.map((row) => [row.reading_id, row]));
  expect(byReading.size).toBe(2);
  expect(byReading.get(2)).toMatchObject({ engine__rpm: 2200, engine__oil_bar: 3.75 });
  expect(byReading.get(1)).toMatchObject({ engine__rpm: 2100, engine__oil_bar: null });
});

describe('a breaking change runs the real rebuilder definition (fake Glue) on the execution the deployer started', () => {
  /** engine-temperature v1 deployed with RAW data, v2 (a field removed, rebuild: true) in the folder. */
  async function breakingChange(label: string) {
    const w = await world(label);
    const { names } = w.deployment;
    const lake = new FakeLake(
      env,
      {
        raw: names.rawDatabase,
        standardized: names.standardizedDatabase,
        curated: names.curatedDatabase,
      },
      join(w.deployment.workdir, 'lake'),
    );
    await lake.createDatabases();
    await lake.commit('raw', ENGINE);
    const glue = new FakeGlueJobs(lake, dynamoDb, names);
    const folder = w.deployment.topicsFolder('topics', [ENGINE]);
    await w.deployment.deploy(folder);
    editTopic(folder, ENGINE, (doc) => {
      doc.version = 2;
      doc.rebuild = true;
      delete doc.fields['engine.overheat'];
    });
    return { ...w, glue, folder, orchestration: w.orchestration(glue) };
  }

  it('keeps the topic REBUILDING while it runs; the deploy after it succeeded makes it ACTIVE', async () => {
    // Arrange: a deploy while the rebuild's standardize job runs
    const { deployment, rebuilds, glue, folder, orchestration, paused } =
      await breakingChange('dep-rebuild');
    let during: { report: unknown; item: unknown; paused: unknown } | undefined;
    glue.duringRun = async (run) => {
      if (run.job !== 'standardize') return;
      during = {
        report: (await deployment.deploy(folder)).topics[0],
        item: (await deployment.registry()).get(ENGINE),
        paused: await paused(ENGINE),
      };
    };

    // Act: deploy (starts the execution), run that execution, deploy twice more
    const started = await deployment.deploy(folder);
    const executionArn = started.topics[0]?.rebuildExecutionArn ?? '';
    const rebuild = await rebuilds.run(executionArn, orchestration);
    const finished = await deployment.deploy(folder);
    const again = await deployment.deploy(folder);
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    const current = await s3.send(
      new GetObjectCommand({
        Bucket: deployment.names.artifactsBucket,
        Key: `schemas/${ENGINE}.json`,
      }),
    );

    // Assess: started with the deterministic name and input, REBUILDING while it ran
    expect(started.topics[0]).toMatchObject({
      change: 'breaking',
      outcome: 'rebuilding',
      status: 'REBUILDING',
      rebuildStatus: 'RUNNING',
    });
    expect(executionArn).toMatch(
      /:execution:it-dep-rebuild-[a-z0-9]+-rebuilder:schema-engine-temperature-v2$/,
    );
    expect(JSON.parse(execution.input ?? '{}')).toEqual({
      topic: ENGINE,
      reason: 'schema engine-temperature v2: breaking change',
    });
    expect(await current.Body?.transformToString()).toBe(
      readFileSync(join(folder, `${ENGINE}.json`), 'utf8'),
    );
    expect(during?.report).toMatchObject({
      action: 'follow-rebuild',
      outcome: 'rebuilding',
      rebuildStatus: 'RUNNING',
      rebuildExecutionArn: executionArn,
    });
    expect(during?.item).toMatchObject({
      version: 2,
      status: 'REBUILDING',
      rebuild_execution_arn: executionArn,
    });
    expect(during?.paused).toBe(true);
    // the rebuilder rebuilt that topic from RAW and unpaused it
    expect(rebuild).toMatchObject({
      status: 'SUCCEEDED',
      output: { topic: ENGINE, rebuilt: true },
    });
    expect(glue.runs.map((run) => [run.job, run.mode, run.topics])).toEqual([
      ['standardize', 'rebuild', [ENGINE]],
      ['curate', 'rebuild', [ENGINE]],
    ]);
    expect(await paused(ENGINE)).toBe(false);
    // the next deploy follows it to the end; the one after has nothing to do
    expect(finished.topics[0]).toMatchObject({
      action: 'follow-rebuild',
      outcome: 'rebuilt',
      status: 'ACTIVE',
      rebuildStatus: 'SUCCEEDED',
    });
    expect((await deployment.registry()).get(ENGINE)).toMatchObject({
      version: 2,
      status: 'ACTIVE',
    });
    expect(again.topics[0]?.outcome).toBe('unchanged');
  });

  it('leaves the topic REBUILDING (and paused) when the rebuild failed; the deploy reports it', async () => {
    // Arrange: the curate rebuild job fails
    const { deployment, rebuilds, glue, folder, orchestration, paused } =
      await breakingChange('dep-rebuild-fail');
    glue.failWhen = (run) => run.job === 'curate';

    // Act
    const started = await deployment.deploy(folder);
    const executionArn = started.topics[0]?.rebuildExecutionArn ?? '';
    const rebuild = await rebuilds.run(executionArn, orchestration);
    const followed = await deployment.deploy(folder);

    // Assess
    expect(rebuild).toMatchObject({ status: 'FAILED', error: { Error: 'RebuildFailed' } });
    expect(followed.ok).toBe(false);
    expect(followed.topics[0]).toMatchObject({
      action: 'follow-rebuild',
      outcome: 'failed',
      rebuildStatus: 'FAILED',
    });
    expect(followed.topics[0]?.message).toMatch(/ended FAILED: the topic stays REBUILDING/);
    expect((await deployment.registry()).get(ENGINE)).toMatchObject({
      version: 2,
      status: 'REBUILDING',
    });
    expect(await paused(ENGINE)).toBe(true);
  });
});
