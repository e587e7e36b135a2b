export interface EnvironmentNames {
  project?: string;
  environment?: string;
}

const ASSIGNMENT = /^\s*(project|environment)\s*=\s*"([^"\\]*)"\s*(?:#.*|\/\/.*)?$/;

/**
 * Reads the `project = "..."` and `environment = "..."` string assignments of a tfvars file,
 * ignoring everything else (other variables, comments, blocks). Tolerant by design: it is not
 * an HCL parser, only the two names the queue prefix is built from.
 *
 * @example
 * parseTfvarsNames('project = "lean-ops"\nenvironment = "prod" # live\n');
 * // { project: 'lean-ops', environment: 'prod' }
 */
export function parseTfvarsNames(text: string): EnvironmentNames {
  const names: EnvironmentNames = {};
  for (const line of text.split(/\r?\n/)) {
    const match = ASSIGNMENT.exec(line);
    if (match?.[1] === 'project') names.project = match[2];
    if (match?.[1] === 'environment') names.environment = match[2];
  }
  return names;
}
