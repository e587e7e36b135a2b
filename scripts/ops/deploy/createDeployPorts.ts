import { join } from 'node:path';
import { documentClient } from '../../../lambdas/common/clients/dynamoDb';
import { s3Client } from '../../../lambdas/common/clients/s3';
import { sfnClient } from '../../../lambdas/common/clients/sfn';
import { deploymentNames } from '../../../lambdas/common/naming';
import { DynamoRegistryTable } from './DynamoRegistryTable';
import { PyIcebergTableEvolver } from './PyIcebergTableEvolver';
import type { DeployPorts, RebuildStatusReader } from './ports';
import { S3SchemaStore } from './S3SchemaStore';
import { StepFunctionsRebuildStarter } from './StepFunctionsRebuildStarter';

export interface DeploymentTarget {
  /** Deployment name `<project>-<env>` (docs/naming.md). */
  name: string;
  artifactsBucket: string;
  /** Repository root: where .venv and scripts/ops/deploy/evolve_tables.py are. */
  repoRoot: string;
  /** Python with pyiceberg (default <repo>/.venv/bin/python; LEAN_OPS_PYTHON overrides). */
  python?: string;
  /** Where rebuild statuses are read (default DescribeExecution); the local harness serves its own runs. */
  rebuildStatus?: RebuildStatusReader;
}

/**
 * The AWS adapters of one deployment, named per docs/naming.md. The SDK clients honour
 * AWS_ENDPOINT_URL, so the same wiring deploys to AWS or to the local endpoint.
 *
 * @example
 * const ports = createDeployPorts({ name: 'lean-ops-dev', artifactsBucket, repoRoot: repoRoot() });
 */
export function createDeployPorts(target: DeploymentTarget): DeployPorts {
  const names = deploymentNames(target.name);
  return {
    schemas: new S3SchemaStore(s3Client(), target.artifactsBucket),
    registry: new DynamoRegistryTable(documentClient(), names.schemaRegistryTable),
    tables: new PyIcebergTableEvolver({
      python:
        target.python ??
        process.env.LEAN_OPS_PYTHON ??
        join(target.repoRoot, '.venv', 'bin', 'python'),
      script: join(target.repoRoot, 'scripts', 'ops', 'deploy', 'evolve_tables.py'),
      standardizedDatabase: names.standardizedDatabase,
      curatedDatabase: names.curatedDatabase,
    }),
    rebuilder: new StepFunctionsRebuildStarter(
      sfnClient(),
      names.stateMachine('rebuilder'),
      target.rebuildStatus,
    ),
  };
}
