// The topic registry: load, validate, lint and compare topic files (schemas/topics/*.json).
// Operator and CI tooling (lint-schemas, gen-topics, deploy-schemas); no AWS imports. Name rules
// live in lambdas/common/naming, which the Lambdas share.
export { classifyChange } from './classifyChange';
export * from './constants';
export { RegistryError, RegistrySourceError } from './errors';
export {
  type FieldType,
  isFloatingPoint,
  isOrderable,
  isValidDecimal,
  isWidening,
  parseFieldType,
} from './fieldType';
export { formatGithubAnnotations } from './formatGithubAnnotations';
export { formatLintText } from './formatLintText';
export { type GenerateTopicsOptions, generateTopics } from './generateTopics';
export { memberPath, pointerToPath, ROOT_PATH } from './jsonPath';
export { DEFAULT_QUEUE_PREFIXES, lintRegistry } from './lintRegistry';
export { lintTopic } from './lintTopic';
export { loadQueuePrefixes, type QueuePrefixes } from './loadQueuePrefixes';
export { loadRegistry, loadRegistryFromGit, registryFromSources } from './loadRegistry';
export { parseJsonStrict } from './parseJsonStrict';
export { type EnvironmentNames, parseTfvarsNames } from './parseTfvarsNames';
export { parseTopicFile } from './parseTopicFile';
export { type ReadSourcesOptions, readTopicSources } from './readTopicSources';
export { readTopicSourcesFromGit } from './readTopicSourcesFromGit';
export { topicJsonSchema } from './topicJsonSchema';
export type * from './types';
