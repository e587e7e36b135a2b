export interface EnvironmentNames {
  project?: string;
  environment?: string;
}

const ASSIGNMENT = /^\s*(project|environment)\s*=\s*"([^"\\]*)"\s*(?:#.*|\/\/.*)?$/;
const STRING_LITERAL = /"(?:[^"\\]|\\.)*"/g;

/**
 * Reads the top-level `project = "..."` and `environment = "..."` string assignments of a tfvars
 * file, ignoring everything else (other variables, comments, anything inside `{ }` or `[ ]`
 * blocks). Tolerant by design: not an HCL parser, only the two names the queue prefix is built
 * from.
 *
 * @example
 * parseTfvarsNames('project = "lean-ops"\nenvironment = "prod" # live\n');
 * // { project: 'lean-ops', environment: 'prod' }
 */
export function parseTfvarsNames(text: string): EnvironmentNames {
  const names: EnvironmentNames = {};
  let depth = 0;
  for (const line of text.split(/\r?\n/)) {
    const match = depth === 0 ? ASSIGNMENT.exec(line) : null;
    if (match?.[1] === 'project') names.project = match[2];
    if (match?.[1] === 'environment') names.environment = match[2];
    const code = line.replace(STRING_LITERAL, '""').replace(/(#|\/\/).*$/, '');
    for (const char of code) {
      if (char === '{' || char === '[') depth++;
      else if ((char === '}' || char === ']') && depth > 0) depth--;
    }
  }
  return names;
}
