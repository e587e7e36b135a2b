import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  AlreadyExistsException,
  CreateDatabaseCommand,
  CreateTableCommand,
  GetTableCommand,
  GlueClient,
  UpdateTableCommand,
} from '@aws-sdk/client-glue';
import type { SnapshotRef } from '../../../lambdas/common/checkpoints';
import { tableNameForTopic } from '../../../lambdas/common/naming';

export type Layer = 'raw' | 'standardized' | 'curated';

/**
 * Iceberg tables as the checkpoints Lambda sees them, without Spark: Glue Data Catalog tables on
 * the local endpoint whose `metadata_location` points at a metadata JSON on local disk. A commit
 * writes a new metadata file (new 64-bit snapshot id, sequence number + 1) and swaps the pointer,
 * as an Iceberg commit through the Glue catalog does.
 */
export class FakeLake {
  readonly glue: GlueClient;
  private readonly snapshots = new Map<string, SnapshotRef[]>();
  private files = 0;

  constructor(
    env: Record<string, string>,
    private readonly databases: Record<Layer, string>,
    private readonly dir: string,
  ) {
    this.glue = new GlueClient({
      region: env.AWS_REGION ?? 'us-east-1',
      endpoint: env.AWS_ENDPOINT_URL,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    mkdirSync(dir, { recursive: true });
  }

  async createDatabases(): Promise<void> {
    for (const name of Object.values(this.databases)) {
      try {
        await this.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: name } }));
      } catch (error) {
        if (!(error instanceof AlreadyExistsException)) throw error;
      }
    }
  }

  /** Creates the topic's table in `layer` with no snapshot yet. */
  async createTable(layer: Layer, topic: string): Promise<void> {
    this.snapshots.set(this.key(layer, topic), []);
    await this.glue.send(
      new CreateTableCommand({
        DatabaseName: this.databases[layer],
        TableInput: {
          Name: tableNameForTopic(topic),
          TableType: 'EXTERNAL_TABLE',
          Parameters: {
            table_type: 'ICEBERG',
            metadata_location: this.writeMetadata(layer, topic, []),
          },
        },
      }),
    );
  }

  /** One Iceberg commit on the topic's table in `layer`; creates the table on first use. */
  async commit(layer: Layer, topic: string): Promise<SnapshotRef> {
    if (!this.snapshots.has(this.key(layer, topic))) await this.createTable(layer, topic);
    const history = this.snapshots.get(this.key(layer, topic)) ?? [];
    const snapshot: SnapshotRef = {
      // 63 random bits, signed like Java longs: far beyond Number.MAX_SAFE_INTEGER.
      snapshotId: BigInt.asIntN(64, BigInt(`0x${randomBytes(8).toString('hex')}`)).toString(),
      sequenceNumber: (history.at(-1)?.sequenceNumber ?? 0) + 1,
    };
    history.push(snapshot);
    const location = this.writeMetadata(layer, topic, history);
    await this.glue.send(
      new UpdateTableCommand({
        DatabaseName: this.databases[layer],
        TableInput: {
          Name: tableNameForTopic(topic),
          TableType: 'EXTERNAL_TABLE',
          Parameters: { table_type: 'ICEBERG', metadata_location: location },
        },
      }),
    );
    return snapshot;
  }

  current(layer: Layer, topic: string): SnapshotRef | undefined {
    return this.snapshots.get(this.key(layer, topic))?.at(-1);
  }

  async metadataLocation(layer: Layer, topic: string): Promise<string | undefined> {
    const response = await this.glue.send(
      new GetTableCommand({ DatabaseName: this.databases[layer], Name: tableNameForTopic(topic) }),
    );
    return response.Table?.Parameters?.metadata_location;
  }

  private key(layer: Layer, topic: string): string {
    return `${layer}/${topic}`;
  }

  /** Written as text so 64-bit ids stay exact, as Java's Iceberg writes them. */
  private writeMetadata(layer: Layer, topic: string, history: readonly SnapshotRef[]): string {
    const current = history.at(-1)?.snapshotId ?? '-1';
    const snapshots = history.map(
      (s) => `{"snapshot-id":${s.snapshotId},"sequence-number":${s.sequenceNumber}}`,
    );
    const text = `{"format-version":2,"last-sequence-number":${history.length},"current-snapshot-id":${current},"snapshots":[${snapshots.join(',')}]}`;
    this.files += 1;
    const path = join(
      this.dir,
      `${layer}-${tableNameForTopic(topic)}-${String(this.files).padStart(6, '0')}.metadata.json`,
    );
    writeFileSync(path, text);
    return pathToFileURL(path).href;
  }
}
