// The topic registry: load, validate, lint and compare topic files (schemas/topics/*.json).
// Pure logic plus file and git reading; no AWS imports, so Lambdas, the CLI and tests share it.
export { classifyChange } from './classifyChange';
export { columnNameForField } from './columnNameForField';
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
export { queueNameForTopic, queuePrefixFor } from './queueNameForTopic';
export { type ReadSourcesOptions, readTopicSources } from './readTopicSources';
export { readTopicSourcesFromGit } from './readTopicSourcesFromGit';
export { tableNameForTopic } from './tableNameForTopic';
export { topicJsonSchema } from './topicJsonSchema';
export type * from './types';
