// The schema deployer (docs/schemas.md "Lifecycle of a schema change"): pure planning from the
// linter's classification, adapters for S3, DynamoDB, the Glue catalog and Step Functions.
export { type ApplyOptions, applyPlan } from './applyPlan';
export { checkLintedHead } from './checkLintedHead';
export * from './constants';
export { createDeployPorts, type DeploymentTarget } from './createDeployPorts';
export { DynamoRegistryTable } from './DynamoRegistryTable';
export { deployedBase } from './deployedBase';
export { type DeployReport, type DeploySchemasOptions, deploySchemas } from './deploySchemas';
export * from './errors';
export { formatDeployText } from './formatDeployText';
export { PyIcebergTableEvolver } from './PyIcebergTableEvolver';
export { type PlanInput, planDeployment } from './planDeployment';
export type * from './ports';
export { S3SchemaStore } from './S3SchemaStore';
export {
  DescribeExecutionStatus,
  StepFunctionsRebuildStarter,
} from './StepFunctionsRebuildStarter';
export { tableEvolutions } from './tableEvolutions';
export * from './types';
