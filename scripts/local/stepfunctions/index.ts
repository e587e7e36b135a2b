export { type GlueJobRun, type GlueJobRunner, StatesTaskError } from '../../ops/glue/GlueJobRunner';
export { DEFINITION_VARIABLES, localDefinitionVariables } from './definitionVariables';
export { type ExecutionRecord, executeDefinition } from './executeDefinition';
export {
  checkpointsLambdaEnv,
  LocalOrchestration,
  type LocalOrchestrationOptions,
  localSparkGlueJobs,
  type OrchestratorOutput,
} from './LocalOrchestration';
export { provisionOrchestrationTables, registerTopics } from './provisionOrchestration';
export { readDefinitionTemplate, renderDefinition, templatePlaceholders } from './renderDefinition';
export { type RunLocalOrchestratorOptions, runLocalOrchestrator } from './runLocalOrchestrator';
export { SparkGlueJobRunner } from './SparkGlueJobRunner';
export { localTaskHandlers, taskStates } from './taskHandlers';
