import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { CreateStateMachineCommand, SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { resourceNames, tableNameForTopic } from '../../../lambdas/common/naming';
import { LOCAL_ACCOUNT } from '../../../scripts/local/localDeployment';
import { createTableIfAbsent } from '../../../scripts/local/provisionTables';
import { ensureRawTables } from '../../../scripts/local/run/rawWriter';
import { createDeployPorts } from '../../../scripts/ops/deploy/createDeployPorts';
import {
  type DeploySchemasOptions,
  deploySchemas,
} from '../../../scripts/ops/deploy/deploySchemas';
import type { RebuildStatusReader } from '../../../scripts/ops/deploy/ports';
import { repoRoot } from '../../../scripts/ops/repoRoot';
import { endpointEnv, uniqueName } from '../../harness/localAws';
import { rawEnvelope } from '../../helpers/rawEnvelopes';

const run = promisify(execFile);

type Layer = 'standardized' | 'curated';

export interface FixtureTable {
  layer: Layer;
  table: string;
  columns: { name: string; type: string }[];
  rows: object[];
}

/** The parts of a topic file the tests edit. */
export interface TopicDocument {
  version: number;
  owner: string;
  description: string;
  rebuild?: boolean;
  fields: Record<string, { type: string; nullable: boolean; cde: boolean; description: string }>;
}

// The deployer's adapters use lambdas/common/clients (process.env decides the endpoint), and the
// pyiceberg helper inherits process.env: point both at the shared local endpoint.
const env = endpointEnv();
Object.assign(process.env, env);

const common = {
  region: env.AWS_REGION ?? 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  endpoint: env.AWS_ENDPOINT_URL,
};
export const s3 = new S3Client({ ...common, forcePathStyle: true });
export const sfn = new SFNClient(common);
const dynamoDb = new DynamoDBClient(common);
const documents = DynamoDBDocumentClient.from(dynamoDb);

export const DEMO_TOPICS = join(repoRoot(), 'schemas', 'topics');

/**
 * One isolated deployment on the shared endpoint: its artifacts bucket, schema-registry table
 * and a local Iceberg warehouse for the Glue catalog; `deploy()` runs the real deployer with
 * the real adapters against it. `rebuildStatus` replaces DescribeExecution as the deployer's
 * source of rebuild statuses (see localRebuilds.ts).
 */
export async function createDeployment(
  label: string,
  options: { rebuildStatus?: RebuildStatusReader } = {},
) {
  const name = uniqueName(label);
  const names = resourceNames(name, LOCAL_ACCOUNT);
  const workdir = mkdtempSync(join(tmpdir(), `${name}-`));
  const warehouse = join(workdir, 'warehouse');
  await s3.send(new CreateBucketCommand({ Bucket: names.artifactsBucket }));
  await createTableIfAbsent(dynamoDb, names.schemaRegistryTable, ['topic']);
  const databaseOf = (layer: Layer) =>
    layer === 'curated' ? names.curatedDatabase : names.standardizedDatabase;
  const ports = () =>
    createDeployPorts({
      name,
      artifactsBucket: names.artifactsBucket,
      repoRoot: repoRoot(),
      rebuildStatus: options.rebuildStatus,
    });
  return {
    name,
    names,
    workdir,
    /** The Iceberg warehouse folder of the local Glue catalog (RAW writer, jobs, fixtures). */
    warehouse,
    /** A fresh set of adapters per call, as two deployer processes would have. */
    ports,
    deploy: (schemasDir: string, options: Partial<DeploySchemasOptions> = {}) =>
      deploySchemas(ports(), { schemasDir, root: workdir, deployedBy: 'it', ...options }),
    async registry() {
      const page = await documents.send(
        new ScanCommand({ TableName: names.schemaRegistryTable, ConsistentRead: true }),
      );
      return new Map((page.Items ?? []).map((item) => [String(item.topic), item]));
    },
    async objectKeys() {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: names.artifactsBucket }));
      return (page.Contents ?? []).map((object) => object.Key ?? '').sort();
    },
    /** A copy of some demo topics to edit, in the deployment's work folder. */
    topicsFolder(label: string, topics: string[]) {
      const folder = join(workdir, label);
      mkdirSync(folder);
      for (const topic of topics)
        cpSync(join(DEMO_TOPICS, `${topic}.json`), join(folder, `${topic}.json`));
      return folder;
    },
    async createRebuilder(definition: object) {
      await sfn.send(
        new CreateStateMachineCommand({
          name: `${name}-rebuilder`,
          roleArn: 'arn:aws:iam::000000000000:role/lean-ops-test-rebuilder',
          definition: JSON.stringify(definition),
        }),
      );
    },
    /** Creates tables standing in for what the Glue jobs wrote (one helper process). */
    async createTables(tables: FixtureTable[]) {
      await fixture(
        'create',
        tables.map((table) => ({
          ...table,
          database: databaseOf(table.layer),
          warehouse,
        })),
      );
    },
    /**
     * Lands device payloads in the topic's RAW table as Firehose delivers them: RAW envelopes
     * (docs/ingestion.md), one Iceberg append by scripts/local/raw_writer.py.
     */
    async landRaw(topic: string, payloads: object[]) {
      const spool = join(workdir, 'spool');
      const folder = join(spool, names.rawDatabase, tableNameForTopic(topic));
      mkdirSync(folder, { recursive: true });
      const envelopes = payloads.map((value, index) => {
        const payload = JSON.stringify(value);
        const at = Date.UTC(2026, 10, 25, 8, 0, index) * 1_000;
        return rawEnvelope({
          topic,
          message_id: randomUUID(),
          payload,
          sent_at: at,
          ingested_at: at,
          source_arn: `arn:aws:sqs:us-east-1:000000000000:${names.queueName(topic, false)}`,
        });
      });
      writeFileSync(
        join(folder, `${randomUUID()}.ndjson`),
        envelopes.map((envelope) => `${JSON.stringify(envelope)}\n`).join(''),
      );
      // Terraform creates a topic's RAW table; the local Firehose never does (Iceberg.NoSuchTable).
      await ensureRawTables(
        names.rawDatabase,
        [tableNameForTopic(topic)],
        warehouse,
        env,
        join(workdir, 'raw-tables.txt'),
      );
      await run(
        join(repoRoot(), '.venv', 'bin', 'python'),
        [
          join(repoRoot(), 'scripts', 'local', 'raw_writer.py'),
          '--spool',
          spool,
          '--warehouse',
          warehouse,
        ],
        { env: { ...process.env, ...env } },
      );
    },
    /** Reads tables' schemas and rows through the catalog (one helper process). */
    async readTables(tables: { layer: Layer; table: string }[]) {
      return (await fixture(
        'read',
        tables.map((table) => ({ database: databaseOf(table.layer), table: table.table })),
      )) as { columns: { name: string; type: string }[]; rows: Record<string, unknown>[] }[];
    },
  };
}

async function fixture(command: string, argument: object): Promise<unknown> {
  const { stdout } = await run(
    join(repoRoot(), '.venv', 'bin', 'python'),
    [
      join(repoRoot(), 'tests', 'integration', 'deploy', 'iceberg_fixture.py'),
      command,
      JSON.stringify(argument),
    ],
    { env: { ...process.env, ...env } },
  );
  return JSON.parse(stdout);
}

/** Edits one topic file in place (parsed, changed, written back). */
export function editTopic(folder: string, topic: string, edit: (doc: TopicDocument) => void): void {
  const file = join(folder, `${topic}.json`);
  const doc = JSON.parse(readFileSync(file, 'utf8')) as TopicDocument;
  edit(doc);
  writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
}
