import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import { FINDING_CODES, MAX_FINDINGS_PER_FILE } from './constants';
import { memberPath, pointerToPath, ROOT_PATH } from './jsonPath';
import { locateNearest } from './locateNearest';
import { makeFinding } from './makeFinding';
import { topicJsonSchema } from './topicJsonSchema';
import type { Finding, FindingCode, SourcePosition, TopicSchema } from './types';

let compiled: ValidateFunction<TopicSchema> | undefined;

function validator(): ValidateFunction<TopicSchema> {
  // Compiled once per process: compilation costs far more than validating 750 documents.
  compiled ??= new Ajv2020({
    allErrors: true,
    verbose: true,
    code: { optimize: false },
  }).compile<TopicSchema>(topicJsonSchema);
  return compiled;
}

const FIELD_TYPES_HINT =
  'use string, int, long, float, double, boolean, date, timestamp or decimal(p,s)';
const TOPIC_NAME_HINT =
  'use lowercase letters, digits, "_" and "-", starting with a letter, at most 48 characters';
const FIELD_PATH_HINT =
  'use letters, digits and "_" per segment (not starting with a digit), segments joined with "."';

/**
 * Checks a parsed document against schemas/topic.schema.json and turns every ajv error into a
 * finding with a stable code, a JSONPath and a fix hint.
 *
 * @example
 * const { findings } = validateTopicDocument('a.json', JSON.parse(text), () => undefined);
 */
export function validateTopicDocument(
  file: string,
  document: unknown,
  locate: (path: string) => SourcePosition | undefined,
): { schema?: TopicSchema; findings: Finding[] } {
  const validate = validator();
  if (validate(document)) return { schema: document, findings: [] };
  const findings: Finding[] = [];
  for (const error of validate.errors ?? []) {
    const mapped = mapError(error);
    if (!mapped) continue;
    findings.push(makeFinding({ file, ...mapped, position: locateNearest(mapped.path, locate) }));
  }
  if (findings.length <= MAX_FINDINGS_PER_FILE) return { findings };
  const kept = findings.slice(0, MAX_FINDINGS_PER_FILE);
  kept.push(
    makeFinding({
      code: FINDING_CODES.SCHEMA_TOO_MANY_FINDINGS,
      file,
      path: ROOT_PATH,
      message: `${findings.length - MAX_FINDINGS_PER_FILE} more schema findings not shown`,
      hint: 'fix the findings above and lint again',
    }),
  );
  return { findings: kept };
}

interface MappedError {
  code: FindingCode;
  path: string;
  message: string;
  hint: string;
}

function mapError(error: ErrorObject): MappedError | undefined {
  const at = pointerToPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'if' || error.keyword === 'propertyNames') return undefined;
  if (typeof params.propertyName === 'string' || typeof error.propertyName === 'string') {
    const name = String(error.propertyName ?? params.propertyName);
    return {
      code: FINDING_CODES.FIELD_PATH_INVALID,
      path: memberPath(at, name),
      message: `field path ${JSON.stringify(name)} is not valid (${error.message ?? 'invalid'})`,
      hint: FIELD_PATH_HINT,
    };
  }
  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      if (missing === 'orderBy' && error.schemaPath.includes('/then/')) {
        return {
          code: FINDING_CODES.DEDUP_ORDER_BY_MISSING,
          path: memberPath(at, missing),
          message: 'dedup keep "last" needs an "orderBy" field to decide which record is last',
          hint: 'add "orderBy" naming a timestamp or integer field, or use keep "first"',
        };
      }
      return {
        code: FINDING_CODES.SCHEMA_MISSING_KEY,
        path: memberPath(at, missing),
        message: `missing required key ${JSON.stringify(missing)}`,
        hint: `add ${JSON.stringify(missing)} (see schemas/topic.schema.json)`,
      };
    }
    case 'additionalProperties': {
      const extra = String(params.additionalProperty);
      const allowed = Object.keys(
        (error.parentSchema as { properties?: object } | undefined)?.properties ?? {},
      );
      return {
        code: FINDING_CODES.SCHEMA_UNKNOWN_KEY,
        path: memberPath(at, extra),
        message: `unknown key ${JSON.stringify(extra)}`,
        hint:
          allowed.length > 0
            ? `remove it or fix its spelling; allowed keys here: ${allowed.join(', ')}`
            : 'remove it',
      };
    }
    case 'type':
      return {
        code: FINDING_CODES.SCHEMA_WRONG_TYPE,
        path: at,
        message: `must be ${article(String(params.type))}, found ${describe(error.data)}`,
        hint: `change the value to ${article(String(params.type))}`,
      };
    case 'pattern':
      return mapPattern(at, error);
    case 'enum':
    case 'const': {
      const allowed = (params.allowedValues as unknown[] | undefined) ?? [params.allowedValue];
      return {
        code: FINDING_CODES.SCHEMA_INVALID_VALUE,
        path: at,
        message: `${JSON.stringify(error.data)} is not allowed here`,
        hint: `use one of: ${allowed.map((value) => JSON.stringify(value)).join(', ')}`,
      };
    }
    default:
      return {
        code: FINDING_CODES.SCHEMA_INVALID_VALUE,
        path: at,
        message: `value ${error.message ?? 'is invalid'}`,
        hint: 'see schemas/topic.schema.json for the allowed values',
      };
  }
}

function mapPattern(at: string, error: ErrorObject): MappedError {
  const value = JSON.stringify(error.data);
  if (at === '$.topic') {
    return {
      code: FINDING_CODES.TOPIC_NAME_INVALID,
      path: at,
      message: `topic name ${value} is not allowed`,
      hint: TOPIC_NAME_HINT,
    };
  }
  if (at.endsWith('.type')) {
    return {
      code: FINDING_CODES.FIELD_TYPE_INVALID,
      path: at,
      message: `unknown field type ${value}`,
      hint: FIELD_TYPES_HINT,
    };
  }
  return {
    code: FINDING_CODES.FIELD_PATH_INVALID,
    path: at,
    message: `field path ${value} is not valid`,
    hint: FIELD_PATH_HINT,
  };
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return article(typeof value);
}
