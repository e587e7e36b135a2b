import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { repoRoot } from '../../ops/repoRoot';
import { DEFINITION_VARIABLES, type DefinitionVariables } from './definitionVariables';

export type StateMachineName = 'orchestrator' | 'rebuilder';

/** A template references a variable Terraform does not pass, or the result is not JSON. */
export class DefinitionTemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DefinitionTemplateError';
  }
}

const PLACEHOLDER = /\$\{([^}]*)\}/g;

/** The `${name}` placeholders a template uses, in order of first use. */
export function templatePlaceholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((match) => match[1] ?? ''))];
}

/**
 * Substitutes `${var}` as Terraform's templatefile() does for these files (plain interpolation;
 * strings go in as they are, numbers unquoted where the template leaves them unquoted) and parses
 * the result. An unknown placeholder fails here just as templatefile() would fail the plan.
 *
 * @example
 * renderDefinition(readDefinitionTemplate('orchestrator'), localDefinitionVariables(names));
 */
export function renderDefinition(
  template: string,
  variables: DefinitionVariables,
): StateMachineDefinition {
  const known = new Set<string>(DEFINITION_VARIABLES);
  const unknown = templatePlaceholders(template).filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new DefinitionTemplateError(`unknown template variables: ${unknown.join(', ')}`);
  }
  const rendered = template.replace(PLACEHOLDER, (_match, name: string) =>
    String(variables[name as keyof DefinitionVariables]),
  );
  try {
    return JSON.parse(rendered) as StateMachineDefinition;
  } catch (error) {
    throw new DefinitionTemplateError(
      `the rendered definition is not JSON: ${(error as Error).message}`,
    );
  }
}

/** The template file Terraform loads. */
export function definitionPath(name: StateMachineName): string {
  return join(repoRoot(), 'modules', 'orchestration', 'definitions', `${name}.asl.json`);
}

export function readDefinitionTemplate(name: StateMachineName): string {
  return readFileSync(definitionPath(name), 'utf8');
}
