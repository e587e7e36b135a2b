import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  PutCommand,
  paginateScan,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { RegistryStatus } from './constants';
import { RegistryConflictError } from './errors';
import type { RegistryTable } from './ports';
import type { DeployedTopic, ExpectedItem } from './types';

/**
 * The `<name>-schema-registry` table (docs/naming.md: key `topic`; `version`, `sha256`,
 * `status`, `deployed_by`, `deployed_at`; plus `rebuild_execution_arn` for a breaking change).
 * Every write is conditional on the version (and status) the deployer planned from, so two
 * deployers racing cannot both apply and a rerun never moves a topic backwards.
 *
 * @example
 * const registry = new DynamoRegistryTable(documentClient(), 'lean-ops-dev-schema-registry');
 */
export class DynamoRegistryTable implements RegistryTable {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async readAll(): Promise<DeployedTopic[]> {
    const items: DeployedTopic[] = [];
    const pages = paginateScan(
      { client: this.client },
      { TableName: this.tableName, ConsistentRead: true },
    );
    for await (const page of pages) for (const item of page.Items ?? []) items.push(fromItem(item));
    return items;
  }

  async register(item: DeployedTopic, expected: ExpectedItem): Promise<void> {
    const condition = expected.exists
      ? {
          ConditionExpression: '#version = :expectedVersion AND #status = :expectedStatus',
          ExpressionAttributeNames: { '#version': 'version', '#status': 'status' },
          ExpressionAttributeValues: {
            ':expectedVersion': expected.version,
            ':expectedStatus': expected.status,
          },
        }
      : { ConditionExpression: 'attribute_not_exists(topic)' };
    await this.conditional(item.topic, expected, () =>
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            topic: item.topic,
            version: item.version,
            sha256: item.sha256,
            status: item.status,
            deployed_by: item.deployedBy,
            deployed_at: item.deployedAt,
          },
          ...condition,
        }),
      ),
    );
  }

  async transition(
    topic: string,
    version: number,
    from: RegistryStatus,
    to: RegistryStatus,
    audit: { deployedBy: string; deployedAt: string },
  ): Promise<void> {
    await this.conditional(topic, { exists: true, version, status: from }, () =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { topic },
          UpdateExpression: 'SET #status = :to, deployed_by = :by, deployed_at = :at',
          ConditionExpression: '#version = :version AND #status = :from',
          ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
          ExpressionAttributeValues: {
            ':to': to,
            ':from': from,
            ':version': version,
            ':by': audit.deployedBy,
            ':at': audit.deployedAt,
          },
        }),
      ),
    );
  }

  async recordRebuild(topic: string, version: number, executionArn: string): Promise<void> {
    await this.conditional(topic, { exists: true, version, status: 'REBUILDING' }, () =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { topic },
          UpdateExpression: 'SET rebuild_execution_arn = :arn',
          ConditionExpression: '#version = :version',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':arn': executionArn, ':version': version },
        }),
      ),
    );
  }

  private async conditional(
    topic: string,
    expected: ExpectedItem,
    write: () => Promise<unknown>,
  ): Promise<void> {
    try {
      await write();
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const wanted = expected.exists
        ? `version ${expected.version} (${expected.status})`
        : 'not registered yet';
      throw new RegistryConflictError(
        topic,
        `the registry item is no longer ${wanted}: another deployer applied first; rerun to see what is deployed now`,
        { cause: error },
      );
    }
  }
}

function fromItem(item: Record<string, unknown>): DeployedTopic {
  return {
    topic: String(item.topic),
    version: Number(item.version),
    sha256: typeof item.sha256 === 'string' ? item.sha256 : '',
    status: (typeof item.status === 'string' ? item.status : 'ACTIVE') as RegistryStatus,
    ...(typeof item.deployed_by === 'string' ? { deployedBy: item.deployed_by } : {}),
    ...(typeof item.deployed_at === 'string' ? { deployedAt: item.deployed_at } : {}),
    ...(typeof item.rebuild_execution_arn === 'string'
      ? { rebuildExecutionArn: item.rebuild_execution_arn }
      : {}),
  };
}
